"""Loads each verb's Lua file once, prefixed with the shared prelude, as a registered Script."""

from __future__ import annotations

from functools import cache
from importlib import resources

from redis.asyncio import Redis
from redis.commands.core import AsyncScript

VERBS = (
    "place_order", "cancel_order", "place_hold", "confirm_hold", "release_hold", "restock",
    "correct_count", "set_policy", "add_incoming", "receive_incoming", "upsert_sku", "read_skus",
)


@cache
def script_source(verb: str) -> str:
    lua = resources.files("assistant.ledger") / "lua"
    return (lua / "_prelude.lua").read_text() + "\n" + (lua / f"{verb}.lua").read_text()


class LedgerScripts:
    def __init__(self, redis: Redis):
        self._scripts: dict[str, AsyncScript] = {v: redis.register_script(script_source(v)) for v in VERBS}

    def __getitem__(self, verb: str) -> AsyncScript:
        return self._scripts[verb]
