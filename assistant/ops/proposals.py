"""Write actions proposed by the ops agent: nothing changes until the same ops user confirms.

A proposal lives in Redis under ``sa:ops:proposal:{token}``, bound to the proposing key's identity.
Confirmation is an HTTP call (or "confirm TOKEN" typed by that user), never a tool: a model cannot
confirm its own proposal. The first confirmation claims the proposal, so a double click or a retried
request reports it once; later confirmations answer with the stored outcome. The ledger write itself carries
the proposal's token as its operation id, so it moves stock once even when a claimer died half-way and a later
confirmation finishes the job, or when Redis re-ran a command the client timed out on.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis

from assistant.errors import AppError, Forbidden, NotFound
from assistant.infra.replies import text, text_map

if TYPE_CHECKING:
    from assistant.ledger.answers import LedgerAnswer
    from assistant.ledger.service import Ledger

ACTIONS = ("restock", "count_correction", "safety_stock", "buyer_limit", "flash_cap", "transfer", "pack", "unpack")
KEEP_AFTER_EXPIRY_S = 86_400  # an expired token still answers 410 (not 404) for a day


class ProposalExpired(AppError, status=410, code="proposal_expired"): ...


@dataclass(frozen=True)
class Proposal:
    token: str
    user: str
    action: str
    sku: str
    value: int | None
    summary: str
    created_ms: int
    expires_ms: int
    stream_id: str = ""
    scope: str = ""
    expected_stock: int | None = None

    def public(self, now_ms: float) -> dict[str, Any]:
        data = asdict(self)
        data.pop("user")
        data["expires_in_s"] = max(0, round((self.expires_ms - now_ms) / 1000))
        return data


def _key(token: str) -> str:
    return f"sa:ops:proposal:{token}"


class ProposalStore:
    def __init__(self, redis: Redis, clock: Callable[[], float], ttl_seconds: int):
        self.redis = redis
        self.clock = clock
        self.ttl_seconds = ttl_seconds

    def expiry_ms(self) -> int:
        """When a proposal made now expires: a write proposed in the ledger too (a transfer) gets the same."""
        return int(self.clock()) + self.ttl_seconds * 1000

    async def propose(self, user: str, action: str, sku: str, value: int | None, *, summary: str,
                      stream_id: str = "", scope: str = "", expected_stock: int | None = None,
                      expires_ms: int | None = None) -> Proposal:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action}")
        now = int(self.clock())
        proposal = Proposal(secrets.token_urlsafe(9), user, action, sku, value, summary, now,
                            expires_ms or self.expiry_ms(), stream_id, scope, expected_stock)
        key = _key(proposal.token)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(key, mapping={"user": user, "proposal": json.dumps(asdict(proposal)), "state": "pending"})
        pipe.expire(key, self.ttl_seconds + KEEP_AFTER_EXPIRY_S)
        await pipe.execute()
        return proposal

    async def confirm(self, token: str, user: str, ledger: Ledger) -> dict[str, Any]:
        key = _key(token)
        record = text_map(await self.redis.hgetall(key))
        if not record:
            raise NotFound("no such proposal; it may have been mistyped", code="proposal_not_found")
        if record["user"] != user:
            raise Forbidden("only the ops user who asked for this change may confirm it", code="not_your_proposal")
        proposal = Proposal(**json.loads(record["proposal"]))
        if "outcome" in record:
            return _replay(record["outcome"], proposal)
        claim = secrets.token_hex(8)
        # HSETNX, then a read of who holds the claim: a re-sent HSETNX answers 0 although this request won.
        await self.redis.hsetnx(key, "claimed_by", claim)
        if await self.redis.hget(key, "claimed_by") != claim.encode():
            outcome = await self._wait_for_outcome(key)
            if outcome is not None:
                return _replay(outcome, proposal)
            # The claimer is gone (or stuck): applying again is safe, the ledger op is the proposal's token.
        if self.clock() > proposal.expires_ms:
            await self._finish(key, {"error": {"code": ProposalExpired.code, "message": "expired", "status": 410}})
            raise ProposalExpired("this proposal expired before it was confirmed; ask again", code="proposal_expired")
        try:
            result = await _apply(ledger, proposal)
        except AppError as error:
            await self._finish(key, {"error": {"code": error.code, "message": error.message,
                                               "status": error.status_code}})
            raise
        applied = {"status": "applied", "token": token, "action": proposal.action, "sku": proposal.sku,
                   "summary": proposal.summary, "result": result}
        await self._finish(key, applied)
        return {**applied, "already_confirmed": False}

    async def _finish(self, key: str, outcome: dict[str, Any]) -> None:
        await self.redis.hset(key, mapping={"outcome": json.dumps(outcome), "state": "done"})

    async def _wait_for_outcome(self, key: str) -> str | None:
        for _ in range(50):  # another request is applying it right now: ledger verbs take milliseconds
            outcome = await self.redis.hget(key, "outcome")
            if outcome:
                return text(outcome)
            await asyncio.sleep(0.05)
        return None


def _replay(raw: str, proposal: Proposal) -> dict[str, Any]:
    outcome = json.loads(raw)
    error = outcome.get("error")
    if error:
        failure = ProposalExpired if error["code"] == ProposalExpired.code else AppError
        failed = failure(error["message"], code=error["code"])
        failed.status_code = error["status"]
        raise failed
    return {**outcome, "already_confirmed": True}


async def _apply(ledger: Ledger, p: Proposal) -> dict[str, Any]:
    reason = f"ops proposal {p.token}"
    op_id = f"proposal:{p.token}"
    answer: LedgerAnswer
    if p.action == "restock":
        answer = await ledger.restock(p.sku, int(p.value or 0), p.user, reason, op_id=op_id)
    elif p.action == "transfer":  # issue 17: the ledger holds the proposed transfer under the id in scope
        answer = await ledger.warehouses.confirm_transfer(p.sku, p.scope.removeprefix("transfer:"), p.user,
                                                          op_id=op_id)
    elif p.action in ("pack", "unpack"):  # issue 17: kits of a pre-packed bundle, at the warehouse in scope
        verb = ledger.kits.pack if p.action == "pack" else ledger.kits.unpack
        answer = await verb(p.sku, int(p.value or 0), p.user, warehouse=p.scope.removeprefix("warehouse:") or None,
                            reason=reason, op_id=op_id)
    elif p.action == "count_correction":
        answer = await ledger.correct_count(p.sku, int(p.value or 0), p.user,
                                            expected_stock=p.expected_stock, reason=reason, op_id=op_id)
    else:
        policy_scope = p.scope if p.action == "flash_cap" else ""
        answer = await ledger.set_policy(p.sku, p.action, p.value, p.user, scope=policy_scope, op_id=op_id)
    return dict(answer.model_dump(mode="json", by_alias=True))
