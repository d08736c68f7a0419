-- Before a batch is answered: per comment, its kept result, or a claim so that one request answers it.
-- KEYS: one result key per comment (all under the stream's hash tag).
-- ARGV: [1] claim PX (ms), then per key the claim value ('pending <fingerprint>').
-- Returns per key the stored value (a kept result, or another request's claim), or false when claimed now.
local out = {}
for i, key in ipairs(KEYS) do
  local kept = redis.call('GET', key)
  if kept then
    out[i] = kept
  else
    redis.call('SET', key, ARGV[i + 1], 'PX', ARGV[1])
    out[i] = false
  end
end
return out
