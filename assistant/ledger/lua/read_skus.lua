-- Current counters of several SKUs, expired holds dropped first.
-- KEYS: movements, then (counters, holds, hold qty, history) per SKU: a read block, V..MOVES of the prelude.  ARGV: head (see prelude), dry ('1'/'0'), sku*
-- dry: Redis refuses writes (out of memory), so expired holds are left in place and only left out of 'held'.
local out = {}
local dry = ARGV[ARG0 + 1] == '1'
for i = ARG0 + 2, #ARGV do
  local b = 2 + (i - ARG0 - 2) * (MOVES + 1)
  local sku = ARGV[i]
  if redis.call('EXISTS', KEYS[b]) == 1 then
    local expired_qty = 0
    if dry then
      for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[b + HOLDS], '-inf', NOW)) do
        expired_qty = expired_qty + num(redis.call('HGET', KEYS[b + HOLD_QTY], id))
      end
    else
      purge_block(b, sku)
    end
    local r = redis.call('HMGET', KEYS[b], 'on_hand', 'safety', 'sold', 'held', 'start', 'incoming', 'buyer_limit', 'product')
    table.insert(out, {1, num(r[1]), num(r[2]), num(r[3]), num(r[4]) - expired_qty, num(r[5]), num(r[6]), num(r[7]), r[8] or ''})
  else
    table.insert(out, {0})
  end
end
return out
