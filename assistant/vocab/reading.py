"""What a comment says about one product's options (OptionReading), and the small span and label helpers the
colour reader (colour_options.py), the size reader (size_reading.py) and ProductOptions share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.vocab.text import arabic, compile_fast, literal_alternation, normalise_term

Span = tuple[int, int]

# Chat abbreviations that are also some label's initials ("tm" 透明, "nb" 奶白) or a size code ("nb" diapers).
CHAT_ABBREVIATIONS = {"tm", "nb", "sb", "cp", "yyds", "xswl", "awsl", "zqsg", "nmsl", "hhh", "gg", "bb", "dd", "mm",
                      "pp", "qq", "xx", "kk", "cnm", "wc", "wtm", "sj", "zs", "ls", "bt", "bs", "dm", "lz"}
# A lens's refractive index ("1.56", "1.74"): a figure of two decimals.
DECIMAL = re.compile(r"(?<![\d.])\d\.\d{2}(?![\d.])")
_FIGURE = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class OptionReading:
    """What a comment says about one product's options, in the product's own labels."""

    colours: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    size_family: list[str] = field(default_factory=list)  # "70" of 70A/70B: several labels, none exact
    colour_family: list[str] = field(default_factory=list)  # "蓝" where two blues exist
    unknown_colour: str | None = None
    unknown_size: str | None = None
    spans: list[Span] = field(default_factory=list)

    @property
    def names_something(self) -> bool:
        return bool(self.colours or self.sizes or self.size_family or self.colour_family)


def add_label(items: list[str], label: str) -> None:
    if label not in items:
        items.append(label)


def inside(i: int, spans: Sequence[Span]) -> bool:
    return any(s <= i < e for s, e in spans)


def overlaps(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(s < end and start < e for s, e in spans)


def blank_spans(text: str, spans: Sequence[Span]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for a set of written words: ASCII words only as whole words."""
    if not words:
        return None
    ascii_words = [w for w in words if w.isascii()]
    other = [w for w in words if not w.isascii()]
    # Words with Chinese first: at one position "1.74折射率" is the whole label, not its figure "1.74".
    return compile_fast(rf"{literal_alternation(other)}|(?<![a-z0-9#])(?:{literal_alternation(ascii_words)})(?![a-z0-9])"
                        if other else rf"(?<![a-z0-9#])(?:{literal_alternation(ascii_words)})(?![a-z0-9])")


def labels_naming(labels: Sequence[str], word: str) -> list[str]:
    """The labels a written word is, or is part of, with Chinese numerals read as numbers (cn2an)."""
    asked = arabic(normalise_term(word)).replace(" ", "")
    asked = asked.removesuffix("码").removesuffix("色").removesuffix("的") or asked
    figures, rest = set(_FIGURE.findall(asked)), _FIGURE.sub("", asked)
    found = []
    for label in labels:
        plain = arabic(normalise_term(label)).replace(" ", "")
        if asked.isascii() and asked.isalpha():
            same = asked == plain  # "L" is not "XL"
        elif figures:
            same = figures <= set(_FIGURE.findall(plain)) and _rest_in(rest, _FIGURE.sub(" ", plain))
        else:
            same = asked in plain
        if same:
            found.append(label)
    return found


def _rest_in(rest: str, plain: str) -> bool:
    """The asked word's letters are the start of the label's words ("15u" is no "15 plus"); other characters as
    written inside it."""
    words = re.findall(r"[a-z]+", plain)
    return all(any(w.startswith(token) for w in words) for token in re.findall(r"[a-z]+", rest)) and (
        re.sub(r"[a-z]+", "", rest) in re.sub(r"[a-z]+", "", plain) if not rest.isascii() else True)


def named_instead(labels: list[str], asked: str, exact: list[str], family: list[str]) -> str | None:
    """The labels an "unknown" word names go to exact (one) or family (several); the word stays unknown if none."""
    named = labels_naming(labels, asked)
    if len(named) == 1:
        exact.append(named[0])
    elif named:
        family[:] = named
    return None if named else asked
