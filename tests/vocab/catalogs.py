"""Small catalogs for the vocabulary tests: every colour with every size, a few units each."""

from __future__ import annotations

from typing import Any

from assistant.catalog.models import Catalog


def product(pid: str, name: str, colours: list[str], sizes: list[str], **extra: Any) -> dict[str, Any]:
    """A product named `name` (also its one alias) in every colour × size."""
    return {"id": pid, "name": {"zh": name, "en": pid}, "aliases": [name], "category": "goods",
            "price": {"amount": "59.00", "currency": "CNY"}, **extra,
            "variants": [{"sku": f"{pid}-{c}-{s}", "on_hand": 5, "colour": colour, "size": size}
                         for c, colour in enumerate(colours) for s, size in enumerate(sizes)]}


def catalog(*products: dict[str, Any]) -> Catalog:
    return Catalog.model_validate({"catalog_version": 1, "currency": "CNY", "products": list(products)})
