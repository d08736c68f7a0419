-- KEYS: movements, one SKU block.  ARGV: head (see prelude), sku, qty, reason
local sku, qty, reason = ARGV[ARG0 + 1], tonumber(ARGV[ARG0 + 2]), ARGV[ARG0 + 3]
local early = sku_verb_start('restock', sku)
if early then return early end
local before = sku_before(sku)
redis.call('HINCRBY', KEYS[2], 'on_hand', qty)
redis.call('HINCRBY', KEYS[2], 'restocked', qty)
wh_add(2, wh_primary(2), 'on_hand', qty)  -- issue 17: a restock naming no warehouse lands in the first one
move(2, sku, 'restock', qty, before, {reason = reason, op = OP, warehouse = wh_primary(2)})
return op_done(2, 'restock', {'done', cjson.encode({sku = sku, restocked = qty, sellable = sellable_of(KEYS[2])})})
