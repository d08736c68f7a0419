-- KEYS: movements, hold, then one SKU block per stored hold line.  ARGV: head (see prelude), hold_id
-- The hold record remembers which operation released it: that operation sent again answers as the first time.
local hold_key, hold_id = KEYS[2], ARGV[ARG0 + 1]
local h = redis.call('HMGET', hold_key, 'status', 'lines', 'release_op', 'release_response')
if not h[1] then
  return reject('hold_not_found', 'hold ' .. hold_id .. ' is not known', {hold_id = hold_id})
end
if h[1] ~= 'held' then
  if h[3] == OP and h[4] then return {'done', h[4], 1} end
  return {'done', cjson.encode({hold_id = hold_id, status = h[1], changed = false})}
end
local lines = cjson.decode(h[2])
local stale = lines_changed(3, lines, 'hold_changed', 'hold ' .. hold_id .. ' changed while releasing', {hold_id = hold_id})
if stale then return stale end
local changed = false
for i, line in ipairs(lines) do
  local b = line_block(3, i)
  purge_block(b, line.sku)
  if redis.call('ZSCORE', KEYS[b + HOLDS], hold_id) then
    local before = sellable_of(KEYS[b])
    redis.call('HINCRBY', KEYS[b], 'held', -line.qty)
    redis.call('ZREM', KEYS[b + HOLDS], hold_id)
    untrack_hold(KEYS[b + HOLD_QTY], hold_id, line.qty)
    move(b, line.sku, 'release', line.qty, before, {ref = hold_id, op = OP})
    changed = true
  end
end
local status = 'released'
if not changed then status = 'expired' end
local response = cjson.encode({hold_id = hold_id, status = status, changed = changed})
redis.call('HSET', hold_key, 'status', status, 'release_op', OP, 'release_response', response)
return {'done', response}
