-- Moves a room's outbox cursor from what the caller read to what it delivered, unless another worker moved
-- it first (then the caller delivers nothing: the other worker's response carried those parts).
-- KEYS: [1] outbox cursor.  ARGV: [1] cursor read ('' for none), [2] new cursor, [3] retention ms
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
