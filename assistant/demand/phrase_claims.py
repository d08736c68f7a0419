"""The phrase table's first-writer-wins claim, so every worker maps one phrasing to one group.

Each worker has its own chroma index, so two workers meeting a new phrasing at the same moment can decide
different groups for it. Written with HSET, the last writer won the table while the first kept its own answer
cached, and one missing thing was counted under two groups. A claim writes with HSETNX and answers what the
table holds afterwards: whoever lost adopts the winner's group.
"""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

from assistant.demand import keys
from assistant.demand.phrases import Phrase

# KEYS[1] the stream's phrase table; ARGV[1] the TTL; then triples: phrasing field, key field, proposed group.
# The key field is claimed first and the phrasing takes the key's winner: two spellings with one key ("帽子",
# "帽子吗") claimed by two workers at once land in one group too. Returns each phrasing's group.
CLAIM_LUA = """
local winners = {}
for i = 2, #ARGV, 3 do
  redis.call('HSETNX', KEYS[1], ARGV[i + 1], ARGV[i + 2])
  redis.call('HSETNX', KEYS[1], ARGV[i], redis.call('HGET', KEYS[1], ARGV[i + 1]))
  winners[#winners + 1] = redis.call('HGET', KEYS[1], ARGV[i])
end
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[1]) - 600 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return winners
"""


def phrasing_field(p: Phrase) -> str:
    """The phrase table field of one phrasing as asked ("colour|紫的")."""
    return f"{p.kind}|{p.raw}"


def key_field(p: Phrase) -> str:
    """The phrase table field every phrasing with the same exact key shares ("colour#purple")."""
    return f"{p.kind}#{p.key}"


class PhraseClaims:
    def __init__(self, redis: Redis, *, retention_s: int):
        self.retention_s = retention_s
        self._script = redis.register_script(CLAIM_LUA)

    async def claim(self, stream_id: str, proposals: Sequence[tuple[Phrase, str]]) -> list[str]:
        """proposals: (phrasing, the group this worker decided); returns the group each phrasing has now."""
        args: list[str | int] = [self.retention_s]
        for p, group_id in proposals:
            args += [phrasing_field(p), key_field(p), group_id]
        winners = await self._script(keys=[keys.phrases(stream_id)], args=args)
        return [w.decode() if isinstance(w, bytes) else str(w) for w in winners]
