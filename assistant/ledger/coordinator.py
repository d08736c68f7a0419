"""Orders whose lines fall in different buckets (different Cluster slots): all or nothing without one script.

Like Saleor's reservations and Medusa's compensating workflow steps, but with the decision made durable first:
1. the order id is claimed in its home bucket (fingerprint, buckets, state 'holding', a deadline);
2. each bucket's lines are held by that bucket's place_hold script (hold id '<order id>#o');
3. one refused line -> decision 'aborted' (its refusal is the order's answer) and the holds placed are released;
   all held -> decision 'committed', allowed only before the deadline (half the holds' TTL), so the holds are
   still live when they are confirmed;
4. each bucket's hold is confirmed into that bucket's order record; then 'done' with the combined answer. A
   confirm refused after commit (a count correction since the hold) is compensated: the buckets confirmed are
   cancelled, the rest released, and the order answers that refusal.
Any step may be re-run: every script answers a re-sent call from its record, and the decision script moves a
state only forwards. A replay of the order id reads the decision; the sweeper finishes orders left 'holding'
past their deadline (aborted: a crash between hold and confirm sells nothing, and the holds expire on their own
at the TTL) or 'committed' (rolled forward). A confirm of a customer's hold spanning buckets takes the same path
from step 4, with the holds left to the customer on compensation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from assistant.errors import IdempotencyConflict
from assistant.infra.redis_client import declare_replay_safe
from assistant.ledger import keys, outcomes
from assistant.ledger.placement import store_call

if TYPE_CHECKING:
    from assistant.ledger.service import Ledger

Raw = list[Any]  # a script's outcome: {'done'|'created'|'refused', JSON body[, 1 when replayed]}
OWN = "#o"  # the coordinator's per-bucket holds: '<order id>#o' (ids have no '#')


def _source(name: str) -> str:
    return (resources.files("assistant.ledger") / "lua" / f"{name}.lua").read_text()


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def refusal(code: str, message: str, **details: Any) -> Raw:
    return [outcomes.REFUSED, json.dumps({"error": {"code": code, "message": message, "details": details}})]


@dataclass(frozen=True)
class Claim:
    fresh: bool
    state: str
    buckets: list[int]
    response: str  # JSON [outcome, body] once done or aborted


class Coordinator:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self._claim = ledger.redis.register_script(_source("coord_claim"))
        self._decide = ledger.redis.register_script(_source("coord_decide"))
        # Both answer a re-sent call as the first: a claim by the same request reads itself, a decision moves
        # only forwards.
        declare_replay_safe({self._claim.sha: "ledger claim", self._decide.sha: "ledger decide"})

    # --- the claim and the decision -----------------------------------------------------------
    async def claim(self, key: str, fp: str, buckets: Sequence[int], state: str, *, what: str, hold: str = "",
                    own: bool = False) -> Claim:
        """Claims an id (raises idempotency_conflict for another request under it) or reads its claim."""
        await self.ledger.placement.verify()  # a claim's home bucket follows from the count
        now = int(self.ledger.clock())
        deadline = now + self.ledger.cross_hold_ttl_seconds * 500  # half the holds' TTL
        keep_ms = self.ledger.order_keep_seconds * 1000
        raw = await store_call(self._claim(keys=[key, _pending_of(key)],
                                       args=[fp, json.dumps(list(buckets)), state, keep_ms, now, deadline, hold,
                                             int(own)]))
        if int(raw[0]) == 2:
            name = key.rsplit(":", 1)[1]
            raise IdempotencyConflict(f"{what} {name} was already sent with a different body",
                                      details={f"{what}_id": name})
        if int(raw[0]) == 0:
            return Claim(True, state, list(buckets), "")
        return Claim(False, _text(raw[1]), json.loads(raw[2]), _text(raw[3]))

    async def decide(self, key: str, state: str, response: Raw | None = None) -> tuple[str, str]:
        raw = await store_call(self._decide(keys=[key, _pending_of(key)],
                                        args=[state, int(self.ledger.clock()), json.dumps(response) if response else ""]))
        return _text(raw[0]), _text(raw[1])

    # --- an order spanning buckets --------------------------------------------------------------
    async def place(self, order: Any, actor: str, groups: Mapping[int, list[tuple[str, int]]]) -> Raw:
        key, hold_id = keys.order_claim(order.order_id, self.ledger.placement.count), order.order_id + OWN
        claim = await self.claim(key, order.fingerprint(), list(groups), "holding", what="order", hold=hold_id,
                                 own=True)
        if claim.state in ("done", "aborted"):
            return _replayed(claim.response)
        if claim.state == "holding":
            ttl_ms = self.ledger.cross_hold_ttl_seconds * 1000
            for bucket, lines in groups.items():
                raw = await self.ledger.hold_in(bucket, hold_id, order, lines, ttl_ms, actor, fp=f"{key}:{bucket}")
                if outcomes.refused(raw):
                    return await self.abort(key, list(groups), hold_id, own=True, answer=[outcomes.REFUSED, _text(raw[1])])
            state, response = await self.decide(key, "committed")
            if state == "late":
                return await self.abort(key, list(groups), hold_id, own=True, answer=_timed_out(order.order_id))
            if state in ("done", "aborted"):
                return _replayed(response)
        return await self.finish(key, order.order_id, list(groups), hold_id, own=True)

    async def confirm(self, hold_id: str, order_id: str, buckets: list[int]) -> Raw:
        """A customer's hold spanning buckets confirmed as one order.

        Every bucket checks first: a confirm refused there (a correction left too few units, the hold expired)
        leaves the whole hold held and the order id unused, as on one bucket. Only a refusal that comes between
        the checks and the confirms (a correction in that instant) is compensated by cancelling the confirmed
        buckets, which gives their units back to stock, not to the hold."""
        key = keys.order_claim(order_id, self.ledger.placement.count)
        if not await self.ledger.redis.exists(key):  # a used id: the claim answers (a replay or a conflict)
            for bucket in buckets:
                raw = await self.ledger.confirm_in(bucket, hold_id, order_id, "coordinator", check=True)
                if outcomes.refused(raw):
                    return [outcomes.REFUSED, _text(raw[1])]
        claim = await self.claim(key, f"hold:{hold_id}", buckets, "committed", what="order", hold=hold_id)
        if claim.state in ("done", "aborted"):
            return _replayed(claim.response)
        return await self.finish(key, order_id, claim.buckets, hold_id, own=False)

    async def finish(self, key: str, order_id: str, buckets: list[int], hold_id: str, *, own: bool) -> Raw:
        """Confirms every bucket's hold (each a replay if done before); compensates if one is refused."""
        lines: list[Any] = []
        for i, bucket in enumerate(buckets):
            raw = await self.ledger.confirm_in(bucket, hold_id, order_id, "coordinator")
            if outcomes.refused(raw):
                for done in buckets[:i]:
                    await self.ledger.cancel_in(done, order_id, "coordinator", "compensation",
                                                op_id=f"compensate.{order_id}")
                return await self.abort(key, buckets[i:], hold_id, own=own, answer=[outcomes.REFUSED, _text(raw[1])])
            lines += json.loads(raw[1])["lines"]
        body: dict[str, Any] = {"order_id": order_id, "status": "accepted", "lines": lines}
        if not own:
            body["hold_id"] = hold_id
        state, response = await self.decide(key, "done", ["created", json.dumps(body)])
        return _replayed(response) if state == "aborted" else ["created", json.loads(response)[1]]

    async def abort(self, key: str, buckets: list[int], hold_id: str, *, own: bool, answer: Raw) -> Raw:
        state, response = await self.decide(key, "aborted", answer)
        if state == "aborted" and own:  # releasing twice answers 'no change': safe for a replay or the sweeper
            for bucket in buckets:
                await self.ledger.release_in(bucket, hold_id, "coordinator", op_id=f"abort.{hold_id}")
        if state != "aborted" and state != "done":
            return answer
        stored = json.loads(response)
        return [stored[0], stored[1]]

    # --- the sweeper ------------------------------------------------------------------------------
    async def sweep(self, limit: int = 100) -> int:
        """Finishes the multi-bucket orders past their deadline: 'holding' ones are aborted (their holds
        released), 'committed' ones confirmed. Answers how many it looked at."""
        now, seen = int(self.ledger.clock()), 0
        for bucket in range(self.ledger.placement.count):
            due = await self.ledger.redis.zrangebyscore(keys.pending(bucket), "-inf", now, start=0, num=limit)
            for raw_key in due:
                await self.resume(_text(raw_key))
                seen += 1
        return seen

    async def resume(self, key: str) -> None:
        record = {_text(k): _text(v) for k, v in (await self.ledger.redis.hgetall(key)).items()}
        order_id, buckets = key.split(":oclaim:", 1)[1], json.loads(record.get("buckets", "[]"))
        own, hold_id = record.get("own") == "1", record.get("hold", "")
        if record.get("state") == "holding":
            await self.abort(key, buckets, hold_id, own=own, answer=_timed_out(order_id))
        elif record.get("state") == "committed":
            await self.finish(key, order_id, buckets, hold_id, own=own)
        else:  # decided, or expired: nothing left to do
            await self.ledger.redis.zrem(_pending_of(key), key)


def _pending_of(claim_key: str) -> str:
    return claim_key.split(":", 2)[0] + ":" + claim_key.split(":", 2)[1] + ":pending"


def _timed_out(order_id: str) -> Raw:
    return refusal("order_timed_out", f"order {order_id} was not completed in time; nothing was sold",
                   order_id=order_id)


def _replayed(response: str) -> Raw:
    stored = json.loads(response)
    return [stored[0], stored[1], 1]
