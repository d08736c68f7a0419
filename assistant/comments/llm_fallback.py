"""Comments the offline engine cannot resolve go to the LangChain agent with read-only tools.

The model sees the viewer's words only inside the user message, between <viewer_comment> markers; identity
and the live room travel in the runtime context. Whatever it writes passes the same guard as a templated reply,
against the facts its own tool calls returned; otherwise the pipeline posts its offline clarifying question.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from typing import TYPE_CHECKING, Any

from langgraph.graph.state import CompiledStateGraph

from assistant.agent.failure import ModelFailure
from assistant.agent.graph import build_agent, run_agent
from assistant.agent.model import build_chat_model
from assistant.catalog.models import Catalog
from assistant.comments.agent_context import VIEWER_ROLE, CommentContext
from assistant.comments.facts import Fact, ReplyBasis
from assistant.comments.guard import MAX_REPLY_CHARS, check_reply
from assistant.comments.models import CommentIn
from assistant.comments.results import CommentAction, CommentIntent, CommentResult
from assistant.comments.understanding import Understanding
from assistant.infra import metrics
from assistant.vocab.naming import colour_label, product_name, size_label
from prompts import render

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.container import Services

log = logging.getLogger(__name__)

MAX_COMMENT_CHARS = 500
MAX_LINEUP_LINKS = 30
_LEADING_MENTIONS = re.compile(r"^(?:@\S+\s*)+")
_VIEWER_MEASURE = re.compile(r"(\d{2,3}(?:\.\d)?)\s*(?:cm|kg|公斤|厘米|斤)", re.I)
LLM_REASON = "llm"
_ECHO_CHARS = 12  # this long a piece of a tool's error text in a reply is the error shown to a viewer
_TOOL_TALK = re.compile(r"find_product|availability\(|size_advice|tool|function|error|exception|traceback|invalid|"
                        r"json|argument|工具|报错|错误|异常|参数|调用", re.I)


def system_prompt() -> str:
    return render("comments/system.j2", languages="Chinese or English", max_chars=MAX_REPLY_CHARS // 2).strip()


def untrusted(text: str) -> str:
    """The comment as data: no angle brackets, so it cannot close the <viewer_comment> block early."""
    return text[:MAX_COMMENT_CHARS].replace("<", "＜").replace(">", "＞")


def quoted_json(data: object) -> str:
    """Catalog text as JSON data; < and > escaped (still valid JSON), so no name can close its block."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


