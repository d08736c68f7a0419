-- Records one send attempt: delivered or given up (off the due set) or another try at ARGV[3].
-- KEYS[1] due zset, KEYS[2] deliveries hash, KEYS[3] recent zset
-- ARGV[1] delivery id, ARGV[2] delivery JSON after the attempt, ARGV[3] next try (ms) or '' when settled,
-- ARGV[4] now (ms)
if not redis.call('HGET', KEYS[2], ARGV[1]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return 1
