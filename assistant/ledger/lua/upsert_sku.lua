-- Catalog load: a new SKU gets its on_hand; a known one keeps its live counts unless reset.
-- KEYS: movements, one SKU block.  ARGV: now, maxlen, actor, sku, product_id, on_hand, safety, reset ('1'/'0')
local sku, product, on_hand, safety, reset = ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8] == '1'
local exists = redis.call('EXISTS', KEYS[2]) == 1
if exists and not reset then
  if redis.call('HGET', KEYS[2], 'product') ~= product then redis.call('HSET', KEYS[2], 'product', product) end
  return 'kept'
end
local before, in_transit = 0, 0
if exists then
  before = sellable_of(KEYS[2])
  for i = 0, 7 do redis.call('DEL', KEYS[2 + i]) end
  -- Shipments in transit are kept (they are still coming), so the incoming counter must keep counting them.
  for _, raw in ipairs(redis.call('HVALS', KEYS[2 + 8])) do in_transit = in_transit + cjson.decode(raw).qty end
end
redis.call('HSET', KEYS[2], 'product', product, 'on_hand', on_hand, 'safety', safety, 'start', on_hand,
  'sold', 0, 'held', 0, 'restocked', 0, 'cancelled', 0, 'corrected', 0, 'expired', 0, 'buyer_limit', 0,
  'incoming', in_transit)
move(KEYS[2], sku, 'load', on_hand, before, {reason = reset and 'reset' or 'new'})
if exists then return 'reset' end
return 'created'
