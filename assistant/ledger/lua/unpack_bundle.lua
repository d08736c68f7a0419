-- Unpacks unsold kits of a pre-packed bundle back into its components (issue 17): the kit's count goes down by
-- kits, every component's up by its qty per kit × kits, at one warehouse; only sellable kits (never sold, held or
-- safety ones). KEYS and ARGV: see _kits.lua.
local call = kit_call()
local early = kit_start('unpack_bundle', call)
if early then return early end
local w = kit_warehouse(call)
local left = kit_available(2, w)
if call.kits > left then return kit_short(call.kit, w, call.kits, left, 'be unpacked (unsold kits)') end
kit_shift(2, call.kit, w, -call.kits, 'unpack', {ref = call.kit, components = kit_recipe(call), reason = call.reason})
for _, part in ipairs(call.parts) do
  kit_shift(part.b, part.sku, w, part.per * call.kits, 'unpack', {ref = call.kit, reason = call.reason})
end
return kit_answer('unpack_bundle', call, w)
