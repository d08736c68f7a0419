-- KEYS[1] the lease; ARGV[1] this worker's token, ARGV[2] the TTL (ms). 1 when renewed, 0 when another's.
if lease_held(KEYS[1], ARGV[1], ARGV[2]) then return 1 end
return 0
