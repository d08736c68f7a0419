-- A drafted notice goes out once: stored as ready and its parts queued for the comments response.
-- KEYS: [1] notices hash, [2] outbox stream, [3] notified hash of the SKU, [4] stats hash, [5] unfinished zset
-- ARGV: [1] notice id, [2] notice JSON (status ready), [3] retention ms, [4] outbox maxlen,
--       [5] holds placed, [6] n parts, then n part JSONs, then the notified viewer ids
-- Returns 1 when published now, 0 when it already was.
local id, keep = ARGV[1], tonumber(ARGV[3])
local stored = redis.call('HGET', KEYS[1], id)
if stored and cjson.decode(stored).status ~= 'issued' then return 0 end
redis.call('HSET', KEYS[1], id, ARGV[2])
redis.call('ZREM', KEYS[5], id)
local n = tonumber(ARGV[6])
for i = 1, n do
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'notice', id, 'part', ARGV[6 + i])
end
for i = 7 + n, #ARGV do redis.call('HSET', KEYS[3], ARGV[i], id) end
local sku = cjson.decode(ARGV[2]).sku
redis.call('HINCRBY', KEYS[4], 'held', tonumber(ARGV[5]))
redis.call('HINCRBY', KEYS[4], 'held|' .. sku, tonumber(ARGV[5]))
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], keep) end
return 1
