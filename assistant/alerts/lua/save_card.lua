-- Saves one host card, and what it owes the outbox, in one atomic step on the stream's slot.
-- One card per product and slot is on screen: "stock" (the alert engine's) or "waitlist:<sku>" (a
-- back-in-stock notice for that variant's waiting viewers). A new card replaces its slot's previous card
-- and the cards the caller names. A waitlist card announces a return, so it also replaces the product's
-- back-in-stock stock card for that variant; an engine back-in-stock card for a return a waitlist card
-- already announced is saved (the engine keeps updating it) but replaced at once, so it is never shown.
-- KEYS: 1 cards, 2 idx, 3 latest, 4 acks, 5 superseded, 6 slots, 7 pending (outbox owed): one room's slot
-- ARGV: 1 card id, 2 card JSON, 3 idx score, 4 product id, 5 slot, 6 counterpart slot field ('' if none),
--       7 this card's slot meta JSON {id, level, sku, movement, ts}, 8 track latest (1/0), 9 retention (s),
--       10 events channel, 11 fence token ('' for none; else saved only while the lease is surely ours: before
--       12, its deadline in Redis time, infra/lua/_lease.lua lease_valid; the lease key is in another
--       Cluster slot), 13 same-return window (ms),
--       14 n supersede ids, then those ids, then n pending events, then (dedupe key, event JSON) pairs
local id, product, slot = ARGV[1], ARGV[4], ARGV[5]
if ARGV[11] ~= '' and not lease_valid(ARGV[12]) then
  return redis.error_reply('LEASE_LOST the alerts lease is another worker\'s')
end
local me = cjson.decode(ARGV[7])
local supersedes, seen = {}, {}
local function replace(old)
  if old and old ~= '' and old ~= id and not seen[old] then
    seen[old] = true
    supersedes[#supersedes + 1] = old
  end
end
local n = tonumber(ARGV[14])
for i = 1, n do replace(ARGV[14 + i]) end
local own = redis.call('HGET', KEYS[6], product .. '|' .. slot)
if own then replace(cjson.decode(own).id) end

local superseded_by = redis.call('HGET', KEYS[5], id)  -- an update of a card already replaced stays replaced
if not superseded_by then superseded_by = nil end
if ARGV[6] ~= '' then
  local raw = redis.call('HGET', KEYS[6], product .. '|' .. ARGV[6])
  local other = raw and cjson.decode(raw)
  if other and not redis.call('HGET', KEYS[5], other.id) then
    if slot == 'stock' then
      local same_move = other.movement ~= '' and other.movement == me.movement
      local close = math.abs(tonumber(other.ts) - tonumber(me.ts)) <= tonumber(ARGV[13])
      if me.level == 'back_in_stock' and other.sku == me.sku and (same_move or close) then superseded_by = other.id end
    elseif other.level == 'back_in_stock' and other.sku == me.sku then
      replace(other.id)
    end
  end
end

redis.call('HSET', KEYS[1], id, ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], id)
if ARGV[8] == '1' then redis.call('HSET', KEYS[3], product, id) end
if superseded_by then
  redis.call('HSET', KEYS[5], id, superseded_by)
else
  redis.call('HSET', KEYS[6], product .. '|' .. slot, ARGV[7])
end
for _, old in ipairs(supersedes) do redis.call('HSET', KEYS[5], old, id) end
local base = 15 + n
local events = tonumber(ARGV[base])
for i = 0, events - 1 do redis.call('HSET', KEYS[7], ARGV[base + 1 + 2 * i], ARGV[base + 2 + 2 * i]) end
for i = 1, 7 do redis.call('EXPIRE', KEYS[i], ARGV[9]) end

local quoted = {}
for i, old in ipairs(supersedes) do quoted[i] = cjson.encode(old) end
local event = '{"event":"card","card":' .. ARGV[2] .. ',"supersedes":[' .. table.concat(quoted, ',') .. '],'
  .. '"superseded_by":' .. (superseded_by and cjson.encode(superseded_by) or 'null') .. '}'
redis.call('PUBLISH', ARGV[10], event)
return {superseded_by or '', unpack(supersedes)}
