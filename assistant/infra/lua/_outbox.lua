-- A room's outbox read: the entries after its cursor, with the cursor they were read from (shared by the
-- waitlist's pending_parts and the comments response's opening read).
local function outbox_after(cursor_key, outbox_key, count)
  local cursor = redis.call('GET', cursor_key) or ''
  local start = '-'
  if cursor ~= '' then start = '(' .. cursor end
  return cursor, redis.call('XRANGE', outbox_key, start, '+', 'COUNT', count)
end
