-- A transfer in transit arrives (issue 17): its units become the destination's stock.
-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, transfer_id
local sku, id = ARGV[ARG0 + 1], ARGV[ARG0 + 2]
local t, answer = transfer_of('transfer_receive', sku, id, 'in_transit', 'transfer_not_in_transit')
if not t then return answer end
local before = sku_before(sku)
wh_add(2, t.to, 'incoming', -t.qty)
wh_add(2, t.to, 'on_hand', t.qty)
redis.call('HINCRBY', KEYS[2], 'incoming', -t.qty)
redis.call('HINCRBY', KEYS[2], 'on_hand', t.qty)
redis.call('HDEL', KEYS[2 + INCOMING], 'xfer-' .. id)
t.status, t.received_by, t.received_at = 'received', ACTOR, NOW
redis.call('HSET', KEYS[2 + XFERS], id, cjson.encode(t))
log_move(2, sku, 'transfer_in', t.qty, before, {ref = id, warehouse = t.to, from = t.from, op = OP})
return op_done(2, 'transfer_receive', {'done', cjson.encode(t)})
