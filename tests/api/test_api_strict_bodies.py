"""Every request body takes numbers as numbers and only the fields it defines: a look-alike ("5", 5.0, true) or
an unknown field is a 422 naming the field, and nothing of the request is applied."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLE_DATA, auth

SKU = "HD-101-BLK-L"
STREAM = "demo-live"
LOOK_ALIKES = ["5", True, 5.5]


def _refused(answer, field: str) -> None:
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert field in error["message"], error


async def _alert_settings(client) -> dict:
    return (await client.get(f"/v1/streams/{STREAM}/alert-settings", headers=auth("host"))).json()


@pytest.mark.parametrize("value", ["300", 300.0, True])
async def test_alert_settings_take_whole_numbers_only(loaded, value) -> None:
    before = await _alert_settings(loaded)
    answer = await loaded.put(f"/v1/streams/{STREAM}/alert-settings", json={"trend_window_s": value,
                                                                           "trend_ratio": 3.0},
                              headers=auth("host"))
    _refused(answer, "trend_window_s")
    assert await _alert_settings(loaded) == before, "refused whole: trend_ratio was not applied either"


@pytest.mark.parametrize("body, field", [({"trend_ratio": "3"}, "trend_ratio"), ({"trend_ratio": True}, "trend_ratio"),
                                         ({"trend_window_s": 5}, "trend_window_s"), ({"trend_windows": 300}, "trend_windows")])
async def test_alert_settings_refuse_strings_out_of_range_values_and_unknown_fields(loaded, body, field) -> None:
    before = await _alert_settings(loaded)
    _refused(await loaded.put(f"/v1/streams/{STREAM}/alert-settings", json=body, headers=auth("host")), field)
    assert await _alert_settings(loaded) == before


@pytest.mark.parametrize("body, field", [({"hold_minutes": "5"}, "hold_minutes"), ({"hold_minutes": True}, "hold_minutes"),
                                         ({"hold_minutes": 5.5}, "hold_minutes"), ({"hold_share": "0.5"}, "hold_share"),
                                         ({"hold_share": True}, "hold_share"), ({"hold_sahre": 0.5}, "hold_sahre")])
async def test_waitlist_settings_take_numbers_as_numbers(loaded, body, field) -> None:
    url = f"/v1/streams/{STREAM}/waitlist-settings"
    before = (await loaded.get(url, headers=auth("ops"))).json()
    _refused(await loaded.put(url, json=body, headers=auth("ops")), field)
    assert (await loaded.get(url, headers=auth("ops"))).json() == before


@pytest.mark.parametrize("value", LOOK_ALIKES)
async def test_a_board_proposal_value_is_a_whole_number(loaded, value) -> None:
    answer = await loaded.post("/v1/board/proposals", json={"action": "restock", "sku": SKU, "value": value},
                               headers=auth("ops"))
    _refused(answer, "value")


@pytest.mark.parametrize("enabled", ["yes", "true", 1])
async def test_a_webhook_target_is_enabled_by_a_boolean_only(loaded, enabled) -> None:
    answer = await loaded.put("/v1/webhooks/ops-robot", json={"url": "https://hooks.example.test/x", "enabled": enabled},
                              headers=auth("ops"))
    _refused(answer, "enabled")
    targets = (await loaded.get("/v1/webhooks", headers=auth("ops"))).json()["targets"]
    assert all(t["id"] != "ops-robot" for t in targets)


async def test_a_lineup_refuses_unknown_fields_and_another_rooms_file_but_takes_its_own(loaded) -> None:
    lineup = json.loads((SAMPLE_DATA / "sample-lineup.json").read_text())  # names its room: demo-live
    url = f"/v1/streams/{STREAM}/lineup"
    _refused(await loaded.put(url, json={**lineup, "padding": "x" * 100}, headers=auth("host")), "padding")
    other = await loaded.put("/v1/streams/other-room/lineup", json=lineup, headers=auth("host"))
    assert other.status_code == 422 and other.json()["error"]["code"] == "stream_mismatch"
    assert (await loaded.put(url, json=lineup, headers=auth("host"))).status_code == 200


@pytest.mark.parametrize("bound", ["start_ms", "end_ms"])
async def test_a_report_window_beyond_2100_is_refused(loaded, bound) -> None:
    answer = await loaded.get(f"/v1/streams/{STREAM}/report?{bound}={10 ** 21}", headers=auth("ops"))
    _refused(answer, bound)
