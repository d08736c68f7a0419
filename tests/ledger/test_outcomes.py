"""The scripts answer outcomes and refusal codes; the service alone turns them into HTTP statuses."""

from __future__ import annotations

import json
import re
from importlib import resources

from redis.asyncio import Redis

from assistant.errors import InvalidInput, NotFound
from assistant.ledger import keys, outcomes
from assistant.ledger.scripts import VERBS, script_source
from assistant.ledger.service import Ledger
from tests.conftest import ManualClock
from tests.ledger.test_ledger_verbs import order


def _sources() -> str:
    lua = resources.files("assistant.ledger") / "lua"
    return "\n".join(f.read_text() for f in lua.iterdir() if f.name.endswith(".lua"))


def test_every_refusal_code_a_script_answers_has_its_error() -> None:
    codes = set(re.findall(r"(?:reject\(|lines_changed\(\d, lines, |transfer_of\('\w+', sku, id, '\w+', )'(\w+)'",
                           _sources()))
    assert "transfer_not_in_transit" in codes
    assert "insufficient_stock" in codes and "hold_changed" in codes
    assert codes - set(outcomes.REFUSALS) == set()


def test_no_script_names_an_http_status() -> None:
    for verb in VERBS:
        # only the reader of records stored before outcomes had names knows the numbers they used
        source = re.sub(r"local function stored_outcome.*?\nend\n", "", script_source(verb), flags=re.S)
        assert "stored_outcome(" in source
        assert not re.search(r"\b(200|201|404|409|422)\b", source), verb


def test_a_missing_sku_is_404_in_a_path_and_422_in_a_body() -> None:
    raw = ["refused", '{"error": {"code": "unknown_sku", "message": "SKU X is not in the ledger"}}']
    assert type(outcomes.refusal(raw)) is NotFound
    assert type(outcomes.refusal(raw, skus_in_body=True)) is InvalidInput


def test_the_prelude_names_every_key_of_a_sku_block() -> None:
    source = script_source("restock")
    names = re.search(r"local (V, [A-Z_, ]+) =\s*([\d, ]+)\n", source)
    assert names is not None
    offsets = [int(x) for x in names.group(2).split(",")]
    assert offsets == list(range(len(keys.sku_block(0, "X"))))
    assert f"local SKU_KEYS = {len(offsets)}" in source


async def test_records_stored_with_an_http_status_still_replay(redis: Redis, clock: ManualClock) -> None:
    """An order or an op answered before outcomes had names (status 201/200 stored) is still a replay after an
    upgrade: the same order id or op id moves nothing again."""
    ledger = Ledger(redis, clock=clock)
    await ledger.upsert_skus([("A", "P1", 10, 0)], "ops", reset=True)
    first = await ledger.place_order(order("o-1", ("A", 2)), "api")
    await ledger.restock("A", 3, "ops", op_id="r-1")
    # rewrite both records as the scripts stored them before
    await redis.hdel(keys.order(0, "o-1"), "outcome")
    await redis.hset(keys.order(0, "o-1"), "status_code", 201)
    journal = keys.sku_key(0, "A", "ops")  # one bucket: all in bucket 0
    entry = json.loads(await redis.hget(journal, "r-1"))
    entry["status"] = {"done": 200}[entry.pop("outcome")]
    await redis.hset(journal, "r-1", json.dumps(entry))

    again = await ledger.place_order(order("o-1", ("A", 2)), "api")
    assert again == first and again.replayed and again.http_status == 201
    restocked = await ledger.restock("A", 3, "ops", op_id="r-1")
    assert restocked.replayed and restocked.http_status == 200
    stock = (await ledger.read(["A"]))["A"]
    assert stock is not None and (stock.sold, stock.on_hand) == (2, 13)
