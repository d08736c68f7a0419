-- Viewers join variants' waitlists in one room (each their own id only; joining again changes nothing).
-- One call per comment batch: every key is the room's (one hash tag, one Cluster slot).
-- KEYS: [1] viewers hash, [2] last-join hash, [3] room SKUs zset, [4] stats hash, then one waiters zset per SKU
-- ARGV: [1] now ms, [2] retention ms, [3] n, then per join: viewer id, viewer JSON, sku, its waiters key's index
-- Returns per join {1 when newly added else 0, that waitlist's size}.
local now, keep, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local purged, out = {}, {}
for i = 1, n do
  local viewer, about, sku = ARGV[4 * i], ARGV[4 * i + 1], ARGV[4 * i + 2]
  local waiters = KEYS[tonumber(ARGV[4 * i + 3])]
  if not purged[waiters] then
    redis.call('ZREMRANGEBYSCORE', waiters, '-inf', '(' .. (now - keep))
    purged[waiters] = true
  end
  local added = redis.call('ZADD', waiters, 'NX', now, viewer)
  redis.call('HSET', KEYS[1], viewer, about)
  redis.call('HSET', KEYS[2], viewer, sku)
  redis.call('ZADD', KEYS[3], now, sku)
  if added == 1 then
    redis.call('HINCRBY', KEYS[4], 'joined', 1)
    redis.call('HINCRBY', KEYS[4], 'joined|' .. sku, 1)
  end
  out[i] = {added, redis.call('ZCARD', waiters)}
end
for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], keep) end
return out
