-- The opening round trip of a comments response: per comment its kept result, or a claim so that one request
-- answers it; and what the response reports besides, read in the same trip: the room's reply budget and its
-- next back-in-stock notice parts. Every key carries the stream's hash tag (one Cluster slot).
-- (prelude: _outbox)
-- KEYS: [1] reply budget hash, [2] notice outbox cursor, [3] notice outbox stream, then one result key per comment.
-- ARGV: [1] claim PX (ms), [2] notice parts to read (0: none), then per result key its claim value
--       ('pending <fingerprint>').
-- Returns {budget tokens or false, budget updated_ms or false, outbox cursor or '', parts, then per result key
-- the stored value (a kept result, or another request's claim), or false when claimed now}.
local budget = redis.call('HMGET', KEYS[1], 'tokens', 'updated_ms')
local cursor, parts = '', {}
if tonumber(ARGV[2]) > 0 then
  cursor, parts = outbox_after(KEYS[2], KEYS[3], ARGV[2])
end
local out = {budget[1], budget[2], cursor, parts}
for i = 4, #KEYS do
  local kept = redis.call('GET', KEYS[i])
  if kept then
    out[#out + 1] = kept
  else
    redis.call('SET', KEYS[i], ARGV[i - 1], 'PX', ARGV[1])
    out[#out + 1] = false
  end
end
return out
