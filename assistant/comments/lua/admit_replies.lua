-- Busy-chat manners for one comment batch of one stream, in comment order, atomically for every worker.
-- KEYS: [1] the stream's reply budget hash (tokens, updated_ms), then per candidate its viewer cooldown key
--       and its question cooldown key (all under the stream's hash tag).
-- ARGV: [1] now (ms, the caller's clock), [2] viewer cooldown until, [3] question cooldown until,
--       [4] viewer key PX, [5] question key PX ('0': the cooldown is off, nothing to remember),
--       [6] budget refill per second, [7] budget burst, [8] budget hash PX, [9] max mentions,
--       [10] dry ('1': Redis refuses writes, out of memory: decide from what is remembered, remember nothing),
--       then per candidate: comment id, signature.
-- Returns per candidate '' (it gets its own reply) or why it is skipped, then the tokens left in the budget.
-- A cooldown value is '<until ms> <payload>': the caller's clock decides whether it still holds (tests drive a
-- manual clock), PX only clears it away some time after it has lapsed.
local now = tonumber(ARGV[1])
local viewer_until, question_until = ARGV[2], ARGV[3]
local viewer_px, question_px = ARGV[4], ARGV[5]
local rate, burst, budget_px = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local max_mentions = tonumber(ARGV[9])
local dry = ARGV[10] == '1'
local ARGS = 10

local function holding(key)
  local value = redis.call('GET', key)
  if not value then return nil end
  local gap = string.find(value, ' ', 1, true)
  if not gap or (tonumber(string.sub(value, 1, gap - 1)) or 0) <= now then return nil end
  return string.sub(value, gap + 1)
end

local function remember(key, payload, until_ms, px)
  if px ~= '0' and not dry then redis.call('SET', key, until_ms .. ' ' .. payload, 'PX', px) end
end

-- The bucket is read once and written once per batch; a missing hash is a full one (it expires only idle).
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated_ms')
local tokens, updated = tonumber(state[1]), tonumber(state[2])
local stamp = ARGV[1]
if tokens == nil or updated == nil then
  tokens = burst
elseif now > updated then
  tokens = math.min(burst, tokens + (now - updated) / 1000 * rate)
else
  stamp = state[2]  -- a worker whose clock lags must not earn back the same seconds twice
end
local took = false

local function take()
  took = true
  if tokens >= 1 then
    tokens = tokens - 1
    return true
  end
  return false
end

local first, mentions, ids, out = {}, {}, {}, {}
for i = 1, (#KEYS - 1) / 2 do
  local viewer_key, question_key = KEYS[2 * i], KEYS[2 * i + 1]
  local comment_id, signature = ARGV[ARGS + 2 * i - 1], ARGV[ARGS + 2 * i]
  if holding(viewer_key) then
    out[i] = 'viewer_cooldown'
  else
    local f = first[question_key]
    if f and mentions[f] < max_mentions then
      mentions[f] = mentions[f] + 1
      out[i] = 'merged_into:' .. ids[f]
    elseif holding(question_key) == signature then
      out[i] = 'answered_recently'
    elseif not take() then
      out[i] = 'reply_budget'  -- the viewer is not remembered: sent again after retry_after_ms, it is answered
    else
      remember(question_key, signature, question_until, question_px)
      first[question_key], ids[i], mentions[i] = i, comment_id, 1
      out[i] = ''
    end
    if out[i] ~= 'reply_budget' then remember(viewer_key, comment_id, viewer_until, viewer_px) end
  end
end

if took and not dry then
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'updated_ms', stamp)
  redis.call('PEXPIRE', KEYS[1], budget_px)
end
out[#out + 1] = string.format('%.17g', tokens)
return out
