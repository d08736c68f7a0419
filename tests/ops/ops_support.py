"""Helpers for the ops tests: a second ops key, and the identity a key gets in the movement stream."""

from __future__ import annotations

from assistant.security import key_identity
from tests.conftest import TEST_KEYS

SECOND_OPS_KEY = "ops-key-2"
TWO_OPS_KEYS = ",".join([*(f"{role}:{key}" for role, key in TEST_KEYS.items()), f"ops:{SECOND_OPS_KEY}"])


def as_ops(key: str = TEST_KEYS["ops"]) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def identity(key: str = TEST_KEYS["ops"]) -> str:
    return key_identity("ops", key)
