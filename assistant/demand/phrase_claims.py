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
from assistant.infra.lua import lua_source


def phrasing_field(p: Phrase) -> str:
    """The phrase table field of one phrasing as asked ("colour|紫的")."""
    return f"{p.kind}|{p.raw}"


def key_field(p: Phrase) -> str:
    """The phrase table field every phrasing with the same exact key shares ("colour#purple")."""
    return f"{p.kind}#{p.key}"


class PhraseClaims:
    def __init__(self, redis: Redis, *, retention_s: int):
        self.retention_s = retention_s
        self._script = redis.register_script(lua_source("assistant.demand", "claim_phrases"))

    async def claim(self, stream_id: str, proposals: Sequence[tuple[Phrase, str]]) -> list[str]:
        """proposals: (phrasing, the group this worker decided); returns the group each phrasing has now."""
        args: list[str | int] = [self.retention_s]
        for p, group_id in proposals:
            args += [phrasing_field(p), key_field(p), group_id]
        winners = await self._script(keys=[keys.phrases(stream_id)], args=args)
        return [w.decode() if isinstance(w, bytes) else str(w) for w in winners]
