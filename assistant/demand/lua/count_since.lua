-- How many members of each sorted set (askers per item) scored at or after ARGV[1]: one call, not a
-- ZCOUNT per item (at a thousand items the per-command client cost would dominate the read).
local out = {}
for k = 1, #KEYS do out[k] = redis.call('ZCOUNT', KEYS[k], ARGV[1], '+inf') end
return out
