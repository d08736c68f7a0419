-- Confirms a proposed transfer (issue 17): its units leave the source at once and are incoming at the
-- destination with the ETA (a shipment 'xfer-<id>' the alert engine and replenishment maths already read).
-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, transfer_id
local sku, id = ARGV[ARG0 + 1], ARGV[ARG0 + 2]
local t, answer = transfer_of('transfer_confirm', sku, id, 'proposed', 'transfer_not_proposed')
if not t then return answer end
-- A proposal confirmed after its expiry is refused (a stale 'move 20 units' an hour later moves nothing).
if num(t.expires_ms) > 0 and NOW > t.expires_ms then
  return reject('transfer_expired', 'transfer ' .. id .. ' expired ' .. math.floor((NOW - t.expires_ms) / 1000)
    .. ' s ago without being confirmed; propose it again', {transfer_id = id, expires_ms = t.expires_ms})
end
purge_block(2, sku)
local available = wh_available(2, t.from)
if t.qty > available then
  return reject('insufficient_stock', 'only ' .. available .. ' of ' .. sku .. ' can leave ' .. t.from .. ' now, '
    .. t.qty .. ' proposed', {sku = sku, warehouse = t.from, requested = t.qty, available = available, transfer_id = id})
end
local before = sellable_of(KEYS[2])
wh_add(2, t.from, 'on_hand', -t.qty)
wh_add(2, t.to, 'incoming', t.qty)
redis.call('HINCRBY', KEYS[2], 'on_hand', -t.qty)
redis.call('HINCRBY', KEYS[2], 'incoming', t.qty)
redis.call('HSET', KEYS[2 + INCOMING], 'xfer-' .. id, cjson.encode({qty = t.qty, eta_ms = t.eta_ms, warehouse = t.to, transfer = id}))
t.status, t.confirmed_by, t.confirmed_at = 'in_transit', ACTOR, NOW
redis.call('HSET', KEYS[2 + XFERS], id, cjson.encode(t))
log_move(2, sku, 'transfer_out', -t.qty, before, {ref = id, warehouse = t.from, to = t.to, eta_ms = t.eta_ms, op = OP})
return op_done(2, 'transfer_confirm', {'done', cjson.encode(t)})
