-- One call per batch of one room's asks: an XADD per comment through redis-py's command packing cost ~85 µs each.
-- KEYS[1] the room's ask stream; ARGV[1] its hard ceiling (entries), ARGV[2] JSON [[field, value, ...], ...],
-- ARGV[3] retention (ms). Entries are kept by age (the demand retention, MINID from Redis time), so a consumer
-- that lags keeps what it has not read yet, whatever other rooms send; the stream itself expires a retention after
-- the room's last ask (a quiet room leaves nothing behind). The ceiling bounds memory in one room's flood (the
-- consumer's lag in /healthz then shows entries it can no longer read).
local now = redis.call('TIME')  -- first: no non-deterministic command after a write (Redis 6.2)
local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[3])
local entries = cjson.decode(ARGV[2])
for _, flat in ipairs(entries) do
  redis.call('XADD', KEYS[1], 'MINID', '~', math.max(0, oldest), '*', unpack(flat))
end
if #entries > 0 then
  if redis.call('XLEN', KEYS[1]) > tonumber(ARGV[1]) then
    redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[1])
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return #entries
