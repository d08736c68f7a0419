-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, shipment_id
local sku, shipment = ARGV[ARG0 + 1], ARGV[ARG0 + 2]
if redis.call('EXISTS', KEYS[2]) == 0 then
  return reject(404, 'unknown_sku', 'SKU ' .. sku .. ' is not in the ledger', {sku = sku})
end
-- Before the shipment lookup: a replayed receive must answer "received", not "no such shipment".
local seen = op_replay(2, 'receive_incoming')
if seen then return seen end
local raw = redis.call('HGET', KEYS[2 + 8], shipment)
if not raw then
  return op_done(2, 'receive_incoming', reject(404, 'shipment_not_found',
    'no incoming shipment ' .. shipment .. ' for ' .. sku, {sku = sku, shipment_id = shipment}))
end
local qty = cjson.decode(raw).qty
if cjson.decode(raw).transfer then  -- issue 17: a transfer arrives through its own verb (its record moves too)
  return reject(409, 'transfer_shipment', shipment .. ' is transfer ' .. cjson.decode(raw).transfer .. ': receive the transfer',
    {sku = sku, shipment_id = shipment, transfer_id = cjson.decode(raw).transfer})
end
purge_block(2, sku)
local before = sellable_of(KEYS[2])
redis.call('HDEL', KEYS[2 + 8], shipment)
redis.call('HINCRBY', KEYS[2], 'incoming', -qty)
redis.call('HINCRBY', KEYS[2], 'on_hand', qty)
redis.call('HINCRBY', KEYS[2], 'restocked', qty)
wh_add(2, cjson.decode(raw).warehouse or wh_primary(2), 'on_hand', qty)  -- issue 17
move(KEYS[2], sku, 'restock', qty, before, {ref = shipment, reason = 'shipment received', op = OP,
  warehouse = cjson.decode(raw).warehouse or wh_primary(2)})
return op_done(2, 'receive_incoming',
  {200, cjson.encode({sku = sku, shipment_id = shipment, received = qty, sellable = sellable_of(KEYS[2])})})
