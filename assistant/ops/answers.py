"""Writes the offline engine's final answer from the tool results, with jinja2 templates (prompts/ops/answers).

Every figure comes from a tool result and is printed in bold (**12**), so a reader (and the labelled
test set) can tell figures from sizes, link numbers and codes.
"""

from __future__ import annotations

from typing import Any

import prompts
from assistant.catalog.models import Catalog
from assistant.catalog.roles import ROLE_NAMES
from assistant.ops.question import Question
from assistant.vocab.naming import colour_label

STATUS = {"zh": {"in_stock": "库存充足", "low": "库存紧张", "sold_out": "已售罄"},
          "en": {"in_stock": "in stock", "low": "running low", "sold_out": "sold out"}}
_SIZE_WORDS = {"SMALLEST": {"zh": "最小码", "en": "smallest size"}, "LARGEST": {"zh": "最大码", "en": "largest size"}}


class Helpers:
    """Callables the templates use; they only format, never compute figures."""

    def __init__(self, lang: str, catalog: Catalog):
        self.lang = lang
        self.catalog = catalog

    def colour(self, label: str | None, product_id: str | None = None) -> str:
        """The colour as every part of the service names it (vocab.naming): 黑色 for "black", the shop's alias."""
        product = self.catalog.product(product_id) if product_id else None
        return colour_label(label, self.lang, product) if label else ""

    def size(self, label: str | None) -> str:
        return _SIZE_WORDS.get(label or "", {}).get(self.lang, label or "")

    def variant(self, row: dict[str, Any]) -> str:
        parts = [self.colour(row.get("colour"), row.get("product_id")), self.size(row.get("size"))]
        text = " ".join(p for p in parts if p)
        return text or ("单品" if self.lang == "zh" else "one variant")

    def name(self, row: dict[str, Any]) -> str:
        key = "name_zh" if self.lang == "zh" else "name_en"
        return str(row.get(key) or row.get("name") or row.get("product_id") or "")

    def link(self, number: int | None) -> str:
        if number is None:
            return ""
        return f"（{number}号链接）" if self.lang == "zh" else f" (link {number})"

    def status(self, status: str) -> str:
        return STATUS[self.lang].get(status, status)

    def window(self, minutes: int | None) -> str:
        if minutes is None:
            return "本场" if self.lang == "zh" else "this session"
        if self.lang == "zh":
            return f"最近 {minutes} 分钟" if minutes % 60 else f"最近 {minutes // 60} 小时"
        if minutes % 60:
            return f"in the last {minutes} minutes"
        return "in the last hour" if minutes == 60 else f"in the last {minutes // 60} hours"

    def scope(self, args: dict[str, Any]) -> str:
        """What a call was about, from its arguments: "联名款连帽卫衣 黑色" / "link 3" / "the lineup"."""
        named = str(args.get("product") or "")
        product = self.catalog.product(named) or self.catalog.product_of_sku(named.upper())
        parts = [self.name({"name_zh": product.display_name_zh, "name_en": product.display_name_en})] if product else []
        if args.get("link") is not None:
            parts.append(f"{args['link']}号链接" if self.lang == "zh" else f"link {args['link']}")
        if args.get("product") and not product:
            parts.append(str(args["product"]))
        if args.get("tier"):
            parts.append(f"{args['tier']}类商品" if self.lang == "zh" else f"tier {args['tier']} items")
        if args.get("product_role"):
            role = ROLE_NAMES[self.lang].get(str(args["product_role"]), str(args["product_role"]))
            parts.append(role if self.lang == "zh" else f"{role} items")
        variant = self.variant({"colour": args.get("colour"), "size": args.get("size")})
        if args.get("colour") or args.get("size"):
            parts.append(variant)
        if not parts:
            return "整个直播间" if self.lang == "zh" else "the whole lineup"
        return " ".join(parts)


def _template(name: str, data: dict[str, Any], question: Question) -> str:
    if "error" in data:
        return "error"
    if name.startswith("propose_"):
        return "proposal"
    if name == "sales_summary" and question.intent == "cancellations":
        return "cancellations"
    return name


def compose(question: Question, results: list[tuple[str, dict[str, Any], dict[str, Any]]], catalog: Catalog) -> str:
    helpers = Helpers(question.lang, catalog)
    parts = []
    for name, args, data in results:
        parts.append(prompts.render(f"ops/answers/{_template(name, data, question)}.j2", lang=question.lang,
                                    q=question, args=args, data=data, h=helpers, tool=name).strip())
    compared = [(args, data) for name, args, data in results if name in ("sales_summary", "stock_of")
                and "error" not in data]
    if question.mods.compare and len(compared) > 1:
        parts.append(prompts.render("ops/answers/comparison.j2", lang=question.lang, rows=compared, h=helpers,
                                    by="stock" if results[0][0] == "stock_of" else "sales").strip())
    return "\n\n".join(p for p in parts if p)


def catalog_examples(catalog: Catalog | None, limit: int = 4) -> list[dict[str, str]]:
    """Products of the LOADED catalog to cite in hints (never the sample catalog's)."""
    if catalog is None:
        return []
    return [{"zh": p.display_name_zh, "en": p.display_name_en, "colour": p.colours()[0] if p.colours() else ""}
            for p in catalog.products[:limit]]


def fixed_answer(kind: str, question: Question, catalog: Catalog | None = None, **context: Any) -> str:
    """Answers without tool calls: not understood, or a detail is missing; hints name loaded products."""
    helpers = Helpers(question.lang, catalog) if catalog is not None else None
    return prompts.render(f"ops/answers/{kind}.j2", lang=question.lang, q=question, h=helpers,
                          examples=catalog_examples(catalog), **context).strip()
