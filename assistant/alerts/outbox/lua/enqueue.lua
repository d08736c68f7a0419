-- Appends one event to the outbox stream, once per dedupe key (a retried enqueue adds nothing).
-- KEYS[1] events stream, KEYS[2] the dedupe key (expires)
-- ARGV[1] 1 to dedupe, else 0; ARGV[2] max stream length; ARGV[3] dedupe TTL (s); ARGV[4..] field, value pairs
if ARGV[1] == '1' then
  local known = redis.call('GET', KEYS[2])
  if known then return {known, 0} end
end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
if ARGV[1] == '1' then redis.call('SET', KEYS[2], id, 'EX', ARGV[3]) end
return {id, 1}
