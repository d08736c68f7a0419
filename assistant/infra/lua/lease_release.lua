-- KEYS[1] the lease; ARGV[1] this worker's token. Deletes the lease only while it is this worker's.
if lease_is(KEYS[1], ARGV[1]) then return redis.call('DEL', KEYS[1]) end
return 0
