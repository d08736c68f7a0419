-- Takes up to N due deliveries for one sender: each is pushed a lease into the future, so a sender that dies
-- mid-send leaves it due again once the lease runs out (and two senders never take the same one).
-- KEYS[1] due zset, KEYS[2] deliveries hash; ARGV[1] now (ms), ARGV[2] lease (ms), ARGV[3] max
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
  local body = redis.call('HGET', KEYS[2], id)
  if body then out[#out + 1] = body else redis.call('ZREM', KEYS[1], id) end
end
return out
