-- KEYS: movements, one SKU block.  ARGV: now, maxlen, actor, sku, qty, reason
local sku, qty, reason = ARGV[4], tonumber(ARGV[5]), ARGV[6]
if redis.call('EXISTS', KEYS[2]) == 0 then
  return reject(404, 'unknown_sku', 'SKU ' .. sku .. ' is not in the ledger', {sku = sku})
end
purge_block(2, sku)
local before = sellable_of(KEYS[2])
redis.call('HINCRBY', KEYS[2], 'on_hand', qty)
redis.call('HINCRBY', KEYS[2], 'restocked', qty)
move(KEYS[2], sku, 'restock', qty, before, {reason = reason})
return {200, cjson.encode({sku = sku, restocked = qty, sellable = sellable_of(KEYS[2])})}
