-- The room's notice parts after its outbox cursor, with the cursor they were read from: one round trip.
-- (prelude: _outbox)  KEYS: [1] outbox cursor, [2] outbox stream.  ARGV: [1] how many
-- Returns {cursor or '', {id, fields}...}.
local cursor, parts = outbox_after(KEYS[1], KEYS[2], ARGV[1])
return {cursor, parts}
