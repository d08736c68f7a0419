-- KEYS: movements, one SKU block.  ARGV: now, maxlen, actor, sku, shipment_id
local sku, shipment = ARGV[4], ARGV[5]
local raw = redis.call('HGET', KEYS[2 + 8], shipment)
if not raw then
  return reject(404, 'shipment_not_found', 'no incoming shipment ' .. shipment .. ' for ' .. sku, {sku = sku, shipment_id = shipment})
end
local qty = cjson.decode(raw).qty
purge_block(2, sku)
local before = sellable_of(KEYS[2])
redis.call('HDEL', KEYS[2 + 8], shipment)
redis.call('HINCRBY', KEYS[2], 'incoming', -qty)
redis.call('HINCRBY', KEYS[2], 'on_hand', qty)
redis.call('HINCRBY', KEYS[2], 'restocked', qty)
move(KEYS[2], sku, 'restock', qty, before, {ref = shipment, reason = 'shipment received'})
return {200, cjson.encode({sku = sku, shipment_id = shipment, received = qty, sellable = sellable_of(KEYS[2])})}
