"""Turns an understood comment and the ledger's figures into a reply from the templates in prompts/replies."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.catalog.models import Product
from assistant.comments.facts import Fact, ReplyBasis, fact_of
from assistant.comments.phrasings import render_phrasing
from assistant.comments.size_advice import advise_size
from assistant.comments.stock_lookup import Restock
from assistant.ledger.availability import VariantAvailability
from assistant.vocab.naming import (
    colour_label,
    dimension_word,
    fit_options,
    join_options,
    product_name,
    size_label,
    variant_label,
)
from prompts import render


@dataclass
class StockView:
    """One product's variants as read from the ledger for this reply."""

    product: Product
    variants: list[VariantAvailability]
    restocks: dict[str, Restock] = field(default_factory=dict)  # sku -> the next shipment on the way


@dataclass
class Composed:
    reply: str
    basis: ReplyBasis
    situation: str


class ReplyComposer:
    def __init__(self, exact_counts: str = "low"):
        self.exact_counts = exact_counts  # "low": figures only when low; "always": every reply states them

    def _render(self, language: str, situation: str, seed: int, **values: object) -> str:
        return render_phrasing(f"replies/{language}/{situation}.j2", seed, values)

    def _basis(self, view: StockView, language: str, facts: list[Fact]) -> ReplyBasis:
        labels = {product_name(view.product, language), *view.product.aliases}
        for f in facts:
            if f.colour:
                labels |= {f.colour, colour_label(f.colour, language, view.product)}
            if f.size:
                labels |= {size_label(f.size, language, view.product), f.size}
        return ReplyBasis(facts=facts, labels=labels)

    def variant_reply(self, view: StockView, asked: list[VariantAvailability], subs: list[StockView],
                      mentions: str, language: str, seed: int, *, colour: str | None, size: str | None,
                      dimension: str | None = None, when_back: bool = False) -> Composed:
        pid = view.product.id
        in_stock = [v for v in asked if v.sellable > 0]
        if len(asked) == 1:
            v = asked[0]
            label = variant_label(v.colour, v.size, language, view.product)
            if v.sellable > 0:
                situation = "low" if v.status == "low" else (
                    "in_stock_count" if self.exact_counts == "always" else "in_stock")
                basis = self._basis(view, language, [fact_of(pid, v)])
                return Composed(self._render(language, situation, seed, mentions=mentions, label=label,
                                             sellable=v.sellable), basis, situation)
            follow_up, basis = self._follow_up(view, v, subs, language, when_back)
            basis.facts.insert(0, fact_of(pid, v))
            basis.labels |= self._basis(view, language, basis.facts[:1]).labels | {label}
            return Composed(self._render(language, "sold_out", seed, mentions=mentions, label=label,
                                         follow_up=follow_up), basis, "sold_out")
        # Several variants match (a colour without a size, a whole product): list what is left.
        dimension = dimension or ("size" if colour and not size else "colour")
        if not view.product.colours():
            dimension = "size"
        if not view.product.sizes():
            dimension = "colour"
        name = variant_label(colour, size, language, view.product) if (colour or size) else product_name(
            view.product, language)
        if not in_stock:
            follow_up, basis = self._follow_up(view, None, subs, language, when_back)
            basis.facts[:0] = [fact_of(pid, v) for v in asked]
            basis.labels |= self._basis(view, language, basis.facts[:len(asked)]).labels | {name}
            return Composed(self._render(language, "none_left", seed, mentions=mentions, name=name,
                                         follow_up=follow_up), basis, "none_left")
        options, count = self._options(view, in_stock, dimension, language)
        basis = self._basis(view, language, [fact_of(pid, v) for v in in_stock])
        basis.labels.add(name)
        basis.option_count = count or None
        word = dimension_word(view.product, dimension, language)
        return Composed(self._render(language, "options", seed, mentions=mentions, name=name,
                                     options=options, dimension_word=word), basis, "options")

    def _options(self, view: StockView, variants: list[VariantAvailability], dimension: str,
                 language: str) -> tuple[str, int]:
        """Every option of the dimension in stock, in the catalog's order (shortened only to fit a reply)."""
        order = {label: i for i, label in enumerate(view.product.sizes() if dimension == "size" else view.product.colours())}
        keys = sorted(dict.fromkeys((v.size if dimension == "size" else v.colour) or v.sku for v in variants),
                      key=lambda k: order.get(k, len(order)))
        shown = [size_label(k, language, view.product) if dimension == "size" and language == "zh" else
                 (colour_label(k, language, view.product) if dimension == "colour" else k) for k in keys]
        return fit_options(shown, language)

    def several(self, view: StockView, pairs: list[tuple[str | None, str | None]], mentions: str, language: str,
                seed: int) -> Composed:
        """Several variants in one comment ("黑白都要M"): each one's state, in one reply."""
        statements, facts = [], []
        for colour, size in pairs:
            found = [v for v in view.variants if colour in (None, v.colour) and size in (None, v.size)]
            if not found:
                continue
            label = variant_label(colour, size, language, view.product)
            left = [v for v in found if v.sellable > 0]
            facts += [fact_of(view.product.id, v) for v in found]
            state = "low" if left and all(v.status == "low" for v in left) else ("in_stock" if left else "sold_out")
            statements.append(render(f"replies/{language}/several.j2", part=True, state=state, label=label,
                                     sellable=sum(v.sellable for v in left)).strip())
        basis = self._basis(view, language, facts)
        basis.labels |= {variant_label(c, z, language, view.product) for c, z in pairs}
        text = render(f"replies/{language}/several.j2", part=False, mentions=mentions,
                      statements=("，" if language == "zh" else "; ").join(statements)).strip()
        return Composed(text, basis, "several")

    def _follow_up(self, view: StockView, sold_out: VariantAvailability | None, subs: list[StockView],
                   language: str, when_back: bool) -> tuple[str, ReplyBasis]:
        """After "sold out": the same product's other options, else a substitute, else the restock ETA. A viewer
        asking when it is back hears the next shipment's ETA first, then what is in stock meanwhile."""
        others = self._in_stock_instead(view, sold_out, subs, language)
        due = [r for sku, r in view.restocks.items() if sold_out is None or sku == sold_out.sku]
        if others is not None and not (when_back and due):
            return others
        also, basis = others if others is not None else ("", self._basis(view, language, []))
        if not due:
            return render(f"replies/{language}/follow_up.j2", kind="none"), basis
        first = min(due, key=lambda r: (r.days, r.hours or 0))
        basis.restock_hours = first.hours
        basis.restock_days = None if first.hours else first.days
        basis.restock_qty = first.qty if self.exact_counts == "always" else None
        return render(f"replies/{language}/follow_up.j2", kind="restock", restock_days=first.days,
                      restock_hours=first.hours, restock_qty=basis.restock_qty, also=also), basis

    def _in_stock_instead(self, view: StockView, sold_out: VariantAvailability | None, subs: list[StockView],
                          language: str) -> tuple[str, ReplyBasis] | None:
        alternatives = [v for v in view.variants if v.sellable > 0]
        if sold_out is not None and alternatives:
            same_size = [v for v in alternatives if sold_out.size and v.size == sold_out.size]
            same_colour = [v for v in alternatives if sold_out.colour and v.colour == sold_out.colour]
            alternatives = (same_size or same_colour or alternatives)[:3]
            labels = [variant_label(v.colour, v.size, language, view.product) for v in alternatives]
            basis = self._basis(view, language, [fact_of(view.product.id, v, "alternative") for v in alternatives])
            basis.labels |= set(labels)
            return render(f"replies/{language}/follow_up.j2", kind="alternatives",
                          alternatives=join_options(labels, language)), basis
        for sub in subs:
            in_stock = [v for v in sub.variants if v.sellable > 0]
            if sold_out is not None and sold_out.size:
                in_stock = [v for v in in_stock if v.size == sold_out.size] or in_stock
            if in_stock:
                shown = in_stock[:2]
                labels = [variant_label(v.colour, v.size, language, sub.product) for v in shown]
                basis = self._basis(sub, language, [fact_of(sub.product.id, v, "substitute") for v in shown])
                basis.labels |= set(labels)
                return render(f"replies/{language}/follow_up.j2", kind="substitute",
                              substitute_name=product_name(sub.product, language),
                              alternatives=join_options(labels, language)), basis
        return None

    def size_advice(self, view: StockView, height_cm: float | None, weight_kg: float | None, mentions: str,
                    language: str, seed: int) -> Composed | None:
        """None when the product has no size chart: then the sizes in stock are the useful answer."""
        chart = view.product.size_chart
        if chart is None or not chart.rows:
            return None
        size = advise_size(view.product, height_cm, weight_kg)
        name = product_name(view.product, language)
        if size is None:
            basis = self._basis(view, language, [])
            return Composed(self._render(language, "size_advice_unknown", seed, mentions=mentions, name=name),
                            basis, "size_advice_unknown")
        of_size = [v for v in view.variants if v.size == size]
        in_stock = [v for v in of_size if v.sellable > 0]
        body = " ".join(x for x in (_measure(height_cm, "cm"), _measure(weight_kg, "kg")) if x)
        if language == "zh":
            availability = (f"{size_label(size, language, view.product)}" + ("有货哦～" if in_stock else "暂时卖完了"))
        else:
            availability = "in stock now!" if in_stock else "that size is sold out right now"
        basis = self._basis(view, language, [fact_of(view.product.id, v) for v in (in_stock or of_size)])
        basis.labels |= {size, size_label(size, language, view.product)}
        basis.echoed_numbers |= {_num(height_cm), _num(weight_kg)} - {""}
        # named as every reply names a size: "26寸" and "M码", never "26寸码"
        return Composed(self._render(language, "size_advice", seed, mentions=mentions, body=body,
                                     size=size_label(size, language, view.product), availability=availability),
                        basis, "size_advice")


    def no_such_option(self, view: StockView, asked: str, dimension: str, mentions: str, language: str,
                       seed: int) -> Composed:
        """A colour or size the product does not come in: say so and list what it does come in, in stock."""
        if not (view.product.colours() if dimension == "colour" else view.product.sizes()):
            dimension = "size" if dimension == "colour" else "colour"  # a lipstick has shades only: list those
        composed = self.variant_reply(view, view.variants, [], mentions, language, seed, colour=None, size=None,
                                      dimension=dimension)
        if composed.situation != "options":
            return composed
        options = [f.colour if dimension == "colour" else f.size for f in composed.basis.facts]
        shown = list(dict.fromkeys(
            colour_label(o, language, view.product) if dimension == "colour" else size_label(o, language, view.product)
            for o in options if o))
        word = dimension_word(view.product, dimension, language)
        composed.basis.labels.add(asked)
        listed, count = fit_options(shown, language)
        composed.basis.option_count = count or None
        reply = render(f"replies/{language}/no_such_option.j2", mentions=mentions,
                       name=product_name(view.product, language), asked=asked, dimension_word=word,
                       options=listed).strip()
        return Composed(reply, composed.basis, "no_such_option")

    def clarify(self, guess: Product | None, mentions: str, language: str, seed: int) -> Composed:
        """Which product? Names the engine's best guess when it has one; never states stock."""
        if guess is not None:
            name = product_name(guess, language)
            reply = render(f"replies/{language}/clarify_guess.j2", mentions=mentions, name=name).strip()
            return Composed(reply, ReplyBasis(labels={name}), "low_confidence")
        return Composed(self._render(language, "clarify", seed, mentions=mentions), ReplyBasis(), "product_unknown")


def _num(value: float | None) -> str:
    return "" if value is None else (str(int(value)) if float(value).is_integer() else f"{value:.1f}")


def _measure(value: float | None, unit: str) -> str:
    return f"{_num(value)}{unit}" if value is not None else ""
