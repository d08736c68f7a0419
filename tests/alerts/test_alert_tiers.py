"""A-tier items (proven sellers) warn earlier than the rest; B and C keep the usual thresholds."""

from __future__ import annotations

from assistant.alerts.levels import Level, classify_sku
from assistant.alerts.settings import AlertSettings
from assistant.alerts.velocity import Velocity

IDLE = Velocity(0.0, 0, 0, 0.0)


def test_an_a_item_turns_low_and_critical_before_a_b_item() -> None:
    settings = AlertSettings()  # low at 20% of the starting stock, critical at 10%
    assert classify_sku(25, 100, None, IDLE, settings, tier="B").level == Level.OK
    assert classify_sku(25, 100, None, IDLE, settings, tier="A").level == Level.LOW
    assert classify_sku(14, 100, None, IDLE, settings, tier="C").level == Level.LOW
    assert classify_sku(14, 100, None, IDLE, settings, tier="A").level == Level.CRITICAL
    assert classify_sku(25, 100, None, IDLE, settings).level == Level.OK  # no tier: as before
