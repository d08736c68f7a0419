"""Conversation memory for the ops agent: the last N question/answer messages, as JSON in Redis with a TTL.

Only the questions and the final answers are kept (not tool calls and results): every later request
then starts from a valid message sequence for any OpenAI-compatible server, and the answers already
cite the figures the tools returned. A conversation belongs to the ops user who started it.
"""

from __future__ import annotations

import json
import secrets

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from redis.asyncio import Redis

from assistant.errors import Forbidden


def _key(conversation_id: str) -> str:
    return f"sa:ops:conv:{conversation_id}"


def new_conversation_id() -> str:
    return "c-" + secrets.token_urlsafe(9)


class ConversationStore:
    def __init__(self, redis: Redis, *, max_messages: int, ttl_seconds: int):
        self.redis = redis
        self.max_messages = max_messages
        self.ttl_seconds = ttl_seconds

    async def history(self, conversation_id: str, user: str) -> list[BaseMessage]:
        raw = await self.redis.get(_key(conversation_id))
        if not raw:
            return []
        stored = json.loads(raw)
        if stored.get("user") != user:
            raise Forbidden("this conversation belongs to another ops user", code="not_your_conversation")
        return [HumanMessage(m["text"]) if m["role"] == "user" else AIMessage(m["text"])
                for m in stored.get("messages", [])]

    async def append(self, conversation_id: str, user: str, question: str, answer: str) -> None:
        key = _key(conversation_id)
        raw = await self.redis.get(key)
        messages = json.loads(raw)["messages"] if raw else []
        messages += [{"role": "user", "text": question}, {"role": "assistant", "text": answer}]
        # Trim whole exchanges so the history never starts with an answer.
        keep = self.max_messages - self.max_messages % 2
        messages = messages[-keep:] if keep else []
        await self.redis.set(key, json.dumps({"user": user, "messages": messages}, ensure_ascii=False),
                             ex=self.ttl_seconds)
