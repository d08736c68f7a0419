-- Current counters of several SKUs, expired holds dropped first.
-- KEYS: movements, then (counters, holds, hold qty, history) per SKU: a read block, V..MOVES of the prelude.  ARGV: head (see prelude), dry ('1'/'0'), sku*
-- dry: Redis refuses writes (out of memory), so expired holds are left in place and only left out of 'held'.
-- One HMGET per SKU on the usual path (every comment reads a product's variants): a loaded SKU's hash always
-- has on_hand and product, so a missing one needs no EXISTS, and 'held' is the units of its live holds, so at 0
-- there is no hold to purge.
local out = {}
local dry = ARGV[ARG0 + 1] == '1'
local function counters(vkey)
  return redis.call('HMGET', vkey, 'on_hand', 'safety', 'sold', 'held', 'start', 'incoming', 'buyer_limit', 'product')
end
for i = ARG0 + 2, #ARGV do
  local b = 2 + (i - ARG0 - 2) * (MOVES + 1)
  local sku = ARGV[i]
  local r = counters(KEYS[b])
  if r[1] or r[8] then
    local expired_qty = 0
    if num(r[4]) > 0 then
      if dry then
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[b + HOLDS], '-inf', NOW)) do
          expired_qty = expired_qty + num(redis.call('HGET', KEYS[b + HOLD_QTY], id))
        end
      elseif #redis.call('ZRANGEBYSCORE', KEYS[b + HOLDS], '-inf', NOW, 'LIMIT', 0, 1) > 0 then
        purge_block(b, sku)
        r = counters(KEYS[b])
      end
    end
    table.insert(out, {1, num(r[1]), num(r[2]), num(r[3]), num(r[4]) - expired_qty, num(r[5]), num(r[6]), num(r[7]), r[8] or ''})
  else
    table.insert(out, {0})
  end
end
return out
