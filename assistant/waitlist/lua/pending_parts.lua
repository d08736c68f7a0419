-- The room's notice parts after its outbox cursor, with the cursor they were read from: one round trip.
-- KEYS: [1] outbox cursor, [2] outbox stream.  ARGV: [1] how many
-- Returns {cursor or '', {id, fields}...}.
local cursor = redis.call('GET', KEYS[1]) or ''
local start = '-'
if cursor ~= '' then start = '(' .. cursor end
return {cursor, redis.call('XRANGE', KEYS[2], start, '+', 'COUNT', ARGV[1])}
