-- Packs kits of a pre-packed bundle from its components (issue 17): every component's count goes down by its qty
-- per kit × kits and the kit's count up by kits, at one warehouse; all or nothing, from sellable units only
-- (a component's safety stock, sold or held units are never packed). KEYS and ARGV: see _kits.lua.
local call = kit_call()
local early = kit_start('pack_bundle', call)
if early then return early end
local w = kit_warehouse(call)
for _, part in ipairs(call.parts) do
  local need, left = part.per * call.kits, kit_available(part.b, w)
  if need > left then return kit_short(part.sku, w, need, left, 'go into kits of ' .. call.kit) end
end
for _, part in ipairs(call.parts) do
  kit_shift(part.b, part.sku, w, -part.per * call.kits, 'pack', {ref = call.kit, reason = call.reason})
end
kit_shift(2, call.kit, w, call.kits, 'pack', {ref = call.kit, components = kit_recipe(call), reason = call.reason})
return kit_answer('pack_bundle', call, w)
