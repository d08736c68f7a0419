-- KEYS: movements, order, then one SKU block per stored line (in stored order).
-- ARGV: head (see prelude), order_id, reason
-- The order record remembers which operation cancelled it, so that operation sent again answers "changed" as
-- the first time did, while any other cancel of a cancelled order answers "no change".
local order_key = KEYS[2]
local order_id, reason = ARGV[ARG0 + 1], ARGV[ARG0 + 2]
local o = redis.call('HMGET', order_key, 'status', 'lines', 'buyer', 'channel', 'stream', 'cancel_op', 'cancel_response',
  'region', 'bundles')
REGION = o[8] or ''  -- issue 17
if not o[1] then
  return reject('order_not_found', 'order ' .. order_id .. ' is not known', {order_id = order_id})
end
if o[1] == 'cancelled' then
  if o[6] == OP and o[7] then return {'done', o[7], 1} end
  return {'done', cjson.encode({order_id = order_id, status = 'cancelled', changed = false})}
end
if o[1] == 'accepted' and not o[2] then
  return reject('order_final', 'order ' .. order_id .. ' is past its cancel window; its record keeps only its answer',
    {order_id = order_id})
end
if o[1] ~= 'accepted' then
  return reject('order_not_accepted', 'order ' .. order_id .. ' was ' .. o[1] .. ', there is nothing to cancel', {order_id = order_id})
end
local lines = cjson.decode(o[2])
local changed = lines_changed(3, lines, 'order_changed', 'order ' .. order_id .. ' lines changed while cancelling',
  {order_id = order_id})
if changed then return changed end
for i, line in ipairs(lines) do
  local b = line_block(3, i)
  purge_block(b, line.sku)
  local before = sellable_of(KEYS[b])
  book_sale(b, line.qty, o[3], o[4], o[5], -1)
  if line.alloc then wh_book_sold(b, line.alloc, -1) end  -- issue 17
  redis.call('HINCRBY', KEYS[b], 'cancelled', line.qty)
  move(b, line.sku, 'cancel', line.qty, before, {ref = order_id, channel = o[4], stream = o[5], reason = reason, op = OP,
    alloc = line.alloc and alloc_text(line.alloc) or nil, bundles = o[9]})
end
local response = cjson.encode({order_id = order_id, status = 'cancelled', changed = true})
redis.call('HSET', order_key, 'status', 'cancelled', 'cancelled_at', NOW, 'cancel_op', OP, 'cancel_response', response)
compact_order(order_key)  -- cancelled is final (its compact-due entry, if any, finds it compacted)
return {'done', response}
