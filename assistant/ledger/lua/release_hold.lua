-- KEYS: movements, hold, then one SKU block per stored hold line.  ARGV: now, maxlen, actor, hold_id
local hold_key, hold_id = KEYS[2], ARGV[4]
local h = redis.call('HMGET', hold_key, 'status', 'lines')
if not h[1] then
  return reject(404, 'hold_not_found', 'hold ' .. hold_id .. ' is not known', {hold_id = hold_id})
end
if h[1] ~= 'held' then
  return {200, cjson.encode({hold_id = hold_id, status = h[1], changed = false})}
end
local lines = cjson.decode(h[2])
if #KEYS ~= 2 + #lines * SKU_KEYS then
  return reject(409, 'hold_changed', 'hold ' .. hold_id .. ' changed while releasing; retry', {hold_id = hold_id})
end
local changed = false
for i, line in ipairs(lines) do
  local b = 3 + (i - 1) * SKU_KEYS
  purge_block(b, line.sku)
  if redis.call('ZSCORE', KEYS[b + 1], hold_id) then
    local before = sellable_of(KEYS[b])
    redis.call('HINCRBY', KEYS[b], 'held', -line.qty)
    redis.call('ZREM', KEYS[b + 1], hold_id)
    untrack_hold(KEYS[b + 2], hold_id, line.qty)
    move(KEYS[b], line.sku, 'release', line.qty, before, {ref = hold_id})
    changed = true
  end
end
local status = 'released'
if not changed then status = 'expired' end
redis.call('HSET', hold_key, 'status', status)
return {200, cjson.encode({hold_id = hold_id, status = status, changed = changed})}
