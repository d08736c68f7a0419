-- One call per batch of asks: an XADD per comment through redis-py's command packing cost ~85 µs each.
-- KEYS[1] the asks stream; ARGV[1] its approximate MAXLEN; ARGV[2] JSON [[field, value, ...], ...].
local entries = cjson.decode(ARGV[2])
for _, flat in ipairs(entries) do
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(flat))
end
return #entries
