-- Sets the units still in stock (on_hand - sold) after a physical count, optionally compare-and-set.
-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, new_stock, expected_stock ('' = any), reason
local sku, new_stock, expected, reason = ARGV[ARG0 + 1], tonumber(ARGV[ARG0 + 2]), ARGV[ARG0 + 3], ARGV[ARG0 + 4]
local early = sku_verb_start('correct_count', sku)
if early then return early end
if wh_list(2) then  -- issue 17: a count is of one warehouse's shelf (stock_warehouse)
  return reject('warehouse_required', sku .. ' is stocked in several warehouses: count one warehouse', {sku = sku})
end
purge_block(2, sku)
local r = redis.call('HMGET', KEYS[2], 'on_hand', 'sold')
local stock = num(r[1]) - num(r[2])
if expected ~= '' and tonumber(expected) ~= stock then
  return op_done(2, 'correct_count', reject('stale_count',
    'stock of ' .. sku .. ' is ' .. stock .. ', not ' .. expected .. '; nothing changed',
    {sku = sku, expected = tonumber(expected), actual = stock}))
end
local before = sellable_of(KEYS[2])
local delta = new_stock - stock
redis.call('HINCRBY', KEYS[2], 'on_hand', delta)
redis.call('HINCRBY', KEYS[2], 'corrected', delta)
move(2, sku, 'correction', delta, before, {reason = reason, stock_before = stock, op = OP})
return op_done(2, 'correct_count',
  {'done', cjson.encode({sku = sku, stock = new_stock, delta = delta, sellable = sellable_of(KEYS[2])})})
