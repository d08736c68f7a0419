-- The durable decision of a multi-bucket order: holding -> committed (only before its deadline) -> done, or
-- holding/committed -> aborted (a line refused, the deadline passed, or a confirm failed and was compensated).
-- KEYS: claim hash, pending zset.  ARGV: wanted state, now, response (JSON {status, body}, for done/aborted).
-- Answers {state after, response}: a second coordinator (a replay, the sweeper) learns what was decided.
local r = redis.call('HMGET', KEYS[1], 'state', 'deadline', 'response')
local state, deadline, want, now = r[1], tonumber(r[2]), ARGV[1], tonumber(ARGV[2])
if not state then return {'missing', ''} end
if want == 'committed' and state == 'holding' then
  if now > deadline then return {'late', ''} end
  state = 'committed'
  redis.call('HSET', KEYS[1], 'state', state)
elseif (want == 'aborted' and (state == 'holding' or state == 'committed'))
    or (want == 'done' and state == 'committed') then
  state = want
  redis.call('HSET', KEYS[1], 'state', state, 'response', ARGV[3], 'decided', now)
  redis.call('ZREM', KEYS[2], KEYS[1])
end
return {state, redis.call('HGET', KEYS[1], 'response') or ''}
