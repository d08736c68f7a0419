-- Turns one outbox event into one delivery per target and acknowledges it, all at once: replaying an event
-- that was read but not acknowledged (a crash) creates no second delivery.
-- KEYS[1] events stream, KEYS[2] deliveries hash, KEYS[3] due zset, KEYS[4] recent zset
-- ARGV[1] group, ARGV[2] event id, ARGV[3] due at (ms), ARGV[4..] delivery id, delivery JSON pairs
for i = 4, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('ZADD', KEYS[3], ARGV[3], ARGV[i])
    redis.call('ZADD', KEYS[4], ARGV[3], ARGV[i])
  end
end
return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
