"""The scripts answer outcomes and refusal codes; the service alone turns them into HTTP statuses."""

from __future__ import annotations

import re
from importlib import resources

from assistant.errors import InvalidInput, NotFound
from assistant.ledger import outcomes
from assistant.ledger.scripts import VERBS, script_source


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
    from assistant.ledger import keys

    source = script_source("restock")
    names = re.search(r"local (V, [A-Z_, ]+) =\s*([\d, ]+)\n", source)
    assert names is not None
    offsets = [int(x) for x in names.group(2).split(",")]
    assert offsets == list(range(len(keys.sku_block("X"))))
    assert f"local SKU_KEYS = {len(offsets)}" in source
