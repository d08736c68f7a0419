-- The interim webhook event log: an event id is recorded once, however often it is offered.
-- KEYS: [1] event ids hash, [2] events stream.  ARGV: [1] event id, [2] event JSON, [3] retention ms
if redis.call('HSETNX', KEYS[1], ARGV[1], 1) == 0 then return 0 end
redis.call('XADD', KEYS[2], '*', 'id', ARGV[1], 'event', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
