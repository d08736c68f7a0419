-- Kits of pre-packed bundles (issue 17), prepended to pack_bundle.lua and unpack_bundle.lua after _warehouses.lua.
-- KEYS: movements, the kit's SKU block (KEYS[2]), then one block per component.
-- ARGV after the head: kit sku, warehouse ('' = the kit's first), kits, reason, n, (component sku, qty per kit)*n

local function kit_call()
  local A = ARG0
  local call = {kit = ARGV[A + 1], warehouse = ARGV[A + 2], kits = tonumber(ARGV[A + 3]), reason = ARGV[A + 4],
    parts = {}}
  for i = 1, tonumber(ARGV[A + 5]) do
    call.parts[i] = {sku = ARGV[A + 4 + 2 * i], per = tonumber(ARGV[A + 5 + 2 * i]), b = 2 + i * SKU_KEYS}
  end
  return call
end

-- Every SKU in the ledger, then the op journal (a replay answers its first answer), then expired holds dropped.
local function kit_start(verb, call)
  for _, part in ipairs({{sku = call.kit, b = 2}, unpack(call.parts)}) do
    if redis.call('EXISTS', KEYS[part.b]) == 0 then
      return reject('unknown_sku', 'SKU ' .. part.sku .. ' is not in the ledger', {sku = part.sku})
    end
  end
  local seen = op_replay(2, verb)
  if seen then return seen end
  purge_block(2, call.kit)
  for _, part in ipairs(call.parts) do purge_block(part.b, part.sku) end
  return nil
end

-- Where the kits are packed or unpacked: the named warehouse, else the kit's first; nil without warehouses.
local function kit_warehouse(call)
  if not wh_list(2) then return nil end
  if call.warehouse ~= '' then return call.warehouse end
  return wh_primary(2)
end

-- Units block b can give up at warehouse w: its sellable there (never its safety, sold or held units).
local function kit_available(b, w)
  local s = sellable_of(KEYS[b])
  if w and wh_list(b) then
    local here = 0
    if wh_has(b, w) then here = wh_available(b, w) end
    if here < s then s = here end
  end
  return s
end

local function kit_short(sku, w, need, left, what)
  local where = ''
  if w then where = ' at ' .. w end
  return reject('insufficient_stock', 'only ' .. left .. ' of ' .. sku .. where .. ' can ' .. what .. ', '
    .. need .. ' needed', {sku = sku, warehouse = w, requested = need, available = left})
end

-- Moves delta units (negative: out) of block b's count at warehouse w; a warehouse new to the SKU opens at zero.
local function kit_shift(b, sku, w, delta, kind, extra)
  local before = sellable_of(KEYS[b])
  redis.call('HINCRBY', KEYS[b], 'on_hand', delta)
  if w and wh_list(b) then
    if not wh_has(b, w) then
      local order = wh_list(b)
      table.insert(order, w)
      redis.call('HSET', KEYS[b + WH], 'order', cjson.encode(order), w .. ':on_hand', 0, w .. ':safety', 0, w .. ':sold', 0)
    end
    wh_add(b, w, 'on_hand', delta)
  end
  extra.warehouse, extra.op = w, OP
  log_move(b, sku, kind, delta, before, extra)
end

-- Every component's units and the kit's count after, the verb's answer (journalled).
local function kit_answer(verb, call, w)
  local parts = {}
  for _, part in ipairs(call.parts) do
    table.insert(parts, {sku = part.sku, qty = part.per * call.kits, sellable = sellable_of(KEYS[part.b])})
  end
  local action = 'pack'
  if verb == 'unpack_bundle' then action = 'unpack' end
  return op_done(2, verb, {'done', cjson.encode({bundle = call.kit, action = action, qty = call.kits, warehouse = w,
    sellable = sellable_of(KEYS[2]), components = parts})})
end

local function kit_recipe(call)
  local names = {}
  for _, part in ipairs(call.parts) do table.insert(names, part.sku .. ':' .. part.per) end
  return table.concat(names, ',')
end
