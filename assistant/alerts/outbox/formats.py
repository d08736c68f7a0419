"""The request each target format expects: a generic signed JSON body, or an IM robot's message body.

IM robots get plain text messages (not markdown): catalog and viewer text inside them can never become a link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from assistant.alerts.outbox.targets import WebhookTarget

SIGNATURE_HEADER = "X-Stock-Assistant-Signature"
TIMESTAMP_HEADER = "X-Stock-Assistant-Timestamp"
DELIVERY_HEADER = "X-Stock-Assistant-Delivery"
EVENT_HEADER = "X-Stock-Assistant-Event"


@dataclass(frozen=True)
class OutboundRequest:
    url: str
    headers: dict[str, str]
    body: bytes


def sign_generic(secret: str, timestamp_s: int, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>" (the timestamp makes a replayed body detectable)."""
    digest = hmac.new(secret.encode(), f"{timestamp_s}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu/Lark custom robot: HMAC-SHA256 keyed by "<timestamp>\\n<secret>" over nothing, base64."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk robot: HMAC-SHA256 keyed by the secret over "<timestamp ms>\\n<secret>", base64."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def build_request(target: WebhookTarget, delivery: dict[str, Any], text: str, now_ms: int) -> OutboundRequest:
    event = delivery["event"]
    headers = {"Content-Type": "application/json; charset=utf-8", DELIVERY_HEADER: delivery["id"],
               EVENT_HEADER: event["id"], "User-Agent": "stock-assistant-webhooks/1"}
    seconds = now_ms // 1000
    if target.format == "generic":
        body = _json({"delivery_id": delivery["id"], "event_id": event["id"], "kind": event["kind"],
                      "stream_id": event["stream_id"], "level": event.get("level"), "ts": event["ts"],
                      "attempt": delivery["attempts"] + 1, "text": text, "payload": event["payload"]})
        headers[TIMESTAMP_HEADER] = str(seconds)
        if target.secret:
            headers[SIGNATURE_HEADER] = sign_generic(target.secret, seconds, body)
        return OutboundRequest(target.url, headers, body)
    if target.format == "feishu":
        message: dict[str, Any] = {"msg_type": "text", "content": {"text": text}}
        if target.secret:
            message = {"timestamp": str(seconds), "sign": feishu_sign(target.secret, seconds), **message}
        return OutboundRequest(target.url, headers, _json(message))
    if target.format == "dingtalk":
        url = target.url
        if target.secret:
            sign = quote_plus(dingtalk_sign(target.secret, now_ms))
            url = f"{url}{'&' if '?' in url else '?'}timestamp={now_ms}&sign={sign}"
        return OutboundRequest(url, headers, _json({"msgtype": "text", "text": {"content": text}}))
    if target.format == "wecom":
        return OutboundRequest(target.url, headers, _json({"msgtype": "text", "text": {"content": text}}))
    # Slack: &, < and > are control characters in its text; escaped, a name cannot become a link or a mention.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return OutboundRequest(target.url, headers, _json({"text": escaped, "unfurl_links": False,
                                                       "unfurl_media": False}))


def accepted(target: WebhookTarget, status: int, body: bytes) -> tuple[bool, str | None]:
    """2xx, and for IM robots their own success code (they answer 200 with an error code inside)."""
    if not 200 <= status < 300:
        return False, f"HTTP {status}"
    if target.format in ("generic", "slack"):
        return True, None
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return False, "the robot's answer is not JSON"
    code = answer.get("code", answer.get("errcode", answer.get("StatusCode", 0))) if isinstance(answer, dict) else 0
    if code not in (0, None):
        message = answer.get("msg") or answer.get("errmsg") or ""
        return False, f"robot refused: {code} {message}".strip()
    return True, None
