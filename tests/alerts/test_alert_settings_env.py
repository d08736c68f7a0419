"""A card default set in the environment obeys the same limits as a per-stream override."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.config import Settings


def test_an_out_of_range_default_is_refused_naming_its_variable(monkeypatch):
    monkeypatch.setenv("STOCK_ASSISTANT_ALERT_TREND_RATIO", "25")  # per-stream overrides stop at 20
    with pytest.raises(ValidationError, match="STOCK_ASSISTANT_ALERT_TREND_RATIO"):
        Settings()
    monkeypatch.setenv("STOCK_ASSISTANT_ALERT_TREND_RATIO", "3")
    assert Settings().alert_trend_ratio == 3.0
