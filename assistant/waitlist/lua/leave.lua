-- A viewer leaves waitlists in one room: the ones named in KEYS[4..], each one's SKU in ARGV.
-- KEYS: [1] last-join hash, [2] stats hash, [3] room SKUs zset, then one waiters zset per SKU
-- ARGV: [1] viewer id, then one sku per waiters key
-- Returns the SKUs the viewer was on and is not any more.
local viewer = ARGV[1]
local left = {}
for i = 4, #KEYS do
  local sku = ARGV[i - 2]
  if redis.call('ZREM', KEYS[i], viewer) == 1 then
    table.insert(left, sku)
    redis.call('HINCRBY', KEYS[2], 'left', 1)
    redis.call('HINCRBY', KEYS[2], 'left|' .. sku, 1)
  end
  if redis.call('EXISTS', KEYS[i]) == 0 then redis.call('ZREM', KEYS[3], sku) end
end
if #left > 0 then redis.call('HDEL', KEYS[1], viewer) end
return left
