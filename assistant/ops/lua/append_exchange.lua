-- Appends one question/answer exchange to an ops conversation, atomically, for every worker.
-- KEYS: [1] the conversation's message list, [2] its owner (both under the conversation's hash tag).
-- ARGV: [1] the ops user, [2] the exchange id, [3] the question entry (JSON), [4] the answer entry (JSON),
--       [5] messages kept (even), [6] TTL seconds.
-- Returns 'ok', 'seen' (this exchange id is already stored: a retried command appends nothing) or 'not_owner'.
local owner = redis.call('GET', KEYS[2])
if owner and owner ~= ARGV[1] then return 'not_owner' end
local marker = '"exchange": "' .. ARGV[2] .. '"'
for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  if string.find(entry, marker, 1, true) then return 'seen' end
end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[6])
redis.call('RPUSH', KEYS[1], ARGV[3], ARGV[4])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[5]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 'ok'
