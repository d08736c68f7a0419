"""Turns pydantic's error locations into sentences that name the product, variant and field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from assistant.catalog.models import Catalog
from assistant.errors import CatalogInvalid


def _label(items: Any, index: int, id_field: str, kind: str) -> str:
    try:
        ident = items[index].get(id_field)
    except (AttributeError, IndexError, KeyError, TypeError):
        ident = None
    return f"{kind} {ident} ({kind}s[{index}])" if ident else f"{kind}s[{index}]"


def describe(error: Mapping[str, Any], raw: Any) -> dict[str, Any]:
    loc = list(error.get("loc", ()))
    parts: list[str] = []
    found: dict[str, Any] = {}
    products: Any = raw.get("products") if isinstance(raw, dict) else None
    if len(loc) >= 2 and loc[0] == "products" and isinstance(loc[1], int):
        p_index = loc[1]
        parts.append(_label(products, p_index, "id", "product"))
        found["product"] = products[p_index].get("id") if _indexable(products, p_index) else None
        loc = loc[2:]
        if len(loc) >= 2 and loc[0] == "variants" and isinstance(loc[1], int):
            variants: Any = products[p_index].get("variants") if _indexable(products, p_index) else None
            parts.append(_label(variants, loc[1], "sku", "variant"))
            found["variant"] = (variants[loc[1]] or {}).get("sku") if _indexable(variants, loc[1]) else None
            loc = loc[2:]
    field = ".".join(str(x) for x in loc) or "(the object itself)"
    found["field"] = field
    message = error.get("msg", "is invalid").removeprefix("Value error, ")
    found["message"] = ", ".join([*parts, f"field {field}"]) + f": {message}"
    return found


def _indexable(items: Any, index: int) -> bool:
    return isinstance(items, list) and 0 <= index < len(items) and isinstance(items[index], dict)


def validate_catalog(raw: Any, *, allow_empty: bool = False) -> Catalog:
    """The catalog, or CatalogInvalid naming what is wrong; an empty one only when clearing is meant."""
    if not isinstance(raw, dict):
        raise CatalogInvalid("the catalog must be one JSON object with a products list")
    if raw.get("products") == [] and not allow_empty:
        raise CatalogInvalid("catalog refused, nothing loaded: products is empty, which would take every product "
                             "off the live catalog; to clear it on purpose, send ?allow_empty=true",
                             code="empty_catalog")
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        problems = [describe(e, raw) for e in exc.errors(include_url=False)]
        first = problems[0]["message"]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise CatalogInvalid(
            f"catalog refused, nothing loaded: {first}{more}", details={"problems": problems[:50]}
        ) from None