class CommentLlmFallback:
    """The pipeline's ``llm_fallback`` hook: a result dict, or a short reason (str) why it declined."""

    def __init__(self, svc: Services, agent: CompiledStateGraph, *, budget_s: float, max_concurrent: int):
        self.svc = svc
        self.agent = agent
        self.budget_s = budget_s
        self._slots = asyncio.Semaphore(max_concurrent)

    async def __call__(self, stream_id: str, comment: CommentIn, u: Understanding) -> CommentResult | str:
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.budget_s), self._slots:
                message = await self._user_message(stream_id, comment, u)
                left = max(0.05, self.budget_s - (time.monotonic() - started))
                context = CommentContext(stream_id=stream_id, user=comment.user_id, role=VIEWER_ROLE,
                                         services=self.svc)
                run = await run_agent(self.agent, message, thread_id=None, time_budget_s=left, context=context)
        except TimeoutError:
            metrics.LLM_TIMEOUTS.labels("comments").inc()
            return "timeout"
        except ModelFailure as failure:  # 5xx, a body that is not JSON, a refused connection: clarify instead
            log.warning("comment LLM fallback: %s", failure)
            return f"model_{failure.kind}"
        except Exception:  # a tool or network failure must not lose the comment: clarify instead
            log.exception("comment LLM fallback failed for %s", comment.id)
            return "error"
        if run.timed_out:
            return "timeout"
        return self._result(comment, u, run.answer, run.tool_results)

    async def _user_message(self, stream_id: str, comment: CommentIn, u: Understanding) -> str:
        state = await self.svc.streams.state(stream_id)
        catalog: Catalog = self.svc.catalog.catalog

        def named(product_id: str | None) -> dict[str, str] | None:
            product = catalog.product(product_id) if product_id else None
            return {"product_id": product.id, "name": product_name(product, u.language)} if product else None

        links = sorted(state.lineup.items())[:MAX_LINEUP_LINKS]
        data = {"focus": named(state.focus),
                "lineup": [{"link": no, **(named(pid) or {"product_id": pid})} for no, pid in links],
                "reading": {"product": named(u.product_id), "colour": u.colour, "size": u.size}}
        return render("comments/user.j2", language=u.language, intent=u.intent, height_cm=u.height_cm,
                      weight_kg=u.weight_kg, catalog_data=quoted_json(data), comment=untrusted(comment.text))

    def _result(self, comment: CommentIn, u: Understanding, answer: str,
                tool_results: list[str]) -> CommentResult | str:
        text = _LEADING_MENTIONS.sub("", " ".join(answer.split()))
        if not text:
            return "empty_answer"
        if _echoes_tool_trouble(text, tool_results):
            log.info("comment LLM reply dropped (it repeats a tool error): %r", text)
            return "guard:tool_error"
        basis = self._basis(comment, u, tool_results)
        problem = check_reply(f"@viewer {text}", basis)
        if problem is not None:
            log.info("comment LLM reply dropped (%s): %r", problem, text)
            return f"guard:{problem}"
        products = {f.product_id for f in basis.facts}
        product_id = next(iter(products)) if len(products) == 1 else None
        colours = {f.colour for f in basis.facts}
        sizes = {f.size for f in basis.facts}
        return CommentResult(
            comment_id=comment.id, intent=CommentIntent(u.intent), language=u.language, product_id=product_id,
            colour=next(iter(colours)) if product_id and len(colours) == 1 else None,
            size=next(iter(sizes)) if product_id and len(sizes) == 1 else None,
            facts=list(basis.facts), reply=text, reason=LLM_REASON,
            action=CommentAction.reply if basis.facts else CommentAction.clarify,
        ).noted(basis=basis, key=f"llm|{' '.join(comment.text.split()).lower()}")

    def _basis(self, comment: CommentIn, u: Understanding, tool_results: list[str]) -> ReplyBasis:
        """What the reply may state: the ledger figures the tools returned, the names they showed."""
        catalog: Catalog = self.svc.catalog.catalog
        facts: dict[str, Fact] = {}
        days: list[int] = []
        basis = ReplyBasis()
        for raw in tool_results:
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            if not isinstance(data, dict):
                continue
            for f in data.get("facts") or []:
                facts[f["sku"]] = Fact(f["sku"], f["product_id"], f.get("colour"), f.get("size"),
                                       int(f["sellable"]), f["status"])
            days += [int(d) for d in (data.get("restock_days") or {}).values()]
            if data.get("recommended_size"):
                basis.labels |= _size_words(str(data["recommended_size"]))
            for candidate in data.get("candidates") or []:
                product = catalog.product(str(candidate.get("product_id")))
                if product is not None:
                    basis.labels |= _product_words(product)
        basis.facts = list(facts.values())
        basis.restock_days = min(days) if days else None
        for fact in basis.facts:
            product = catalog.product(fact.product_id)
            if product is not None:
                basis.labels |= _product_words(product)
            if fact.colour:
                basis.labels |= {fact.colour, *(colour_label(fact.colour, lang, product) for lang in ("zh", "en"))}
            if fact.size:
                basis.labels |= _size_words(fact.size)
        measured = [u.height_cm, u.weight_kg, *(float(n) for n in _VIEWER_MEASURE.findall(comment.text))]
        basis.echoed_numbers |= {_num(n) for n in measured if n}
        return basis


def _echoes_tool_trouble(text: str, tool_results: list[str]) -> bool:
    """Tool errors are for the model, never for viewers: no tool name, no error wording, no piece of an error."""
    if _TOOL_TALK.search(text):
        return True
    folded = text.lower()
    for raw in tool_results:
        try:
            error = json.loads(raw).get("error")
        except (ValueError, AttributeError):
            error = raw  # not JSON: an exception's text
        if not error:
            continue
        message = str(error.get("message") if isinstance(error, dict) else error).lower()
        if any(message[i:i + _ECHO_CHARS] in folded for i in range(max(1, len(message) - _ECHO_CHARS + 1))):
            return True
    return False


def _product_words(product: Any) -> set[str]:
    return {product_name(product, "zh"), product_name(product, "en"), product.id, *product.aliases}


def _size_words(size: str) -> set[str]:
    return {size, size_label(size, "zh"), size_label(size, "en")}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def build_comment_fallback(svc: Services, settings: Settings | None = None) -> CommentLlmFallback:
    """The agent over COMMENT_TOOLS with the model from THE factory. Built for llm=openai only (wiring): offline,
    the engine's own clarifying question is the answer; tests drive the same agent with
    tests/support/comment_planner.py."""
    from tools.comments import COMMENT_TOOLS

    settings = settings or svc.settings
    model = build_chat_model(settings, None)
    agent = build_agent(model, COMMENT_TOOLS, system_prompt())
    return CommentLlmFallback(svc, agent, budget_s=settings.comment_llm_budget_s,
                              max_concurrent=settings.comment_llm_max_concurrent)
