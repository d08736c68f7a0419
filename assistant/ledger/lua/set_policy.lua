-- Safety stock, buyer limit, flash cap (per scope) or channel allocation of one SKU.
-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, policy, scope, value ('' clears)
local sku, policy, scope, value = ARGV[ARG0 + 1], ARGV[ARG0 + 2], ARGV[ARG0 + 3], ARGV[ARG0 + 4]
local early = sku_verb_start('set_policy', sku)
if early then return early end
local target
if policy == 'flash_cap' then target = KEYS[2 + CAPS]
elseif policy == 'allocation' then target = KEYS[2 + ALLOC]
elseif policy ~= 'safety_stock' and policy ~= 'buyer_limit' and policy ~= 'region_buyer_limit' then
  return reject('unknown_policy', 'unknown policy ' .. policy, {policy = policy})
end
if policy == 'region_buyer_limit' then target = KEYS[2 + CAPS]; scope = 'buyer@' .. scope end  -- issue 17
if policy == 'safety_stock' and wh_list(2) then  -- issue 17: safety stock is kept per warehouse
  return reject('warehouse_required', sku .. ' is stocked in several warehouses: set one warehouse\'s safety stock',
    {sku = sku})
end
local before = sku_before(sku)
if policy == 'safety_stock' then
  redis.call('HSET', KEYS[2], 'safety', tonumber(value) or 0)
elseif policy == 'buyer_limit' then
  redis.call('HSET', KEYS[2], 'buyer_limit', tonumber(value) or 0)
  -- the counts it limits live as long as the sale: from now (a new limit) or the SKU's last sale (book_sale)
  if redis.call('EXISTS', KEYS[2 + BUYERS]) == 1 then redis.call('PEXPIRE', KEYS[2 + BUYERS], BUYERS_KEEP_MS) end
elseif value == '' then
  redis.call('HDEL', target, scope)
else
  redis.call('HSET', target, scope, tonumber(value))
end
move(2, sku, 'policy', 0, before, {reason = policy .. ' ' .. scope .. '=' .. value, op = OP})
return op_done(2, 'set_policy',
  {'done', cjson.encode({sku = sku, policy = policy, scope = scope, value = value, sellable = sellable_of(KEYS[2])})})
