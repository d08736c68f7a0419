-- A viewer joins one variant's waitlist in one room (their own id only; joining again changes nothing).
-- KEYS: [1] waiters zset, [2] viewers hash, [3] last-join hash, [4] room SKUs zset, [5] stats hash
-- ARGV: [1] now ms, [2] retention ms, [3] viewer id, [4] viewer JSON, [5] sku
-- Returns {1 when newly added else 0, waitlist size}.
local now, keep = tonumber(ARGV[1]), tonumber(ARGV[2])
local viewer, sku = ARGV[3], ARGV[5]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - keep))
local added = redis.call('ZADD', KEYS[1], 'NX', now, viewer)
redis.call('HSET', KEYS[2], viewer, ARGV[4])
redis.call('HSET', KEYS[3], viewer, sku)
redis.call('ZADD', KEYS[4], now, sku)
if added == 1 then
  redis.call('HINCRBY', KEYS[5], 'joined', 1)
  redis.call('HINCRBY', KEYS[5], 'joined|' .. sku, 1)
end
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], keep) end
return {added, redis.call('ZCARD', KEYS[1])}
