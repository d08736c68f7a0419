-- KEYS: movements, order, the bucket's compact-due zset, then one SKU block per line.
-- ARGV: head (see prelude), order_id, fingerprint, buyer, channel, stream, keep_seconds, reject_keep_seconds, n,
-- (sku, qty)*n, allocation plan (issue 17, always last).  The order id is the operation id: the order record
-- remembers the answer.
local order_key = KEYS[2]
local A = ARG0
local order_id, fp, buyer, channel, stream = ARGV[A + 1], ARGV[A + 2], ARGV[A + 3], ARGV[A + 4], ARGV[A + 5]
local keep, reject_keep, n = tonumber(ARGV[A + 6]), tonumber(ARGV[A + 7]), tonumber(ARGV[A + 8])

local seen = sale_replay(order_key, fp, 'order', order_id, 'sent')
if seen then return seen end

local plan = read_plan()  -- issue 17
local lines = {}
for i = 1, n do
  local b = line_block(4, i)
  local sku, qty = ARGV[A + 7 + 2 * i], tonumber(ARGV[A + 8 + 2 * i])
  lines[i] = {sku = sku, qty = qty}
  -- issue 17: which warehouses ship the line; a region no stocked warehouse serves is refused here (and
  -- remembered like any refusal: a replay after a transfer arrived must not sell what was refused)
  local failed
  lines[i].alloc, failed = new_sale_line(b, sku, qty, buyer, channel, stream, plan)
  if failed then
    if cjson.decode(failed[2]).error.code ~= 'unknown_sku' then
      -- Like Stripe, the first answer is remembered: the same request gets the same refusal (a line naming no
      -- SKU of the ledger is a bad request, not a refusal, and is not remembered).
      redis.call('HSET', order_key, 'fp', fp, 'status', 'rejected', 'outcome', 'refused', 'response', failed[2])
      redis.call('EXPIRE', order_key, reject_keep)
    end
    return failed
  end
end

for i = 1, n do
  local b = line_block(4, i)
  local before = sellable_of(KEYS[b])
  book_sale(b, lines[i].qty, buyer, channel, stream, 1)
  wh_book_sold(b, lines[i].alloc, 1)  -- issue 17
  move(b, lines[i].sku, 'sale', -lines[i].qty, before, {ref = order_id, channel = channel, stream = stream, buyer = buyer,
    alloc = alloc_text(lines[i].alloc), region = REGION, bundles = plan.bundles})
end

local response = cjson.encode({order_id = order_id, status = 'accepted', lines = lines})
redis.call('HSET', order_key, 'fp', fp, 'status', 'accepted', 'outcome', 'created', 'response', response,
  'lines', cjson.encode(lines), 'buyer', buyer, 'channel', channel, 'stream', stream, 'created', NOW, 'region', REGION,
  'bundles', plan.bundles or '')
redis.call('EXPIRE', order_key, keep)
compact_later(KEYS[3], order_key)
return {'created', response}
