"""A real shop's catalog shape, at any size: products with names in both languages, aliases and 10 variants."""

from __future__ import annotations

from typing import Any

KINDS = [("卫衣", "hoodie"), ("风衣", "trench coat"), ("运动鞋", "sneakers"), ("连衣裙", "dress"),
         ("牛仔裤", "jeans"), ("围巾", "scarf"), ("衬衫", "shirt"), ("羽绒服", "down jacket")]
STYLES = [("经典", "classic"), ("轻薄", "light"), ("加绒", "fleece"), ("复古", "retro"), ("宽松", "loose"),
          ("修身", "slim"), ("简约", "plain"), ("印花", "printed")]
COLOURS = ["black", "white", "grey", "navy", "red"]
SIZES = ["S", "M", "L", "XL", "XXL", "39", "40", "41", "42", "43"]


def make_catalog(products: int, variants: int = 10, *, prefix: str = "P", on_hand: int = 500) -> dict[str, Any]:
    """`products` products of `variants` variants each (colour x size), every id and name distinct."""
    items = []
    for n in range(products):
        kind_zh, kind_en = KINDS[n % len(KINDS)]
        style_zh, style_en = STYLES[(n // len(KINDS)) % len(STYLES)]
        product_id = f"{prefix}{n:05d}"
        items.append({
            "id": product_id,
            "name": {"zh": f"{style_zh}{kind_zh} {n}号", "en": f"{style_en} {kind_en} no. {n}"},
            "aliases": [f"{kind_zh}{n}", f"{kind_en} {n}"],
            "category": kind_en,
            "price": {"amount": f"{99 + n % 400}.00", "currency": "CNY"},
            "variants": [
                {"sku": f"{product_id}-{i:02d}", "colour": COLOURS[i % len(COLOURS)],
                 "size": SIZES[i % len(SIZES)], "on_hand": on_hand, "safety_stock": 2}
                for i in range(variants)
            ],
        })
    return {"catalog_version": 1, "currency": "CNY", "products": items}
