"""Loads each verb's Lua file once, prefixed with the shared prelude, as a registered Script."""

from __future__ import annotations

from functools import cache
from importlib import resources

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from assistant.infra.redis_client import declare_replay_safe
from assistant.infra.stream_wake import on_cluster

VERBS = (
    "place_order", "cancel_order", "place_hold", "confirm_hold", "release_hold", "restock",
    "correct_count", "set_policy", "add_incoming", "receive_incoming", "upsert_sku", "read_skus",
    "stock_warehouse", "transfer_propose", "transfer_confirm", "transfer_receive", "transfer_cancel",  # issue 17
    "pack_bundle", "unpack_bundle",  # issue 17
    "compact_orders",
)

_HELPERS = {"pack_bundle": ("_kits.lua",), "unpack_bundle": ("_kits.lua",)}  # besides every verb's prelude


@cache
def script_source(verb: str) -> str:
    lua = resources.files("assistant.ledger") / "lua"
    helpers = ("_prelude.lua", "_warehouses.lua", *_HELPERS.get(verb, ()))
    return "\n".join((lua / name).read_text() for name in (*helpers, f"{verb}.lua"))


class LedgerScripts:
    def __init__(self, redis: Redis):
        self._scripts: dict[str, AsyncScript] = {v: redis.register_script(script_source(v)) for v in VERBS}
        # Every verb answers a re-sent call from its op journal (or order/hold record): the client may re-send.
        declare_replay_safe({script.sha: f"ledger {verb}" for verb, script in self._scripts.items()})

    async def load_all(self, redis: Redis) -> None:
        """Loads every verb into Redis's script cache: a broken script fails start-up, and a verb's first call
        (perhaps under a stall) is one EVALSHA, not a NOSCRIPT answer and a second send. On a Redis Cluster each
        SCRIPT LOAD goes to every master (redis-py refuses it in a cluster pipeline)."""
        if on_cluster(redis):
            for verb in VERBS:
                await redis.script_load(script_source(verb))
            return
        pipe = redis.pipeline(transaction=False)
        for verb in VERBS:
            pipe.script_load(script_source(verb))
        await pipe.execute()

    def __getitem__(self, verb: str) -> AsyncScript:
        return self._scripts[verb]
