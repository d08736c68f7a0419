-- Current counters of several SKUs, expired holds dropped first.
-- KEYS: movements, then (counters, holds, hold qty) per SKU.  ARGV: head (see prelude), sku*
local out = {}
for i = ARG0 + 1, #ARGV do
  local b = 2 + (i - ARG0 - 1) * 3
  local sku = ARGV[i]
  if redis.call('EXISTS', KEYS[b]) == 1 then
    purge_expired(KEYS[b], KEYS[b + 1], KEYS[b + 2], sku)
    local r = redis.call('HMGET', KEYS[b], 'on_hand', 'safety', 'sold', 'held', 'start', 'incoming', 'buyer_limit', 'product')
    table.insert(out, {1, num(r[1]), num(r[2]), num(r[3]), num(r[4]), num(r[5]), num(r[6]), num(r[7]), r[8] or ''})
  else
    table.insert(out, {0})
  end
end
return out
