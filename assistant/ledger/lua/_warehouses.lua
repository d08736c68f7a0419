-- Warehouses of a SKU (issue 17), prepended after _prelude.lua. All in the SKU's own block (one slot):
--   KEYS[b + WH] hash: '<W>:on_hand', '<W>:safety', '<W>:sold', '<W>:incoming' per warehouse W, and
--     'order' (JSON list of the SKU's warehouses, catalog priority order). No 'order': the SKU is in the one
--     implicit warehouse 'default' (a catalog without warehouses) and nothing per warehouse is kept.
--   KEYS[b + HOLD_QTY] (hold qty hash): 'whheld:<W>' units on live holds per warehouse, 'wh:<hold id>' a hold's allocation.
--   KEYS[b + XFERS] hash: transfer id -> JSON record.
-- The counters hash stays the sum over the warehouses, so every sellable figure outside stays one read.
local DEFAULT_WAREHOUSE = 'default'

-- One movement of SKU block b (the one place the new verbs name the movement layout).
local function log_move(b, sku, kind, qty, before, extra)
  move(b, sku, kind, qty, before, extra)
end

local function wh_list(b)
  local raw = redis.call('HGET', KEYS[b + WH], 'order')
  if raw then return cjson.decode(raw) end
  return nil
end

local function wh_has(b, w)
  for _, known in ipairs(wh_list(b) or {}) do if known == w then return true end end
  return false
end

-- Units warehouse W can still sell: its count minus its safety stock, sales and live holds.
local function wh_available(b, w)
  local r = redis.call('HMGET', KEYS[b + WH], w .. ':on_hand', w .. ':safety', w .. ':sold')
  local s = num(r[1]) - num(r[2]) - num(r[3]) - num(redis.call('HGET', KEYS[b + HOLD_QTY], 'whheld:' .. w))
  if s < 0 then return 0 end
  return s
end

-- The allocation plan of this call: its last argument, {region, order = eligible warehouses in draw order,
-- split = those that may ship part of a line}. Sets REGION for the checks.
local function read_plan()
  local plan = cjson.decode(ARGV[#ARGV])
  REGION = plan.region or ''
  return plan
end

-- Which warehouses a line of qty is drawn from (docs/WAREHOUSES.md): the first warehouse of the plan's order
-- with enough ships it whole; else the splittable ones in that order; else nil and a refusal, nothing taken.
local function allocate(b, sku, qty, plan)
  local own = wh_list(b)
  if not own then return {{warehouse = DEFAULT_WAREHOUSE, qty = qty}} end
  local stocked = {}
  for _, w in ipairs(own) do stocked[w] = true end
  local order = plan.order
  if not plan.warehoused then order = own end
  local splittable = {}
  for _, w in ipairs(plan.split or order) do splittable[w] = true end
  if not plan.warehoused then for _, w in ipairs(own) do splittable[w] = true end end
  local best = 0
  for _, w in ipairs(order) do
    if stocked[w] then
      local left = wh_available(b, w)
      if left >= qty then return {{warehouse = w, qty = qty}} end
      if left > best then best = left end
    end
  end
  local taken, left, total = {}, qty, 0
  for _, w in ipairs(order) do
    if stocked[w] and splittable[w] and left > 0 then
      local units = math.min(left, wh_available(b, w))
      if units > 0 then
        table.insert(taken, {warehouse = w, qty = units})
        left = left - units
        total = total + units
      end
    end
  end
  if left == 0 then return taken end
  if total > best then best = total end
  return nil, reject('insufficient_stock', 'only ' .. best .. ' of ' .. sku .. ' can ship to '
    .. (REGION ~= '' and REGION or 'this buyer') .. ', ' .. qty .. ' asked',
    {sku = sku, requested = qty, available = best, region = REGION})
end

-- A new sale line on block b (expired holds dropped first): checked against stock, allocation, limits and caps,
-- then drawn from the plan's warehouses. Answers (allocation, nil) or (nil, the refusal).
local function new_sale_line(b, sku, qty, buyer, channel, stream, plan)
  if redis.call('EXISTS', KEYS[b]) == 1 then purge_block(b, sku) end
  local failed = check_sale(b, sku, qty, buyer, channel, stream, false)
  if failed then return nil, failed end
  return allocate(b, sku, qty, plan)
end

-- Books an allocation's units as sold (sign 1) or gives them back (sign -1), per warehouse.
local function wh_book_sold(b, alloc, sign)
  for _, part in ipairs(alloc) do
    if part.warehouse ~= DEFAULT_WAREHOUSE then
      redis.call('HINCRBY', KEYS[b + WH], part.warehouse .. ':sold', sign * part.qty)
    end
  end
end

local function wh_track_hold(b, id, alloc)
  if alloc[1].warehouse == DEFAULT_WAREHOUSE then return end
  redis.call('HSET', KEYS[b + HOLD_QTY], 'wh:' .. id, cjson.encode(alloc))
  for _, part in ipairs(alloc) do redis.call('HINCRBY', KEYS[b + HOLD_QTY], 'whheld:' .. part.warehouse, part.qty) end
end

local function wh_hold_alloc(b, id, qty)
  local raw = redis.call('HGET', KEYS[b + HOLD_QTY], 'wh:' .. id)
  if raw then return cjson.decode(raw) end
  return {{warehouse = DEFAULT_WAREHOUSE, qty = qty}}
end

-- The allocation as a movement field: 'GZ:3,SH:2'.
local function alloc_text(alloc)
  local parts = {}
  for _, part in ipairs(alloc) do table.insert(parts, part.warehouse .. ':' .. part.qty) end
  return table.concat(parts, ',')
end

-- Stock that arrives or is counted without naming a warehouse lands in the SKU's first one.
local function wh_primary(b)
  local own = wh_list(b)
  if own then return own[1] end
  return nil
end

local function wh_add(b, w, field, qty)
  if w then redis.call('HINCRBY', KEYS[b + WH], w .. ':' .. field, qty) end
end

-- A transfer verb's start: the op journal (a replay answers its first answer), then the transfer's record, in
-- the status the verb moves it from (status nil: any; else refused with code). Answers (record, nil) or (nil,
-- the answer to return).
local function transfer_of(verb, sku, id, status, code)
  local seen = op_replay(2, verb)
  if seen then return nil, seen end
  local raw = redis.call('HGET', KEYS[2 + XFERS], id)
  if not raw then
    return nil, reject('transfer_not_found', 'no transfer ' .. id .. ' of ' .. sku, {sku = sku, transfer_id = id})
  end
  local t = cjson.decode(raw)
  if status and t.status ~= status then
    return nil, reject(code, 'transfer ' .. id .. ' is ' .. t.status, {transfer_id = id, status = t.status})
  end
  return t, nil
end
