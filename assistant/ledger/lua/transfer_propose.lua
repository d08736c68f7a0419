-- Ops propose moving units of one SKU between two of its warehouses (issue 17); nothing moves until confirmed.
-- KEYS: movements, one SKU block.
-- ARGV: head (see prelude), sku, transfer_id, from, to, qty, eta_ms, note, expires_ms (0: the proposal waits)
local sku, id, from, to = ARGV[ARG0 + 1], ARGV[ARG0 + 2], ARGV[ARG0 + 3], ARGV[ARG0 + 4]
local qty, eta, note = tonumber(ARGV[ARG0 + 5]), tonumber(ARGV[ARG0 + 6]), ARGV[ARG0 + 7]
local expires = num(ARGV[ARG0 + 8])
local early = sku_verb_start('transfer_propose', sku)
if early then return early end
if redis.call('HEXISTS', KEYS[2 + XFERS], id) == 1 then
  return reject('idempotency_conflict', 'transfer ' .. id .. ' already exists', {transfer_id = id})
end
if not wh_has(2, from) then
  return reject('unknown_warehouse', sku .. ' is not stocked in warehouse ' .. from, {sku = sku, warehouse = from})
end
local available = wh_available(2, from)
if qty > available then
  return reject('insufficient_stock', 'only ' .. available .. ' of ' .. sku .. ' can leave ' .. from .. ', ' .. qty .. ' asked',
    {sku = sku, warehouse = from, requested = qty, available = available})
end
-- Only now (nothing refused): a warehouse of the catalog that had none of this SKU yet starts at zero.
if not wh_has(2, to) then
  local order = wh_list(2)
  table.insert(order, to)
  redis.call('HSET', KEYS[2 + WH], 'order', cjson.encode(order), to .. ':on_hand', 0, to .. ':safety', 0, to .. ':sold', 0)
end
local record = {transfer_id = id, sku = sku, from = from, to = to, qty = qty, eta_ms = eta, note = note,
  status = 'proposed', proposed_by = ACTOR, proposed_at = NOW}
if expires > 0 then record.expires_ms = expires end
redis.call('HSET', KEYS[2 + XFERS], id, cjson.encode(record))
log_move(2, sku, 'transfer_proposed', 0, sellable_of(KEYS[2]), {ref = id, warehouse = from, to = to, planned = qty, op = OP})
return op_done(2, 'transfer_propose', {'created', cjson.encode(record)})
