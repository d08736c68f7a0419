"""Conversation memory for the ops agent: the last N question/answer messages, as a Redis list with a TTL.

Only the questions and the final answers are kept (not tool calls and results): every later request
then starts from a valid message sequence for any OpenAI-compatible server, and the answers already
cite the figures the tools returned. A conversation belongs to the ops user who started it.

An exchange is appended by one script (lua/append_exchange.lua): concurrent asks on one conversation each
add their own pair, never overwrite one another's, and a retried command does not add a pair twice.
"""

from __future__ import annotations

import json
import secrets

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from redis.asyncio import Redis
from redis.commands.core import AsyncScript

from assistant.errors import Forbidden
from assistant.infra.lua import lua_source


def _keys(conversation_id: str) -> list[str]:
    # One hash tag per conversation: the script's keys share a Cluster slot.
    base = f"sa:ops:conv:{{{conversation_id}}}"
    return [f"{base}:messages", f"{base}:owner"]


def new_conversation_id() -> str:
    return "c-" + secrets.token_urlsafe(9)


def _not_yours() -> Forbidden:
    return Forbidden("this conversation belongs to another ops user", code="not_your_conversation")


class ConversationStore:
    def __init__(self, redis: Redis, *, max_messages: int, ttl_seconds: int):
        self.redis = redis
        self.keep = max_messages - max_messages % 2  # whole exchanges: the history never starts with an answer
        self.ttl_seconds = ttl_seconds
        self._append: AsyncScript = redis.register_script(lua_source("assistant.ops", "append_exchange"))

    async def history(self, conversation_id: str, user: str) -> list[BaseMessage]:
        messages_key, owner_key = _keys(conversation_id)
        # Not MULTI: a full Redis refuses every command queued in a transaction, reads too, and a question
        # is still answered then. An exchange appended between the two reads is only seen by the next ask.
        pipe = self.redis.pipeline(transaction=False)
        pipe.get(owner_key)
        pipe.lrange(messages_key, 0, -1)
        owner, raw = await pipe.execute()
        if owner is not None and owner.decode() != user:
            raise _not_yours()
        entries = [json.loads(item) for item in raw]
        return [HumanMessage(e["text"]) if e["role"] == "user" else AIMessage(e["text"]) for e in entries]

    async def append(self, conversation_id: str, user: str, question: str, answer: str) -> None:
        exchange = secrets.token_hex(8)
        entries = [json.dumps({"exchange": exchange, "role": role, "text": text}, ensure_ascii=False)
                   for role, text in (("user", question), ("assistant", answer))]
        verdict = await self._append(keys=_keys(conversation_id),
                                     args=[user, exchange, *entries, self.keep, self.ttl_seconds])
        if (verdict.decode() if isinstance(verdict, bytes) else verdict) == "not_owner":
            raise _not_yours()
