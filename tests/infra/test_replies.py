"""redis-py's replies read as str, from a real server (bytes) and in the shapes redis-py's hints allow."""

from __future__ import annotations

import pytest
from redis.asyncio import Redis

from assistant.infra import replies


async def test_hash_stream_and_set_replies_read_as_text(redis: Redis) -> None:
    await redis.hset("h", mapping={"名": "毛衣", "qty": 3})
    await redis.xadd("s", {"sku": "A-1", "qty": "2"}, id="5-1")
    await redis.xadd("s", {"sku": "B-2", "qty": "1"}, id="5-2")
    await redis.zadd("z", {"b": 2, "a": 1})

    assert replies.text_map(await redis.hgetall("h")) == {"名": "毛衣", "qty": "3"}
    assert replies.text_map(await redis.hgetall("absent")) == {}
    assert replies.entries(await redis.xrange("s")) == [("5-1", {"sku": "A-1", "qty": "2"}),
                                                       ("5-2", {"sku": "B-2", "qty": "1"})]
    assert replies.last_id(await redis.xrevrange("s", count=1)) == "5-2"
    assert replies.last_id(await redis.xrevrange("absent", count=1)) == "0-0"
    assert replies.streams(await redis.xread({"s": "5-1"})) == [("s", [("5-2", {"sku": "B-2", "qty": "1"})])]
    assert replies.streams(await redis.xread({"s": "5-2"}, block=1)) == []
    assert replies.members(await redis.zrange("z", 0, -1)) == ["a", "b"]
    assert replies.text_or_none(await redis.get("absent")) is None


def test_resp3_stream_shape_and_decoded_client_replies_read_alike() -> None:
    resp3 = {b"s": [[b"5-2", {b"sku": b"B-2"}]]}
    assert replies.streams(resp3) == [("s", [("5-2", {"sku": "B-2"})])]
    assert replies.text_map({"sku": "B-2"}) == {"sku": "B-2"}  # a decode_responses client's reply


def test_a_reply_that_is_not_text_is_refused_not_passed_on() -> None:
    with pytest.raises(TypeError, match="got tuple"):
        replies.members([(b"a", 1.0)])  # a scored ZRANGE read as if it had no scores
