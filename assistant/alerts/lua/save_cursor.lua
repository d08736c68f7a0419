-- How far the leader has evaluated, saved only while the lease is its own: a leader that stalled past the TTL
-- must not move the mark the new one reads. KEYS[1] the lease, KEYS[2] the cursor; ARGV[1] the token,
-- ARGV[2] the cursor, ARGV[3] the lease TTL (ms). 1 when saved, 0 when the lease is another worker's.
if not lease_held(KEYS[1], ARGV[1], ARGV[3]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1
