"""The demo's waitlist scene shows the list filling during a sell-out and the notice after the restock."""

from __future__ import annotations

from rich.console import Console

from assistant.waitlist.demo_scene import waitlist_scene
from tests.conftest import auth
from tests.waitlist.support import STREAM, focus


async def test_the_demo_scene_fills_a_waitlist_and_sends_the_notice(loaded):
    await focus(loaded)
    console = Console(record=True, width=200)
    await waitlist_scene(loaded, auth, STREAM, console)
    shown = console.export_text()
    assert "waitlist: 5 viewers waiting for HD-101-BLK-2XL" in shown
    assert "notice 1/2 @小雨 @阿杰 @Mia @朵朵" in shown and "notice 2/2 @Sam" in shown
    assert "host card 5位观众在等黑色2XL码，刚补货20件——现在说一声" in shown
    assert "webhook events: 1" in shown
