-- Compacts the order records of one bucket whose cancel window has passed (see compact_order in the prelude).
-- KEYS: movements (unused), the bucket's compact-due zset, then the order records read from it as due.
-- ARGV: head (see prelude). Answers how many records it compacted; a record gone or not yet due is left alone.
local done = 0
for i = 3, #KEYS do
  local due = redis.call('ZSCORE', KEYS[2], KEYS[i])
  if due and tonumber(due) <= NOW then
    -- a compacted record has no lines (a cancelled one was compacted by its cancel)
    if redis.call('HEXISTS', KEYS[i], 'lines') == 1 and compact_order(KEYS[i]) then done = done + 1 end
    redis.call('ZREM', KEYS[2], KEYS[i])
  end
end
return done
