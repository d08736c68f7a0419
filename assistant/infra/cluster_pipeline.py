"""A Redis Cluster pipeline that holds a command unsafe to run twice is never re-sent after a lost reply.

redis-py's ClusterPipeline retries by itself. A plain pipeline, after a ConnectionError, a TimeoutError, a
CLUSTERDOWN or an uncovered slot, sends again every command whose answer was an error or falsy: a master that ran
an INCR, an XADD or a non-ledger script and then went away (or answered too late) would apply it twice. A
transaction re-sends MULTI ... EXEC after a connection failure, with the same effect. The service's client
re-sends a single command only when `replay_safe` says so (infra/redis_client.py); these strategies hold
pipelines to the same rule: with any unsafe command queued, a lost reply raises ReplyLost (its outcome is
unknown: a 503 the caller retries with its operation id) and nothing is sent again. A plain pipeline also gives
up its retry after a cluster outage (another node may have run its part); a transaction that Redis refused
whole (MOVED, ASK, CLUSTERDOWN) ran nothing and keeps redis-py's retry. Pipelines of replay-safe commands only
(reads, value writes, the ledger's scripts) keep every retry.

A transaction also runs every step on the caller's event loop. redis-py queues each command of a transaction
on a new thread with an event loop of its own (`asyncio.run`, because its queueing API is not async); when the
client's view of the cluster is due for a refresh, that thread waits on the app loop's lock and fails with
"bound to a different event loop" (a catalog load answered 500 on a cluster in CI). Here an immediate command
(WATCH, a read while watching) is a coroutine the caller awaits, and a queued one is only queued: the layout
refresh and the slots of the queued commands are done by `execute`, on the caller's loop.

redis-py offers no hook for this: the strategies override its private steps (`_execute`,
`_execute_transaction`, `_execute_command`), checked against the version pinned in pyproject.toml by
tests/cluster/test_client.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from redis.asyncio.cluster import (
    AbstractStrategy,
    PipelineCommand,
    PipelineStrategy,
    RedisCluster,
    TransactionStrategy,
)
from redis.exceptions import ConnectionError, TimeoutError

from assistant.infra.redis_client import ReplyLost, describe, replay_safe

_LOST = (ConnectionError, TimeoutError, OSError)  # the commands may have run, their answers never came


def _unsafe(stack: Sequence[PipelineCommand]) -> list[str]:
    """The queued commands that must not run twice, as logs name them."""
    return sorted({describe(cmd.args) for cmd in stack if not replay_safe(cmd.args)})


def _lost(kind: str, unsafe: list[str], error: BaseException) -> ReplyLost:
    return ReplyLost(f"{kind} with {', '.join(unsafe)}: Redis Cluster did not answer ({type(error).__name__}); "
                     "it may or may not have applied it")


class OncePipelineStrategy(PipelineStrategy):
    async def _execute(self, client: RedisCluster, stack: list[PipelineCommand], raise_on_error: bool = True,
                       allow_redirections: bool = True) -> list[Any]:
        try:
            return await super()._execute(client, stack, raise_on_error, allow_redirections)
        except RedisCluster.ERRORS_ALLOW_RETRY as error:
            unsafe = _unsafe(stack)
            if not unsafe:
                raise  # redis-py's retry: every command is harmless to send again
            client._initialize = True  # noqa: SLF001 - re-read the layout before the next command, as its retry does
            raise _lost("pipeline", unsafe, error) from error


class OnceTransactionStrategy(TransactionStrategy):
    def execute_command(self, *args: Any, **kwargs: Any) -> Any:
        if (self._watching or args[0] in self.IMMEDIATE_EXECUTE_COMMANDS) and not self._explicit_transaction:
            return self._run_now(*args, **kwargs)
        return AbstractStrategy.execute_command(self, *args, **kwargs)  # queued; its slot is read by execute

    async def _run_now(self, *args: Any, **kwargs: Any) -> Any:
        # redis-py's step refreshes the layout if due, checks the slot and returns the send, not yet awaited.
        return await (await self._execute_command(*args, **kwargs))

    async def execute(self, raise_on_error: bool = True, allow_redirections: bool = True) -> list[Any]:
        client = self._pipe.cluster_client
        if client._initialize:  # noqa: SLF001 - the refresh redis-py's queueing step would have done
            await client.initialize()
        for command in self._command_queue:
            if command.args[0] not in self.NO_SLOTS_COMMANDS:
                self._pipeline_slots.add(await client._determine_slot(*command.args))  # noqa: SLF001
        return await super().execute(raise_on_error, allow_redirections)

    async def _execute_transaction(self, stack: list[PipelineCommand], raise_on_error: bool) -> Any:
        try:
            return await super()._execute_transaction(stack, raise_on_error)
        except _LOST as error:
            unsafe = _unsafe(stack)
            if not unsafe:
                raise
            # What redis-py does before its retry: the connection (a late reply may still come on it) is dropped.
            await self._reinitialize_on_error(error, 1)
            raise _lost("transaction", unsafe, error) from error
