-- Safety stock, buyer limit, flash cap (per scope) or channel allocation of one SKU.
-- KEYS: movements, one SKU block.  ARGV: now, maxlen, actor, sku, policy, scope, value ('' clears)
local sku, policy, scope, value = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if redis.call('EXISTS', KEYS[2]) == 0 then
  return reject(404, 'unknown_sku', 'SKU ' .. sku .. ' is not in the ledger', {sku = sku})
end
purge_block(2, sku)
local before = sellable_of(KEYS[2])
if policy == 'safety_stock' then
  redis.call('HSET', KEYS[2], 'safety', tonumber(value) or 0)
elseif policy == 'buyer_limit' then
  redis.call('HSET', KEYS[2], 'buyer_limit', tonumber(value) or 0)
elseif policy == 'flash_cap' or policy == 'allocation' then
  local target = KEYS[2 + 4]
  if policy == 'allocation' then target = KEYS[2 + 6] end
  if value == '' then redis.call('HDEL', target, scope) else redis.call('HSET', target, scope, tonumber(value)) end
else
  return reject(422, 'unknown_policy', 'unknown policy ' .. policy, {policy = policy})
end
move(KEYS[2], sku, 'policy', 0, before, {reason = policy .. ' ' .. scope .. '=' .. value})
return {200, cjson.encode({sku = sku, policy = policy, scope = scope, value = value, sellable = sellable_of(KEYS[2])})}
