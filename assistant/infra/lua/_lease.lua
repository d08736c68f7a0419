-- The alerts lease, checked one way by every script that acts for the leader (put before the script).
-- lease_is: the lease key holds this worker's token. lease_held: the same, and the holder's act renews the
-- lease (a leader busy saying things keeps it; one that stalled past the TTL finds it gone or another's).
local function lease_is(key, token)
  return redis.call('GET', key) == token
end

local function lease_held(key, token, ttl_ms)
  if not lease_is(key, token) then return false end
  redis.call('PEXPIRE', key, ttl_ms)
  return true
end


-- lease_valid: the lease is surely still the caller's at `until_ms` (Redis time), the deadline its last hold
-- returned less a margin. For scripts whose keys are in another Redis Cluster slot than the lease key (a room's
-- cards): they cannot read the lease, and no other worker can hold it before that deadline.
local function lease_valid(until_ms)
  local now = redis.call('TIME')
  return tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) < tonumber(until_ms)
end
