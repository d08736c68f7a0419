"""The check a model's ops answer passes before anyone sees it: its figures came from the tools, and it claims
no change that nobody confirmed.

Figures: every number in the answer (digits, or Chinese numerals such as 九百九十九, read with cn2an) must
occur in what this answer was built from: the tool results of this turn, the question, the earlier turns
of the conversation and the live-room situation. A figure the model computed, rounded or invented is not
there, so the answer is refused ("还有 **999** 件" when stock_of said 100).

Actions: nothing an ops agent proposes is applied until the ops user confirms it over HTTP, which no model run
can do. So an answer that says a change was made ("已补货", "has been restocked") is false, unless an earlier
turn of this conversation carries the service's own confirmation. Clauses that deny or defer the change
("还没有生效", "nothing has changed yet", "once you confirm") are no claim.

The offline engine's answers are written from the tool results by templates and are not checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_CN_COUNTED = re.compile(r"\s*(?:件|个|款|位|单|笔|次|条|分钟|小时|天|%|％)")
_CLAUSE = re.compile(r"[。；！？，!?;,\n]|\.(?:\s|$)")
_CLAIM = re.compile(
    r"已(?:经)?(?:为您|为你|帮您|帮你|给您|给你)?(?:补货|补上|补了|补充|入库|生效|修改|改为|改成|更新|设置|设为|设定"
    r"|调整|完成|执行|应用|确认|加上|限购|取消)"
    r"|(?:补货|修改|设置|调整|更新|盘点|限购)(?:成功|完成|好了)|搞定了"
    r"|\b(?:has|have|had|was|were|is|are)\s+(?:now\s+|already\s+|just\s+)?(?:been\s+)?"
    r"(?:applied|restocked|updated|changed|corrected|adjusted|capped|added|confirmed|set\s+to|raised|lowered)\b"
    r"|\bi(?:'ve|\s+have)?\s+(?:just\s+)?(?:applied|restocked|updated|changed|corrected|adjusted|added|set)\b"
    r"|\b(?:restock|update|change|correction|adjustment)\s+(?:is\s+)?(?:complete|completed|done|successful)\b",
    re.IGNORECASE,
)
_DENIED = re.compile(
    r"没|未|尚未|还不|不会|待确认|需要确认|需确认|请确认|确认后|点「确认」|之前|提议|"
    r"\b(?:not|no|nothing|never|until|unless|once|pending|before|after\s+you|if\s+you|when\s+you|will|would"
    r"|proposal|proposed)\b|n't",
    re.IGNORECASE,
)
CONFIRMATION_MARKS = ("已确认并生效", "Confirmed and applied", "之前已经确认过", "Already confirmed earlier")


def _canonical(token: str) -> str | None:
    try:
        value = Decimal(token.replace(",", ""))
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")


def figures(text: str) -> set[str]:
    """Every number written in ``text``, canonical ("1,200" and "1200.0" are "1200")."""
    found = {c for c in map(_canonical, _DIGITS.findall(text)) if c is not None}
    for run in _CN_RUN.finditer(text):
        # One numeral character is mostly a word ("一下", "十分"), unless it counts something ("三件").
        if len(run.group()) < 2 and not _CN_COUNTED.match(text, run.end()):
            continue
        import cn2an  # ~1 s of import: only once an answer has a Chinese numeral

        try:
            value = cn2an.cn2an(run.group(), "normal")
        except ValueError:
            continue
        found.add(format(Decimal(value).normalize(), "f"))
    return found


def unsupported_figures(answer: str, sources: Iterable[str]) -> list[str]:
    allowed: set[str] = set()
    for source in sources:
        allowed |= figures(source)
    return sorted(figures(answer) - allowed, key=lambda f: (len(f), f))


def claims_a_change(answer: str, *, confirmed_earlier: bool) -> bool:
    if confirmed_earlier:
        return False
    return any(_CLAIM.search(clause) and not _DENIED.search(clause) for clause in _CLAUSE.split(answer))


def check_ops_answer(answer: str, *, tool_results: list[str], context: list[str]) -> tuple[str, str] | None:
    """None when the answer may be shown; else (code, what was wrong)."""
    invented = unsupported_figures(answer, [*tool_results, *context])
    if invented:
        return "unsupported_figure", f"the model's answer stated {', '.join(invented[:5])}, which no tool returned"
    if claims_a_change(answer, confirmed_earlier=any(m in c for c in context for m in CONFIRMATION_MARKS)):
        return "unconfirmed_action", "the model's answer claimed a change that nobody has confirmed"
    return None
