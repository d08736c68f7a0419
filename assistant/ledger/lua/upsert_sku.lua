-- Catalog load: a new SKU gets its on_hand; a known one keeps its live counts unless reset.
-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, product_id, on_hand, safety, reset ('1'/'0')
-- Answers {'done', 'created' | 'reset' | 'kept'}; a replay of the same load op answers what the first run did.
local sku, product = ARGV[ARG0 + 1], ARGV[ARG0 + 2]
local on_hand, safety, reset = tonumber(ARGV[ARG0 + 3]), tonumber(ARGV[ARG0 + 4]), ARGV[ARG0 + 5] == '1'
local exists = redis.call('EXISTS', KEYS[2]) == 1
if exists then
  local seen = op_replay(2, 'upsert_sku')
  if seen then return seen end
end
if exists and not reset then
  if redis.call('HGET', KEYS[2], 'product') ~= product then redis.call('HSET', KEYS[2], 'product', product) end
  return {'done', 'kept'}  -- not journalled: keeping is what a replay would do anyway
end
local before, in_transit = 0, 0
if exists then
  before = sellable_of(KEYS[2])
  for i = V, CH_SOLD do redis.call('DEL', KEYS[2 + i]) end
  redis.call('DEL', KEYS[2 + WH])  -- issue 17: stock_warehouse loads the reset SKU's warehouses after this
  -- Shipments in transit are kept (they are still coming), so the incoming counter must keep counting them.
  for _, raw in ipairs(redis.call('HVALS', KEYS[2 + INCOMING])) do in_transit = in_transit + cjson.decode(raw).qty end
end
redis.call('HSET', KEYS[2], 'product', product, 'on_hand', on_hand, 'safety', safety, 'start', on_hand,
  'sold', 0, 'held', 0, 'restocked', 0, 'cancelled', 0, 'corrected', 0, 'expired', 0, 'buyer_limit', 0,
  'incoming', in_transit)
move(2, sku, 'load', on_hand, before, {reason = reset and 'reset' or 'new', op = OP})
if exists then return op_done(2, 'upsert_sku', {'done', 'reset'}) end
return op_done(2, 'upsert_sku', {'done', 'created'})
