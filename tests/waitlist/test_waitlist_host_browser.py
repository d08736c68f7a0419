"""On a real uvicorn with the wall clock: a restock puts the waitlist card on the host page by itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.infra.embedded_redis import EmbeddedRedis, free_port
from tests.alerts.alert_helpers import serve_in_thread
from tests.alerts.test_alert_host_browser import CHROMIUM_ARGS, chromium
from tests.conftest import SAMPLE_DATA, auth
from tests.support.redis_clients import sync_client
from tests.support.waiting import eventually_sync
from tests.waitlist.support import BLACK_L, STREAM


@pytest.fixture
def server(settings, redis_server: EmbeddedRedis) -> Iterator[str]:
    import assistant.main as main

    sync_client(redis_server.url).flushall()
    saved = main.DOMAIN_WIRING
    main.DOMAIN_WIRING = (main.alerts_wiring, main.waitlist_wiring, main.comments_wiring)
    try:
        with serve_in_thread(main.create_app(settings), free_port()) as base, httpx.Client(base_url=base) as http:
            catalog = json.loads((SAMPLE_DATA / "sample-catalog.json").read_text())
            lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())
            assert http.put("/v1/catalog", json=catalog, headers=auth("admin"), timeout=60).status_code == 200
            assert http.put(f"/v1/streams/{STREAM}/lineup", json={"items": lineup["items"]},
                            headers=auth("host")).status_code == 200
            assert http.put(f"/v1/streams/{STREAM}/focus", json={"product_id": "HD-101"},
                            headers=auth("host")).status_code == 200
            yield base
    finally:
        main.DOMAIN_WIRING = saved


@pytest.mark.browser
def _replaced_by_waitlist_card(store: Any) -> bool:
    cards = {k.decode(): v for k, v in store.hgetall(f"sa:cards:{{{STREAM}}}:cards").items()}
    replaced = {k.decode(): v.decode() for k, v in store.hgetall(f"sa:cards:{{{STREAM}}}:superseded").items()}
    return any(json.loads(cards[old])["level"] == "back_in_stock" and json.loads(cards[by])["level"] == "waitlist"
               for old, by in replaced.items() if old in cards and by in cards)


def test_the_host_page_shows_the_waitlist_card_after_a_restock(server: str, redis_server: EmbeddedRedis,
                                                               output_dir: Path) -> None:
    redis_url = redis_server.url
    executable = chromium()
    playwright_api = pytest.importorskip("playwright.sync_api", reason="python playwright not installed")
    with httpx.Client(base_url=server, timeout=30) as http:
        left = http.get(f"/v1/skus/{BLACK_L}", headers=auth("ops")).json()["sellable"]
        order = {"order_id": "all-of-it", "channel": "douyin", "buyer_id": "b", "stream_id": STREAM,
                 "lines": [{"sku": BLACK_L, "qty": left}]}
        assert http.post("/v1/orders", json=order, headers=auth("integration")).status_code == 201
        comments = [{"id": f"c{n}", "user_id": f"u{n}", "user_name": f"<b>观众{n}</b>", "text": "黑色L还有吗"}
                    for n in range(3)]
        assert http.post(f"/v1/streams/{STREAM}/comments", json={"comments": comments},
                         headers=auth("integration")).status_code == 200
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1024, "height": 900})
                page.goto(f"{server}/host/{STREAM}#key=host-key")
                page.wait_for_selector("#status.live", timeout=45_000)
                assert http.post(f"/v1/skus/{BLACK_L}/restock", json={"qty": 10, "reason": "truck"},
                                 headers=auth("ops")).status_code == 200
                # The notice watcher follows the ledger in the background; the page re-renders as events come.
                card = page.locator("article.card.level-waitlist")
                expect = playwright_api.expect
                expect(card).to_contain_text("3位观众在等黑色L码，刚补货10件——现在说一声", timeout=90_000)
                expect(card).to_contain_text("等货 WAITLIST", timeout=30_000)
                # The alert engine's own back-in-stock card of this return is replaced by the waitlist card
                # (whichever the server saved first), so the host sees one card for it, not two.
                store = sync_client(redis_url)
                eventually_sync(lambda: _replaced_by_waitlist_card(store), "the back-in-stock card replaced")
                expect(page.locator("article.card.level-back_in_stock")).to_have_count(0, timeout=10_000)
                expect(page.locator("article.card[data-product-id='HD-101']")).to_have_count(1, timeout=10_000)
                page.screenshot(path=str(output_dir / "host-page-waitlist.png"), full_page=True)
            finally:
                browser.close()
        notices = http.get(f"/v1/streams/{STREAM}/waitlist/notices", headers=auth("host")).json()["notices"]
        assert [sorted(v["user_id"] for v in n["viewers"]) for n in notices] == [["u0", "u1", "u2"]]
