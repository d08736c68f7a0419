-- Turns a live hold into a sale under an order id.
-- KEYS: movements, hold, order, the bucket's compact-due zset, then one SKU block per stored hold line.
-- ARGV: head (see prelude), hold_id, order_id, keep_seconds, mode.  The order id is the operation id.
-- mode 'check': every check, nothing applied (a hold spanning buckets is checked in each before any confirms).
local hold_key, order_key = KEYS[2], KEYS[3]
local hold_id, order_id, keep = ARGV[ARG0 + 1], ARGV[ARG0 + 2], tonumber(ARGV[ARG0 + 3])
local check_only = ARGV[ARG0 + 4] == 'check'
local seen = redis.call('HMGET', order_key, 'hold', 'outcome', 'response', 'status_code')
local outcome = stored_outcome(seen[2], seen[4])
if outcome then
  if seen[1] ~= hold_id then
    return reject('idempotency_conflict', 'order ' .. order_id .. ' already exists for something else', {order_id = order_id})
  end
  return {outcome, seen[3], 1}
end
local h = redis.call('HMGET', hold_key, 'status', 'lines', 'buyer', 'channel', 'stream', 'expires', 'region', 'bundles')
REGION = h[7] or ''  -- issue 17
if not h[1] then
  return reject('hold_not_found', 'hold ' .. hold_id .. ' is not known', {hold_id = hold_id})
end
if h[1] ~= 'held' or tonumber(h[6]) <= NOW then
  local state = h[1]
  if state == 'held' then state = 'expired' end
  return reject('hold_not_active', 'hold ' .. hold_id .. ' is ' .. state, {hold_id = hold_id, status = state})
end
local lines = cjson.decode(h[2])
local stale = lines_changed(5, lines, 'hold_changed', 'hold ' .. hold_id .. ' changed while confirming', {hold_id = hold_id})
if stale then return stale end
for i, line in ipairs(lines) do
  local b = line_block(5, i)
  purge_block(b, line.sku)
  local failed = check_sale(b, line.sku, line.qty, h[3], h[4], h[5], true)
  if failed then return failed end
  local r = redis.call('HMGET', KEYS[b], 'on_hand', 'safety', 'sold')
  if num(r[3]) + line.qty > num(r[1]) - num(r[2]) then
    -- A count correction since the hold can leave fewer units than were held: never sell safety stock.
    return reject('insufficient_stock', 'a stock correction left too few units of ' .. line.sku .. ' for this hold',
      {sku = line.sku, requested = line.qty, available = num(r[1]) - num(r[2]) - num(r[3])})
  end
end
if check_only then return {'ok', ''} end
for i, line in ipairs(lines) do
  local b = line_block(5, i)
  local before = sellable_of(KEYS[b])
  redis.call('HINCRBY', KEYS[b], 'held', -line.qty)
  redis.call('ZREM', KEYS[b + HOLDS], hold_id)
  line.alloc = wh_hold_alloc(b, hold_id, line.qty)  -- issue 17: the hold's warehouses ship the sale
  untrack_hold(KEYS[b + HOLD_QTY], hold_id, line.qty)
  book_sale(b, line.qty, h[3], h[4], h[5], 1)
  wh_book_sold(b, line.alloc, 1)
  move(b, line.sku, 'sale', -line.qty, before, {ref = order_id, hold = hold_id, channel = h[4], stream = h[5], buyer = h[3],
    alloc = alloc_text(line.alloc), region = REGION, bundles = h[8]})
end
local response = cjson.encode({order_id = order_id, status = 'accepted', lines = lines, hold_id = hold_id})
redis.call('HSET', order_key, 'fp', 'hold:' .. hold_id, 'hold', hold_id, 'status', 'accepted', 'outcome', 'created',
  'response', response, 'lines', cjson.encode(lines), 'region', REGION, 'bundles', h[8] or '', 'buyer', h[3], 'channel', h[4], 'stream', h[5], 'created', NOW)
redis.call('EXPIRE', order_key, keep)
compact_later(KEYS[4], order_key)
redis.call('HSET', hold_key, 'status', 'confirmed', 'order', order_id)
return {'created', response}
