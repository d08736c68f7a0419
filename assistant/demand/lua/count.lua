-- One stream's batch of counts (see counting.CountBatch.queue), in one call.
-- The batch travels as one JSON argument: a few thousand separate arguments cost more to pack in redis-py
-- than Redis spends executing them, while json.dumps and cjson.decode take microseconds.
-- ARGV[1] the TTL in seconds; ARGV[2] JSON {"i": [...], "z": [...], "s": [...], "l": [...]} where
-- every op names its key by its index in KEYS (all one stream's keys: one hash tag, one Cluster slot):
--   i: [key, field, delta]          HINCRBY
--   z: [key, [score, member, ...]]  ZADD GT (an asker's score only moves forward), chunked for unpack's limit
--   s: [key, field, value]          HSETNX
--   l: [key, keep, [text, ...]]     LPUSH, then LTRIM to the newest `keep`
-- Every KEYS entry then gets the TTL: a key lives the retention period after its last write.
local ttl = ARGV[1]
local batch = cjson.decode(ARGV[2])
for _, op in ipairs(batch.i or {}) do redis.call('HINCRBY', KEYS[op[1]], op[2], op[3]) end
for _, op in ipairs(batch.z or {}) do
  local pairs_ = op[2]
  for c = 1, #pairs_, 1000 do
    redis.call('ZADD', KEYS[op[1]], 'GT', unpack(pairs_, c, math.min(c + 999, #pairs_)))
  end
end
for _, op in ipairs(batch.s or {}) do redis.call('HSETNX', KEYS[op[1]], op[2], op[3]) end
for _, op in ipairs(batch.l or {}) do
  redis.call('LPUSH', KEYS[op[1]], unpack(op[3]))
  redis.call('LTRIM', KEYS[op[1]], 0, op[2] - 1)
end
for k = 1, #KEYS do
  -- Refreshing a TTL that is nearly full would only add AOF writes: a ten-minute slack is plenty.
  if redis.call('TTL', KEYS[k]) < ttl - 600 then redis.call('EXPIRE', KEYS[k], ttl) end
end
return #KEYS
