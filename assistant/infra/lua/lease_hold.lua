-- KEYS[1] the lease; ARGV[1] this worker's token, ARGV[2] the TTL (ms). Takes the lease if free, renews it if
-- this worker's. {1, valid until (ms, Redis time)} when held, {0, 0} when another worker's.
local now = redis.call('TIME')  -- first: no non-deterministic command after a write (Redis 6.2)
local taken = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
if not taken and not lease_held(KEYS[1], ARGV[1], ARGV[2]) then return {0, 0} end
return {1, tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + tonumber(ARGV[2])}
