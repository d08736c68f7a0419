-- Stock in transit with an ETA; it counts only once received. The same shipment id sent again replaces it.
-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, shipment_id, qty, eta_ms
local sku, shipment, qty, eta = ARGV[ARG0 + 1], ARGV[ARG0 + 2], tonumber(ARGV[ARG0 + 3]), tonumber(ARGV[ARG0 + 4])
local early = sku_verb_start('add_incoming', sku)
if early then return early end
if string.sub(shipment, 1, 5) == 'xfer-' then  -- issue 17: the id space of transfers in transit
  return reject('reserved_shipment_id', 'shipment ids starting xfer- belong to transfers', {shipment_id = shipment})
end
local old = redis.call('HGET', KEYS[2 + INCOMING], shipment)
if old then
  redis.call('HINCRBY', KEYS[2], 'incoming', -cjson.decode(old).qty)
end
redis.call('HSET', KEYS[2 + INCOMING], shipment, cjson.encode({qty = qty, eta_ms = eta}))
redis.call('HINCRBY', KEYS[2], 'incoming', qty)
move(2, sku, 'incoming', qty, sellable_of(KEYS[2]), {ref = shipment, eta_ms = eta, op = OP})
return op_done(2, 'add_incoming', {'done', cjson.encode({sku = sku, shipment_id = shipment, qty = qty, eta_ms = eta})})
