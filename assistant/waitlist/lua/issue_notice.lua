-- Stock came back for a SKU: takes the room's waiters who joined before it into one notice, once.
-- KEYS: [1] waiters zset, [2] viewers hash, [3] done hash, [4] notices hash, [5] stats hash,
--       [6] last-notice hash, [7] deferred zset, [8] room SKUs zset, [9] unfinished zset
-- ARGV: [1] now ms, [2] retention ms, [3] sku, [4] return key ('<movement id>|<sku>'), [5] joined at or
--       before (ms), [6] notice id, [7] cooldown ms, [8] notice head JSON (without viewers)
-- Returns {'issued' | 'existing', notice JSON} | {'deferred', due ms} | {'nobody', ''}.
local now, keep, sku, rkey = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4]
local before, id, cooldown = ARGV[5], ARGV[6], tonumber(ARGV[7])
local seen = redis.call('HGET', KEYS[3], rkey)
if seen then
  if seen == '' then return {'nobody', ''} end
  return {'existing', redis.call('HGET', KEYS[4], seen) or ''}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - keep))
local rows = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', before, 'WITHSCORES')
if #rows == 0 then
  redis.call('HSET', KEYS[3], rkey, '')
  redis.call('PEXPIRE', KEYS[3], keep)
  return {'nobody', ''}
end
local last = tonumber(redis.call('HGET', KEYS[6], sku))
if last and now < last + cooldown then
  -- The variant's last notice went out a moment ago: this return waits for the cooldown, not dropped.
  local due = last + cooldown
  redis.call('ZADD', KEYS[7], due, sku)
  redis.call('PEXPIRE', KEYS[7], keep)
  return {'deferred', tostring(due)}
end
local notice = cjson.decode(ARGV[8])
local list = {}
for i = 1, #rows, 2 do
  local viewer = rows[i]
  local about = redis.call('HGET', KEYS[2], viewer)
  local entry = {user_id = viewer, joined_ms = tonumber(rows[i + 1])}
  if about then
    local decoded = cjson.decode(about)
    entry.mention, entry.lang = decoded.mention, decoded.lang
  end
  table.insert(list, entry)
  redis.call('ZREM', KEYS[1], viewer)
end
notice.viewers = list
notice.status = 'issued'
local encoded = cjson.encode(notice)
redis.call('HSET', KEYS[4], id, encoded)
redis.call('HSET', KEYS[3], rkey, id)
redis.call('HSET', KEYS[6], sku, now)
redis.call('ZREM', KEYS[7], sku)
redis.call('ZADD', KEYS[9], now, id)
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZREM', KEYS[8], sku) end
redis.call('HINCRBY', KEYS[5], 'notices', 1)
redis.call('HINCRBY', KEYS[5], 'notices|' .. sku, 1)
redis.call('HINCRBY', KEYS[5], 'notified', #list)
redis.call('HINCRBY', KEYS[5], 'notified|' .. sku, #list)
for _, i in ipairs({3, 4, 5, 6, 9}) do redis.call('PEXPIRE', KEYS[i], keep) end
return {'issued', encoded}
