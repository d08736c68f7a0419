-- KEYS: movements, hold, then one SKU block per line.
-- ARGV: head (see prelude), hold_id, fingerprint, buyer, channel, stream, ttl_ms, n, (sku, qty)*n, allocation plan
-- (issue 17, always last)
-- The hold id is the operation id: the hold record remembers the answer.
local hold_key = KEYS[2]
local A = ARG0
local hold_id, fp, buyer, channel, stream = ARGV[A + 1], ARGV[A + 2], ARGV[A + 3], ARGV[A + 4], ARGV[A + 5]
local ttl_ms, n = tonumber(ARGV[A + 6]), tonumber(ARGV[A + 7])

local seen = sale_replay(hold_key, fp, 'hold', hold_id, 'placed')
if seen then return seen end

local plan = read_plan()  -- issue 17
local lines = {}
for i = 1, n do
  local b = line_block(3, i)
  local sku, qty = ARGV[A + 6 + 2 * i], tonumber(ARGV[A + 7 + 2 * i])
  lines[i] = {sku = sku, qty = qty}
  local alloc, failed = new_sale_line(b, sku, qty, buyer, channel, stream, plan)
  if not alloc then return failed end
  lines[i].alloc = alloc
end

local expires = NOW + ttl_ms
for i = 1, n do
  local b = line_block(3, i)
  local before = sellable_of(KEYS[b])
  redis.call('HINCRBY', KEYS[b], 'held', lines[i].qty)
  redis.call('ZADD', KEYS[b + HOLDS], expires, hold_id)
  track_hold(KEYS[b + HOLD_QTY], hold_id, channel, lines[i].qty)
  wh_track_hold(b, hold_id, lines[i].alloc)  -- issue 17
  move(b, lines[i].sku, 'hold', -lines[i].qty, before, {ref = hold_id, channel = channel, stream = stream, buyer = buyer})
end
local response = cjson.encode({hold_id = hold_id, status = 'held', expires_at_ms = expires, lines = lines})
redis.call('HSET', hold_key, 'fp', fp, 'status', 'held', 'response', response, 'lines', cjson.encode(lines),
  'buyer', buyer, 'channel', channel, 'stream', stream, 'expires', expires, 'region', REGION,
  'bundles', plan.bundles or '')
redis.call('PEXPIRE', hold_key, ttl_ms + 86400000)
return {'created', response}
