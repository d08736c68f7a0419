-- Shared helpers, prepended to every verb script when it is registered.
-- Calling convention: KEYS[1] is the movement stream; ARGV[1] now (ms), ARGV[2] stream maxlen, ARGV[3] actor,
-- ARGV[4] operation id, ARGV[5] how long an operation's answer is remembered (ms), ARGV[6] how long a SKU's own
-- history keeps a movement (ms), ARGV[7] how long a SKU's buyer counts live after its last sale (ms), ARGV[8] how
-- long an accepted order may be cancelled before its record is compacted (ms); the verb's own arguments start at
-- ARGV[9] (ARG0 + 1).
-- A script answers an outcome, data the service turns into HTTP (assistant/ledger/outcomes.py):
--   {'done' | 'created', JSON body[, 1 when replayed]} or {'refused', JSON {error = {code, message, details}}}.
-- A SKU's keys come as a block of SKU_KEYS, all under the SKU's hash tag (assistant/ledger/keys.py, same order);
-- KEYS[b + HOLDS] is block b's holds zset, and so on:
local V, HOLDS, HOLD_QTY, MOVES, BUYERS, CAPS, CAP_SOLD, ALLOC, CH_SOLD, INCOMING, OPS, OPS_DUE, WH, XFERS =
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
--   V counters hash, HOLDS holds zset (id -> expiry ms), HOLD_QTY hold qty hash, MOVES the SKU's own history
--   (a stream of its movements, same entry ids as the bucket's stream; read blocks are V..MOVES), BUYERS buyers hash,
--   CAPS caps hash (scope -> limit), CAP_SOLD cap sold hash, ALLOC channel allocation hash, CH_SOLD channel sold
--   hash, INCOMING incoming hash, OPS operation journal hash (op id -> answer), OPS_DUE journal expiry zset
--   (op id -> forget-after ms), WH warehouses hash and XFERS transfers hash (issue 17; see _warehouses.lua)
local SKU_KEYS = 14
-- issue 17: the buyer's region of the order being checked or booked ('' = none); a verb sets it before
-- check_sale/book_sale, which add its cap scope and per-region buyer limit.
local REGION = ''
local NOW = tonumber(ARGV[1])
local MAXLEN = ARGV[2]
local ACTOR = ARGV[3]
local OP = ARGV[4]
local OP_KEEP_MS = tonumber(ARGV[5])
local HISTORY_KEEP_MS = tonumber(ARGV[6])
local BUYERS_KEEP_MS = tonumber(ARGV[7])
local CANCEL_MS = tonumber(ARGV[8])
local ARG0 = 8

local function num(x) return tonumber(x) or 0 end

local function sellable_of(vkey)
  local r = redis.call('HMGET', vkey, 'on_hand', 'safety', 'sold', 'held')
  local s = num(r[1]) - num(r[2]) - num(r[3]) - num(r[4])
  if s < 0 then return 0 end
  return s
end

-- Appends one movement of SKU block b: who, what, why, sellable before/after, the counters after. It goes to the
-- bucket's stream (consumers) and, with the same entry id, to the SKU's own history, trimmed by age (Redis time,
-- the id's milliseconds, never the ledger clock a test or replay may set), so one SKU's history is read there
-- without scanning everyone's movements.
local function move(b, sku, kind, qty, before, extra)
  local vkey = KEYS[b]
  local r = redis.call('HMGET', vkey, 'on_hand', 'sold', 'product')
  local fields = {'type', kind, 'sku', sku, 'product', r[3] or '', 'qty', qty, 'before', before,
    'after', sellable_of(vkey), 'on_hand', num(r[1]), 'sold', num(r[2]), 'actor', ACTOR, 'ts', NOW}
  if extra then
    for k, v in pairs(extra) do
      if v ~= nil and v ~= '' then table.insert(fields, k); table.insert(fields, v) end
    end
  end
  local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', MAXLEN, '*', unpack(fields))
  local oldest = tonumber(string.match(id, '^(%d+)')) - HISTORY_KEEP_MS
  if oldest < 0 then oldest = 0 end
  -- The bucket's stream recreated (deleted by hand) may hand out an id below the history's last: '*' then.
  local copied = redis.pcall('XADD', KEYS[b + MOVES], 'MINID', '~', oldest, id, unpack(fields))
  if type(copied) == 'table' and copied.err then
    redis.call('XADD', KEYS[b + MOVES], 'MINID', '~', oldest, '*', unpack(fields))
  end
end

-- A hold's units count against its channel's allocation until the hold ends, so holds can neither take more
-- than the channel's share nor block the other channels' units twice. Kept in the hold qty hash under fields
-- no hold id can be (ids have no ':'): 'ch:<hold id>' -> channel, 'held:<channel>' -> units on hold.
local function track_hold(qty_key, id, channel, qty)
  redis.call('HSET', qty_key, id, qty, 'ch:' .. id, channel)
  redis.call('HINCRBY', qty_key, 'held:' .. channel, qty)
end

local function untrack_hold(qty_key, id, qty)
  local channel = redis.call('HGET', qty_key, 'ch:' .. id)
  if channel then redis.call('HINCRBY', qty_key, 'held:' .. channel, -qty) end
  redis.call('HDEL', qty_key, id, 'ch:' .. id)
  -- issue 17: the hold's units per warehouse ('wh:<hold id>' -> allocation, 'whheld:<warehouse>' -> units)
  local placed = redis.call('HGET', qty_key, 'wh:' .. id)
  if placed then
    for _, part in ipairs(cjson.decode(placed)) do
      redis.call('HINCRBY', qty_key, 'whheld:' .. part.warehouse, -part.qty)
    end
    redis.call('HDEL', qty_key, 'wh:' .. id)
  end
end

-- Expired holds stop counting the moment anything reads or writes the SKU, not when a reaper runs.
local function purge_block(b, sku)
  local vkey, holds_key, qty_key = KEYS[b], KEYS[b + HOLDS], KEYS[b + HOLD_QTY]
  local expired = redis.call('ZRANGEBYSCORE', holds_key, '-inf', NOW)
  for _, id in ipairs(expired) do
    local qty = num(redis.call('HGET', qty_key, id))
    local before = sellable_of(vkey)
    redis.call('HINCRBY', vkey, 'held', -qty)
    redis.call('HINCRBY', vkey, 'expired', qty)
    redis.call('ZREM', holds_key, id)
    untrack_hold(qty_key, id, qty)
    move(b, sku, 'hold_expired', qty, before, {ref = id, actor = 'system'})
  end
end


-- Units a channel may still take: the pool minus what other channels have reserved, capped by its own allocation.
local function channel_available(b, channel)
  local pool = sellable_of(KEYS[b])
  local alloc = redis.call('HGETALL', KEYS[b + ALLOC])
  local own = nil
  for i = 1, #alloc, 2 do
    local ch, units = alloc[i], num(alloc[i + 1])
    local left = units - num(redis.call('HGET', KEYS[b + CH_SOLD], ch)) - num(redis.call('HGET', KEYS[b + HOLD_QTY], 'held:' .. ch))
    if left < 0 then left = 0 end
    if ch == channel then own = left else pool = pool - left end
  end
  if pool < 0 then pool = 0 end
  if own ~= nil and own < pool then return own end
  return pool
end

local function cap_scopes(channel, stream)
  local scopes = {'*', 'channel:' .. channel}
  if stream ~= '' then table.insert(scopes, 'stream:' .. stream) end
  if REGION ~= '' then table.insert(scopes, 'region:' .. REGION) end  -- issue 17: a per-region cap
  return scopes
end

-- A refusal: nothing changed. Its code names what was wrong; the service decides its HTTP status.
local function reject(code, message, details)
  return {'refused', cjson.encode({error = {code = code, message = message, details = details}})}
end

-- An outcome stored before outcomes were names (an HTTP status then), read back as its outcome.
local function stored_outcome(outcome, status)
  if outcome then return outcome end
  status = tonumber(status)
  if status == nil then return nil end
  if status == 201 then return 'created' end
  if status < 400 then return 'done' end
  return 'refused'
end

-- The first SKU block of a multi-line verb is KEYS[first]; line i's block starts here.
local function line_block(first, i) return first + (i - 1) * SKU_KEYS end

-- A multi-line verb on a stored order or hold declares the SKU blocks of the lines the service read before the
-- call: if the record's lines changed in between, its keys are not the ones declared, and it refuses (retry).
local function lines_changed(first, lines, code, message, details)
  if #KEYS ~= first - 1 + #lines * SKU_KEYS then return reject(code, message .. '; retry', details) end
  return nil
end

-- Checks one sale line against stock, channel allocation, buyer limit and flash caps; nil when it fits.
local function check_sale(b, sku, qty, buyer, channel, stream, from_hold)
  if redis.call('EXISTS', KEYS[b]) == 0 then
    return reject('unknown_sku', 'SKU ' .. sku .. ' is not in the ledger', {sku = sku})
  end
  if not from_hold then
    local available = channel_available(b, channel)
    if qty > available then
      return reject('insufficient_stock', 'only ' .. available .. ' of ' .. sku .. ' can be sold, ' .. qty .. ' asked',
        {sku = sku, requested = qty, available = available})
    end
  end
  local limit = num(redis.call('HGET', KEYS[b], 'buyer_limit'))
  if limit > 0 then
    local bought = num(redis.call('HGET', KEYS[b + BUYERS], buyer))
    if bought + qty > limit then
      return reject('buyer_limit_exceeded', 'buyer ' .. buyer .. ' may buy ' .. limit .. ' of ' .. sku .. ' and has ' .. bought,
        {sku = sku, limit = limit, bought = bought, requested = qty})
    end
  end
  if REGION ~= '' then  -- issue 17: a per-region buyer limit
    local region_limit = num(redis.call('HGET', KEYS[b + CAPS], 'buyer@region:' .. REGION))
    local bought = num(redis.call('HGET', KEYS[b + CAP_SOLD], 'buyer@' .. REGION .. ':' .. buyer))
    if region_limit > 0 and bought + qty > region_limit then
      return reject('buyer_limit_exceeded', 'a buyer in ' .. REGION .. ' may buy ' .. region_limit .. ' of ' .. sku
        .. ' and ' .. buyer .. ' has ' .. bought, {sku = sku, limit = region_limit, bought = bought, requested = qty, region = REGION})
    end
  end
  for _, scope in ipairs(cap_scopes(channel, stream)) do
    local cap = redis.call('HGET', KEYS[b + CAPS], scope)
    if cap then
      local sold = num(redis.call('HGET', KEYS[b + CAP_SOLD], scope))
      if sold + qty > tonumber(cap) then
        return reject('flash_cap_reached', 'the flash-sale cap of ' .. cap .. ' for ' .. sku .. ' (' .. scope .. ') is reached',
          {sku = sku, scope = scope, cap = tonumber(cap), sold = sold, requested = qty})
      end
    end
  end
  return nil
end

-- Books a sale line's counters (sign 1) or takes them back on cancel (sign -1). The buyer counts (the buyer
-- limit's) live BUYERS_KEEP_MS after the SKU's last sale or cancel: they expire with the sale they belong to
-- instead of growing with every buyer ever. A cancel after they expired takes nothing below zero.
local function book_sale(b, qty, buyer, channel, stream, sign)
  redis.call('HINCRBY', KEYS[b], 'sold', sign * qty)
  if redis.call('HINCRBY', KEYS[b + BUYERS], buyer, sign * qty) <= 0 then redis.call('HDEL', KEYS[b + BUYERS], buyer) end
  if redis.call('EXISTS', KEYS[b + BUYERS]) == 1 then redis.call('PEXPIRE', KEYS[b + BUYERS], BUYERS_KEEP_MS) end
  redis.call('HINCRBY', KEYS[b + CH_SOLD], channel, sign * qty)
  for _, scope in ipairs(cap_scopes(channel, stream)) do
    redis.call('HINCRBY', KEYS[b + CAP_SOLD], scope, sign * qty)
  end
  if REGION ~= '' then redis.call('HINCRBY', KEYS[b + CAP_SOLD], 'buyer@' .. REGION .. ':' .. buyer, sign * qty) end
end

-- The operation journal makes every SKU verb idempotent: a command redis-py re-sent after a time-out, or an HTTP
-- request replayed with the same Idempotency-Key, finds its op id here and answers the first run's answer
-- instead of moving stock again. The fingerprint (verb, actor, arguments) tells a replay from a reused key.
local function op_fingerprint(verb)
  return redis.sha1hex(verb .. '\n' .. ACTOR .. '\n' .. table.concat(ARGV, '\n', ARG0 + 1))
end

-- The remembered answer of this op on SKU block b (third element 1: a replay), a refusal for a key reused for
-- another request, or nil when the op has not run. Forgets a few expired ops on the way (bounded work).
local function op_replay(b, verb)
  local journal, due = KEYS[b + OPS], KEYS[b + OPS_DUE]
  local old = redis.call('ZRANGEBYSCORE', due, '-inf', NOW, 'LIMIT', 0, 16)
  if #old > 0 then
    redis.call('HDEL', journal, unpack(old))
    redis.call('ZREM', due, unpack(old))
  end
  local seen = redis.call('HGET', journal, OP)
  if not seen then return nil end
  local record = cjson.decode(seen)
  if record.fp ~= op_fingerprint(verb) then
    return reject('idempotency_conflict', 'operation ' .. OP .. ' was already used for a different request',
      {op_id = OP})
  end
  return {stored_outcome(record.outcome, record.status), record.body, 1}
end

-- Remembers the answer of this op on SKU block b and returns it.
local function op_done(b, verb, answer)
  redis.call('HSET', KEYS[b + OPS], OP, cjson.encode({fp = op_fingerprint(verb), outcome = answer[1], body = answer[2]}))
  redis.call('ZADD', KEYS[b + OPS_DUE], NOW + OP_KEEP_MS, OP)
  return answer
end

-- An order record once the order is final (cancelled, or accepted and past its cancel window): only what a
-- replay of its id and of its cancel needs (fingerprint, status, answer), the bulky parts (lines, buyer, channel,
-- allocation ...) dropped. Rewritten, not HDELed: a hash Redis once encoded as a table stays one. Same TTL.
local FINAL_FIELDS = {'fp', 'status', 'outcome', 'response', 'hold', 'cancel_op', 'cancel_response'}
local function compact_order(key)
  local ttl = redis.call('PTTL', key)
  if ttl <= 0 then return false end
  local values = redis.call('HMGET', key, unpack(FINAL_FIELDS))
  local fields = {}
  for i, name in ipairs(FINAL_FIELDS) do
    if values[i] then table.insert(fields, name); table.insert(fields, values[i]) end
  end
  redis.call('DEL', key)
  redis.call('HSET', key, unpack(fields))
  redis.call('PEXPIRE', key, ttl)
  return true
end

-- An accepted order's record becomes final CANCEL_MS from now: listed in the bucket's compact-due zset.
local function compact_later(due_key, order_key)
  redis.call('ZADD', due_key, NOW + CANCEL_MS, order_key)
end

-- A sale's own record (its order or hold id is the operation id): nil when the id is new; else the first
-- answer again (a replay), or a refusal when the id came before with another body.
local function sale_replay(key, fp, what, id, done)
  local seen = redis.call('HMGET', key, 'fp', 'outcome', 'response', 'status_code')
  if not seen[1] then return nil end
  if seen[1] ~= fp then
    return reject('idempotency_conflict', what .. ' ' .. id .. ' was already ' .. done .. ' with a different body',
      {[what .. '_id'] = id})
  end
  return {stored_outcome(seen[2], seen[4]) or 'created', seen[3], 1}  -- a hold record's answer is its creation
end

-- The start of a single-SKU verb (KEYS[2] is the SKU's block): the SKU must be in the ledger, then the same op
-- sent again answers its first answer. Returns the answer to give now, or nil to go on.
local function sku_verb_start(verb, sku)
  if redis.call('EXISTS', KEYS[2]) == 0 then
    return reject('unknown_sku', 'SKU ' .. sku .. ' is not in the ledger', {sku = sku})
  end
  return op_replay(2, verb)
end

-- A single-SKU verb's read before it changes anything: expired holds dropped, then the sellable figure.
local function sku_before(sku)
  purge_block(2, sku)
  return sellable_of(KEYS[2])
end
