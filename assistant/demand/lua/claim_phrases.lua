-- KEYS[1] the stream's phrase table; ARGV[1] the TTL; then triples: phrasing field, key field, proposed group.
-- The key field is claimed first and the phrasing takes the key's winner: two spellings with one key ("帽子",
-- "帽子吗") claimed by two workers at once land in one group too. Returns each phrasing's group.
local winners = {}
for i = 2, #ARGV, 3 do
  redis.call('HSETNX', KEYS[1], ARGV[i + 1], ARGV[i + 2])
  redis.call('HSETNX', KEYS[1], ARGV[i], redis.call('HGET', KEYS[1], ARGV[i + 1]))
  winners[#winners + 1] = redis.call('HGET', KEYS[1], ARGV[i])
end
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[1]) - 600 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return winners
