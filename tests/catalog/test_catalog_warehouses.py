"""The catalog's warehouses, regions and bundles: what loads, what is refused and why."""

from __future__ import annotations

import pytest

from assistant.catalog.models import Catalog
from assistant.catalog.validation import validate_catalog
from assistant.errors import CatalogInvalid

WAREHOUSES = [
    {"id": "SH", "name": {"zh": "上海仓"}, "region": "east", "lead_hours": 24, "priority": 1},
    {"id": "GZ", "name": {"zh": "广州仓"}, "region": "south", "lead_hours": 12, "priority": 1},
    {"id": "HK", "name": {"zh": "香港海外仓"}, "region": "hk", "serves": ["hk", "overseas"], "priority": 5},
]


def catalog(variants: list[dict], **extra: object) -> dict:
    return {"warehouses": WAREHOUSES, **extra,
            "products": [{"id": "HD", "name": {"zh": "卫衣"}, "variants": variants},
                         {"id": "CAP", "name": {"en": "Cap"}, "variants": [{"sku": "CAP-1", "on_hand": 5}]}]}


def test_a_variant_stocked_per_warehouse_has_the_sums_as_its_totals() -> None:
    loaded = validate_catalog(catalog([{"sku": "HD-L", "stock": [
        {"warehouse": "SH", "on_hand": 30, "safety_stock": 2}, {"warehouse": "GZ", "on_hand": 12}]}]))
    variant = loaded.variant("HD-L")
    assert variant is not None and (variant.on_hand, variant.safety_stock) == (42, 2)
    assert Catalog.model_validate_json(loaded.model_dump_json()).variant("HD-L") == variant  # restore round trip


def test_a_catalog_without_warehouses_loads_as_before() -> None:
    loaded = validate_catalog({"products": [{"id": "P", "name": {"zh": "x"}, "variants": [{"sku": "P-1", "on_hand": 3}]}]})
    assert loaded.warehouses == [] and loaded.variant("P-1").on_hand == 3  # type: ignore[union-attr]


@pytest.mark.parametrize(("variant", "words"), [
    ({"sku": "HD-L", "stock": [{"warehouse": "BJ", "on_hand": 1}]}, "warehouse BJ"),
    ({"sku": "HD-L", "on_hand": 5, "stock": [{"warehouse": "SH", "on_hand": 4}]}, "not the sum"),
    ({"sku": "HD-L", "stock": [{"warehouse": "SH", "on_hand": 1}, {"warehouse": "SH", "on_hand": 2}]}, "twice"),
    ({"sku": "HD-L", "components": [{"sku": "NOPE", "qty": 1}]}, "component NOPE"),
    ({"sku": "HD-L", "on_hand": 3, "components": [{"sku": "CAP-1", "qty": 1}]}, "no stock of its own"),
    ({"sku": "HD-L", "on_hand": 3, "prepacked": True}, "only a bundle"),
    ({"sku": "HD-L", "stock": [{"warehouse": "SH", "on_hand": -1}]}, "stock.0.on_hand"),
])
def test_a_bad_warehouse_or_bundle_entry_is_refused_naming_it(variant: dict, words: str) -> None:
    with pytest.raises(CatalogInvalid) as refused:
        validate_catalog(catalog([variant]))
    assert words in str(refused.value) and "HD" in str(refused.value)


def test_bundles_do_not_nest() -> None:
    with pytest.raises(CatalogInvalid) as refused:
        validate_catalog(catalog([{"sku": "SET", "components": [{"sku": "CAP-1", "qty": 2}]},
                                  {"sku": "SET2", "components": [{"sku": "SET", "qty": 1}]}]))
    assert "itself a bundle" in str(refused.value)
