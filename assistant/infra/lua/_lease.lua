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

