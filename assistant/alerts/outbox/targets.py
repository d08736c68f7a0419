"""Where alerts go: webhook targets per stream and level, kept in Redis so every worker sends to the same ones."""

from __future__ import annotations

import json
import re
import time
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator
from redis.asyncio import Redis

from assistant.alerts.outbox.address_guard import AddressGuard, RefusedAddress
from assistant.alerts.outbox.keys import TARGETS
from assistant.errors import InvalidInput

Format = Literal["generic", "feishu", "dingtalk", "wecom", "slack"]
Role = Literal["primary", "escalation"]
CardLevel = Literal["trend", "low", "critical", "sold_out", "back_in_stock"]
# A path segment that looks like a robot's token (Feishu's hook id, Slack's secret part): long, with a digit.
_TOKEN_SEGMENT = re.compile(r"(?=.*\d)[^/]{12,}")


def masked_url(url: str) -> str:
    """The address as ops may see it again: an IM robot's URL is its credential (DingTalk's access_token, WeCom's
    key, Feishu's and Slack's path token), so query values, user info and token-like path segments are masked,
    keeping their last 4 characters to tell targets apart."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = (f"***@{host}" if parts.username or parts.password else host) + (f":{parts.port}" if parts.port else "")
    path = "/".join(_mask(segment) if _TOKEN_SEGMENT.fullmatch(segment) else segment
                    for segment in parts.path.split("/"))
    query = urlencode([(key, _mask(value)) for key, value in parse_qsl(parts.query, keep_blank_values=True)],
                      safe="*")
    return parts._replace(netloc=netloc, path=path, query=query, fragment="").geturl()


def _mask(secret: str) -> str:
    return "***" + secret[-4:] if len(secret) >= 12 else "***"


class WebhookTargetSpec(BaseModel):
    """PUT body of /v1/webhooks/{target_id}."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=8, max_length=2000, description="http(s) address the alert is POSTed to")
    format: Format = Field(default="generic", description="generic signed JSON, or an IM robot's own body")
    secret: str | None = Field(default=None, min_length=8, max_length=200,
                               description="generic: HMAC key of X-Stock-Assistant-Signature; feishu/dingtalk: the "
                                           "robot's signing secret")
    streams: list[str] = Field(default=["*"], min_length=1, max_length=100, description="stream ids, or * for all")
    levels: list[CardLevel] = Field(default=["critical", "sold_out"], min_length=1,
                                    description="card levels sent (primary targets)")
    kinds: list[str] = Field(default=["card"], min_length=1, max_length=20,
                             description="event kinds sent: card, or another part's (e.g. back_in_stock_notice)")
    role: Role = Field(default="primary", description="escalation: told when a critical card is not acknowledged")
    language: Literal["zh", "en"] = "zh"
    enabled: StrictBool = True

    @field_validator("url")
    @classmethod
    def _http(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        parts = urlsplit(url)
        try:
            parts.port  # noqa: B018 - raises on a port that is no number or out of range
        except ValueError as error:
            raise ValueError(f"has a bad port: {error}") from None
        if not parts.hostname or any(c.isspace() for c in url):
            raise ValueError("must name a host, with no spaces")
        return url


class WebhookTarget(WebhookTargetSpec):
    id: str
    updated_ms: int

    def wants(self, stream_id: str, kind: str, level: str | None) -> bool:
        if not self.enabled or ("*" not in self.streams and stream_id not in self.streams):
            return False
        if kind == "escalation":
            return self.role == "escalation"
        if self.role == "escalation" or kind not in self.kinds:
            return False
        return level is None or level in self.levels

    def public(self) -> dict[str, object]:
        """The secret never leaves the service, only whether one is set; the URL's own credentials are masked."""
        shown = self.model_dump(exclude={"secret"})
        return {**shown, "url": masked_url(self.url), "secret_set": self.secret is not None}


class WebhookTargets:
    """All targets in one hash; each worker keeps a copy re-read at most once a second."""

    def __init__(self, redis: Redis, *, max_age_s: float = 1.0, guard: AddressGuard | None = None):
        self.redis = redis
        self.guard = guard or AddressGuard()  # the dispatcher checks every delivery with the same one
        self.max_age_s = max_age_s
        self._cached: list[WebhookTarget] = []
        self._read_at = float("-inf")

    async def all(self, *, fresh: bool = False) -> list[WebhookTarget]:
        if fresh or time.monotonic() - self._read_at > self.max_age_s:
            raw = await self.redis.hgetall(TARGETS)
            self._cached = sorted((WebhookTarget.model_validate_json(v) for v in raw.values()), key=lambda t: t.id)
            self._read_at = time.monotonic()
        return self._cached

    async def get(self, target_id: str) -> WebhookTarget | None:
        raw = await self.redis.hget(TARGETS, target_id)
        return WebhookTarget.model_validate_json(raw) if raw else None

    async def put(self, target_id: str, spec: WebhookTargetSpec, now_ms: int) -> WebhookTarget:
        """Stores a target; a URL whose host is or resolves to a refused address is a 422 naming the url."""
        try:
            await self.guard.check(spec.url)
        except RefusedAddress as refused:
            raise InvalidInput(f"url: {refused}", code="webhook_url_refused",
                               details={"problems": [{"field": "url", "message": str(refused)}]}) from None
        target = WebhookTarget(**spec.model_dump(), id=target_id, updated_ms=now_ms)
        await self.redis.hset(TARGETS, target_id, json.dumps(target.model_dump(), ensure_ascii=False))
        self._read_at = float("-inf")
        return target

    async def delete(self, target_id: str) -> bool:
        self._read_at = float("-inf")
        return bool(await self.redis.hdel(TARGETS, target_id))

    async def matching(self, stream_id: str, kind: str, level: str | None) -> list[WebhookTarget]:
        return [t for t in await self.all() if t.wants(stream_id, kind, level)]
