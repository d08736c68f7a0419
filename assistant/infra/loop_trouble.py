"""How a background loop (alert engine, webhook dispatcher, demand consumer, waitlist notices, board tail, card
events, catalog follower) says that it cannot work and that it works again.

While Redis is down or full every turn of such a loop fails. Logging each failure with its traceback would
write one traceback per loop per second for the whole outage, burying what matters. So: one line when the
trouble starts (with the traceback only when it is no store outage, i.e. a bug), then short lines at growing
intervals with the count so far and the next wait, and one line when it works again, naming how long it failed.
The loop backs off too (1 s doubling to BACKOFF_MAX_S), so a long outage costs Redis a try every few seconds.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from assistant.infra.store_errors import store_outage

BACKOFF_BASE_S = 1.0
BACKOFF_MAX_S = 10.0  # the longest a loop waits after Redis is back before it tries again
REMIND_EVERY_S = 60.0  # a short "still failing" line at least this often, and at the 2nd, 4th, 8th ... failure
STORE_PROBLEMS = ("store_unavailable", "store_full")  # Redis's trouble, not the loop's: it ends when Redis is back


@dataclass
class LoopTrouble:
    loop: str  # how the log names it: "alert engine"
    logger: logging.Logger
    failures: int = 0  # in the current spell of trouble; 0 while the loop works
    problem: str | None = None  # the current trouble's kind: store_full, store_unavailable, or an error's type
    outages: int = 0  # spells of trouble since the process started
    _since: float = 0.0
    _reminded: float = 0.0

    def failed(self, error: BaseException) -> float:
        """Records a failed turn and logs as described above; returns how long the loop should wait."""
        now = time.monotonic()
        outage = store_outage(error)
        kind = outage.code if outage is not None else type(error).__name__
        if self.failures == 0 or kind != self.problem:  # a new spell: Redis went away, filled up, or a bug
            self.failures = 0
            self._start(kind, error, bug=outage is None, now=now)
        self.failures += 1
        delay = min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** (self.failures - 1))
        if self.failures > 1 and (self.failures & (self.failures - 1) == 0 or now - self._reminded >= REMIND_EVERY_S):
            self._reminded = now
            self.logger.warning("%s still failing: %s, %d failures in %.0f s; next try in %.0f s",
                                self.loop, kind, self.failures, now - self._since, delay)
        return delay

    def report(self) -> dict[str, object]:
        """For /healthz while the loop fails: what, how often, for how long."""
        return {"problem": self.problem, "failures": self.failures,
                "for_s": round(time.monotonic() - self._since, 1), "store_outage": self.problem in STORE_PROBLEMS}

    def worked(self) -> None:
        """Records a turn that worked; after trouble, says so once."""
        if self.failures:
            self.logger.warning("%s works again after %s: %d failures in %.0f s", self.loop, self.problem,
                                self.failures, time.monotonic() - self._since)
            self.failures, self.problem = 0, None

    def _start(self, kind: str, error: BaseException, *, bug: bool, now: float) -> None:
        self.outages += 1
        self.problem, self._since, self._reminded = kind, now, now
        message = "%s cannot work: %s (%s); retrying with back-off (1 s doubling to %.0f s), logged again as it goes on"
        args = (self.loop, kind, str(error)[:300] or type(error).__name__, BACKOFF_MAX_S)
        self.logger.error(message, *args, exc_info=error if bug else None)
