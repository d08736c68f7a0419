-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, shipment_id
local sku, shipment = ARGV[ARG0 + 1], ARGV[ARG0 + 2]
-- Before the shipment lookup: a replayed receive must answer "received", not "no such shipment".
local early = sku_verb_start('receive_incoming', sku)
if early then return early end
local raw = redis.call('HGET', KEYS[2 + INCOMING], shipment)
if not raw then
  return op_done(2, 'receive_incoming', reject('shipment_not_found',
    'no incoming shipment ' .. shipment .. ' for ' .. sku, {sku = sku, shipment_id = shipment}))
end
local qty = cjson.decode(raw).qty
if cjson.decode(raw).transfer then  -- issue 17: a transfer arrives through its own verb (its record moves too)
  return reject('transfer_shipment', shipment .. ' is transfer ' .. cjson.decode(raw).transfer .. ': receive the transfer',
    {sku = sku, shipment_id = shipment, transfer_id = cjson.decode(raw).transfer})
end
local before = sku_before(sku)
redis.call('HDEL', KEYS[2 + INCOMING], shipment)
redis.call('HINCRBY', KEYS[2], 'incoming', -qty)
redis.call('HINCRBY', KEYS[2], 'on_hand', qty)
redis.call('HINCRBY', KEYS[2], 'restocked', qty)
wh_add(2, cjson.decode(raw).warehouse or wh_primary(2), 'on_hand', qty)  -- issue 17
move(2, sku, 'restock', qty, before, {ref = shipment, reason = 'shipment received', op = OP,
  warehouse = cjson.decode(raw).warehouse or wh_primary(2)})
return op_done(2, 'receive_incoming',
  {'done', cjson.encode({sku = sku, shipment_id = shipment, received = qty, sellable = sellable_of(KEYS[2])})})
