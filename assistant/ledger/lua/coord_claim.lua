-- Claims an order or hold id in its home bucket: the one place an id's use is remembered on every path.
-- KEYS: claim hash, pending zset (same bucket).  ARGV: fingerprint, buckets (JSON), state, keep_ms, now, deadline,
-- hold id (the per-bucket hold a multi-bucket order confirms), own ('1': the coordinator placed those holds).
-- Answers {0} when claimed now, {1, state, buckets, response} for the same fingerprint, {2} for another one.
local seen = redis.call('HMGET', KEYS[1], 'fp', 'state', 'buckets', 'response')
if seen[1] then
  if seen[1] ~= ARGV[1] then return {2} end
  return {1, seen[2], seen[3], seen[4] or ''}
end
redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'buckets', ARGV[2], 'state', ARGV[3], 'created', ARGV[5],
  'deadline', ARGV[6], 'hold', ARGV[7], 'own', ARGV[8])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if ARGV[3] == 'holding' then redis.call('ZADD', KEYS[2], ARGV[6], KEYS[1]) end
return {0}
