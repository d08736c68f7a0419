-- A sale by a viewer who heard of the variant's return: counted once per viewer and variant, and once per
-- waitlist hold confirmed into an order (a replayed movement counts nothing again).
-- KEYS: [1] notified hash of the SKU, [2] stats hash
-- ARGV: [1] buyer, [2] sku, [3] hold id ('' when the sale came without a hold), [4] retention ms
local buyer, sku, hold = ARGV[1], ARGV[2], ARGV[3]
local counted = 0
if hold ~= '' and redis.call('HSETNX', KEYS[2], 'hold-bought:' .. hold, 1) == 1 then
  redis.call('HINCRBY', KEYS[2], 'bought_within_hold', 1)
  redis.call('HINCRBY', KEYS[2], 'bought_within_hold|' .. sku, 1)
  counted = 1
end
if redis.call('HEXISTS', KEYS[1], buyer) == 1 and redis.call('HSETNX', KEYS[2], 'bought:' .. sku .. '|' .. buyer, 1) == 1 then
  redis.call('HINCRBY', KEYS[2], 'bought_after_notice', 1)
  redis.call('HINCRBY', KEYS[2], 'bought_after_notice|' .. sku, 1)
  counted = 1
end
if counted == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
return counted
