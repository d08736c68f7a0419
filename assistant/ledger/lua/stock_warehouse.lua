-- One SKU's stock at its warehouses (issue 17): the catalog's rows after a load, or an ops restock, count or
-- safety stock at one warehouse. The counters hash moves by the same amounts (it is the sum).
-- KEYS: movements, one SKU block.
-- ARGV: head (see prelude), sku, action ('load' | 'restock' | 'count' | 'safety'), warehouse, qty,
--   expected ('' = any; count only), reason, rows (load only: JSON [{warehouse, on_hand, safety}] in priority order)
local sku, action, w, qty = ARGV[ARG0 + 1], ARGV[ARG0 + 2], ARGV[ARG0 + 3], tonumber(ARGV[ARG0 + 4])
local expected, reason, rows = ARGV[ARG0 + 5], ARGV[ARG0 + 6], ARGV[ARG0 + 7]
local early = sku_verb_start('stock_warehouse', sku)
if early then return early end
local before = sku_before(sku)

if action == 'load' then
  -- In-transit transfers survive a reset (their units are on the road): their destination keeps counting them.
  local keep = {}
  for _, raw in ipairs(redis.call('HVALS', KEYS[2 + INCOMING])) do
    local shipment = cjson.decode(raw)
    if shipment.warehouse then keep[shipment.warehouse] = num(keep[shipment.warehouse]) + shipment.qty end
  end
  redis.call('DEL', KEYS[2 + WH])
  local order, stock = {}, {}
  for _, row in ipairs(cjson.decode(rows)) do
    table.insert(order, row.warehouse)
    table.insert(stock, row.warehouse .. ':' .. row.on_hand)
    redis.call('HSET', KEYS[2 + WH], row.warehouse .. ':on_hand', row.on_hand, row.warehouse .. ':safety', row.safety,
      row.warehouse .. ':sold', 0, row.warehouse .. ':incoming', num(keep[row.warehouse]))
  end
  redis.call('HSET', KEYS[2 + WH], 'order', cjson.encode(order))
  -- each warehouse's starting count, for the report's books per warehouse
  log_move(2, sku, 'warehouse_load', 0, before, {stock = table.concat(stock, ','), op = OP})
  return op_done(2, 'stock_warehouse', {'done', cjson.encode({sku = sku, warehouses = order})})
end

if not wh_list(2) then
  return reject('not_warehoused', sku .. ' is not stocked per warehouse (its catalog row names none)', {sku = sku})
end
if not wh_has(2, w) then
  if action ~= 'restock' then
    return reject('unknown_warehouse', sku .. ' is not stocked in warehouse ' .. w, {sku = sku, warehouse = w})
  end
  -- a restock may open the SKU at another warehouse of the catalog (the service checked the name)
  local order = wh_list(2)
  table.insert(order, w)
  redis.call('HSET', KEYS[2 + WH], 'order', cjson.encode(order), w .. ':on_hand', 0, w .. ':safety', 0, w .. ':sold', 0)
end
local answer = {sku = sku, warehouse = w}
if action == 'restock' then
  wh_add(2, w, 'on_hand', qty)
  redis.call('HINCRBY', KEYS[2], 'on_hand', qty)
  redis.call('HINCRBY', KEYS[2], 'restocked', qty)
  log_move(2, sku, 'restock', qty, before, {warehouse = w, reason = reason, op = OP})
  answer.restocked = qty
elseif action == 'count' then
  local r = redis.call('HMGET', KEYS[2 + WH], w .. ':on_hand', w .. ':sold')
  local stock = num(r[1]) - num(r[2])
  if expected ~= '' and tonumber(expected) ~= stock then
    return op_done(2, 'stock_warehouse', reject('stale_count', 'stock of ' .. sku .. ' at ' .. w .. ' is ' .. stock
      .. ', not ' .. expected .. '; nothing changed', {sku = sku, warehouse = w, expected = tonumber(expected), actual = stock}))
  end
  local delta = qty - stock
  wh_add(2, w, 'on_hand', delta)
  redis.call('HINCRBY', KEYS[2], 'on_hand', delta)
  redis.call('HINCRBY', KEYS[2], 'corrected', delta)
  log_move(2, sku, 'correction', delta, before, {warehouse = w, reason = reason, stock_before = stock, op = OP})
  answer.stock, answer.delta = qty, delta
elseif action == 'safety' then
  local delta = qty - num(redis.call('HGET', KEYS[2 + WH], w .. ':safety'))
  wh_add(2, w, 'safety', delta)
  redis.call('HINCRBY', KEYS[2], 'safety', delta)
  log_move(2, sku, 'policy', 0, before, {warehouse = w, reason = 'safety_stock ' .. w .. '=' .. qty, op = OP})
  answer.safety_stock = qty
else
  return reject('unknown_action', 'unknown warehouse stock action ' .. action, {action = action})
end
answer.available = wh_available(2, w)
answer.sellable = sellable_of(KEYS[2])
return op_done(2, 'stock_warehouse', {'done', cjson.encode(answer)})
