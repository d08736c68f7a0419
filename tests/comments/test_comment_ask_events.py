"""The batch publisher writes one entry per event with exactly the event's fields, and they read back whole."""

from __future__ import annotations

from typing import Any

from assistant.demand.events import AskEvent, AskPublisher, ask_stream


def events() -> list[AskEvent]:
    return [AskEvent(stream_id="live", comment_id="c1", user_id="u1", text="黑色L码还有吗 \"引号\" \\ ✨", intent="availability",
                     language="zh", ts_ms=1_800_000_000_000, product_id="HD-101", colour="black", size="L",
                     sku="HD-101-BLK-L", status="low", action="reply", reason="low"),
            AskEvent(stream_id="live", comment_id="c2", user_id="u2", text="主播好漂亮", intent="other", language="zh",
                     ts_ms=1_800_000_000_001, action="skip", reason="chatter")]


async def test_batch_publish_writes_each_events_fields(redis: Any) -> None:
    await AskPublisher(redis).publish(events())
    ours = [fields for _, fields in await redis.xrange(ask_stream("live"))]
    theirs = [{k.encode(): v.encode() for k, v in e.fields().items()} for e in events()]

    assert ours == theirs
    assert [AskEvent.from_fields(fields) for fields in ours] == events()
