-- Cancels a transfer (issue 17): a proposal is dropped; units in transit go back to the source's stock.
-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, transfer_id, reason
local sku, id, reason = ARGV[ARG0 + 1], ARGV[ARG0 + 2], ARGV[ARG0 + 3]
local t, answer = transfer_of('transfer_cancel', sku, id)
if not t then return answer end
if t.status == 'cancelled' then return {'done', cjson.encode(t)} end
if t.status == 'received' then
  return reject('transfer_received', 'transfer ' .. id .. ' has arrived; move the units back with a new transfer',
    {transfer_id = id, status = t.status})
end
local before = sku_before(sku)
if t.status == 'in_transit' then
  wh_add(2, t.to, 'incoming', -t.qty)
  wh_add(2, t.from, 'on_hand', t.qty)
  redis.call('HINCRBY', KEYS[2], 'incoming', -t.qty)
  redis.call('HINCRBY', KEYS[2], 'on_hand', t.qty)
  redis.call('HDEL', KEYS[2 + INCOMING], 'xfer-' .. id)
end
local was = t.status
t.status, t.cancelled_by, t.cancelled_at, t.cancel_reason = 'cancelled', ACTOR, NOW, reason
redis.call('HSET', KEYS[2 + XFERS], id, cjson.encode(t))
local back = 0
if was == 'in_transit' then back = t.qty end
log_move(2, sku, 'transfer_cancel', back, before, {ref = id, warehouse = t.from, to = t.to, was = was, reason = reason, op = OP})
return op_done(2, 'transfer_cancel', {'done', cjson.encode(t)})
