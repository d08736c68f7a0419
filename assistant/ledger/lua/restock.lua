-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, qty, reason
local sku, qty, reason = ARGV[ARG0 + 1], tonumber(ARGV[ARG0 + 2]), ARGV[ARG0 + 3]
if redis.call('EXISTS', KEYS[2]) == 0 then
  return reject(404, 'unknown_sku', 'SKU ' .. sku .. ' is not in the ledger', {sku = sku})
end
local seen = op_replay(2, 'restock')
if seen then return seen end
purge_block(2, sku)
local before = sellable_of(KEYS[2])
redis.call('HINCRBY', KEYS[2], 'on_hand', qty)
redis.call('HINCRBY', KEYS[2], 'restocked', qty)
wh_add(2, wh_primary(2), 'on_hand', qty)  -- issue 17: a restock naming no warehouse lands in the first one
move(KEYS[2], sku, 'restock', qty, before, {reason = reason, op = OP, warehouse = wh_primary(2)})
return op_done(2, 'restock', {200, cjson.encode({sku = sku, restocked = qty, sellable = sellable_of(KEYS[2])})})
