"""Flags: a burst stands out from a steady background; unmet demand carries a restock estimate."""

from __future__ import annotations

from assistant.demand.reading import Window
from assistant.demand.signals import baseline, conversion, restock_estimate
from tests.demand.demand_support import STREAM, ask, item, make_service, sale

BACKGROUND = [("HD-102", "black", "M"), ("HD-102", "white", "L"), ("DR-201", "red", "S"), ("DR-201", "blue", "M"),
              ("JN-301", "blue", "27"), ("JN-301", "black", "26"), ("SN-402", "white", "38"),
              ("DJ-701", "black", "M"), ("DJ-701", "pink", "S"), ("DR-202", "khaki", "M")]


async def _steady_background(demand, clock, minutes: int = 10) -> None:
    """Ten variants asked about once or twice a minute each, by different viewers."""
    for minute in range(minutes):
        events = []
        for index, (product, colour, size) in enumerate(BACKGROUND):
            repeats = 1 + (minute + index) % 2
            events += [ask(clock, f"bg{index}-{minute}-{r}", product, colour, size) for r in range(repeats)]
        await demand.ingest(events)
        clock.advance(60)


async def test_a_burst_on_one_variant_is_flagged_and_the_steady_background_is_not(redis, clock):
    demand = make_service(redis, clock)
    await _steady_background(demand, clock, minutes=8)
    burst = [ask(clock, f"fan{i}", "SN-401", "white", "42", status="in_stock") for i in range(30)]
    await demand.ingest(burst)
    clock.advance(60)
    await _steady_background(demand, clock, minutes=2)

    report = await demand.report(STREAM, window=Window(600, "10m"))
    flagged = [(r["product_id"], r["colour"], r["size"]) for r in report["items"] if r["flags"]]
    assert flagged == [("SN-401", "white", "42")]
    flag = item(report, "SN-401", "white", "42")["flags"][0]
    assert flag["kind"] == "frequent"
    figures = flag["figures"]
    assert figures["asks"] == 30 and figures["askers"] == 30 and figures["z"] >= 3.5
    assert figures["baseline_median"] >= 10 and figures["items_in_baseline"] == 11
    assert flag["restock_estimate"] >= 1
    only = await demand.report(STREAM, window=Window(600, "10m"), flagged_only=True)
    assert [r["sku"] for r in only["items"]] == ["SN-401-WHT-42"]


async def test_a_steady_background_alone_flags_nothing(redis, clock):
    demand = make_service(redis, clock)
    await _steady_background(demand, clock, minutes=10)
    report = await demand.report(STREAM, window=Window(600, "10m"))
    assert len(report["items"]) == 10 and not any(r["flags"] for r in report["items"])


async def test_one_loud_viewer_is_not_a_frequent_item(redis, clock):
    demand = make_service(redis, clock)
    await demand.ingest([ask(clock, "spammer", "HD-101", "black", "L") for _ in range(40)])
    assert item(await demand.report(STREAM), "HD-101", "black", "L")["flags"] == []


async def test_unmet_demand_is_flagged_with_a_restock_estimate_from_the_streams_conversion(redis, clock):
    demand = make_service(redis, clock)
    # In stock: 40 viewers ask about black L and 20 of them buy -> the stream converts about half its askers.
    await demand.ingest([ask(clock, f"b{i}", "HD-101", "black", "L", status="in_stock") for i in range(40)])
    await demand.ingest_movements([sale(clock, "HD-101-BLK-L") for _ in range(20)])
    # Sold out: 12 viewers ask about apricot L, 3 of them twice.
    sold_out = [ask(clock, f"s{i}", "HD-101", "apricot", "L", status="sold_out") for i in range(12)]
    sold_out += [ask(clock, f"s{i}", "HD-101", "apricot", "L", status="sold_out") for i in range(3)]
    await demand.ingest(sold_out)

    report = await demand.report(STREAM)
    row = item(report, "HD-101", "apricot", "L")
    unmet = next(f for f in row["flags"] if f["kind"] == "unmet")
    assert unmet["figures"]["sold_out_asks"] == 15 and unmet["figures"]["unmet_askers"] == 12
    rate = unmet["figures"]["conversion"]
    assert rate["buyers"] == 20 and rate["askers"] == 40 and 0.4 < rate["rate"] < 0.5
    assert unmet["restock_estimate"] == restock_estimate(15, 12, rate["rate"]) == 6
    black = item(report, "HD-101", "black", "L")
    assert black["sales"] == 20 and black["asks_to_sales"] == 2.0
    assert not [f for f in black["flags"] if f["kind"] == "unmet"]


async def test_without_sales_the_estimate_uses_the_prior_and_cancels_take_sales_back(redis, clock):
    demand = make_service(redis, clock)
    await demand.ingest([ask(clock, f"s{i}", "DR-201", "white", "XS", status="sold_out") for i in range(8)])
    await demand.ingest_movements([sale(clock, "DR-201-RED-M", 2), sale(clock, "DR-201-RED-M", 1),
                                   sale(clock, "DR-201-RED-M", 2, kind="cancel"),
                                   sale(clock, "DR-201-RED-M", 5, stream_id="other-room")])
    report = await demand.report(STREAM)
    unmet = item(report, "DR-201", "white", "XS")["flags"][0]
    assert unmet["figures"]["conversion"]["source"] == "prior"
    assert unmet["restock_estimate"] == restock_estimate(8, 8, 0.25) == 2
    assert report["totals"]["sales"] == 1


def test_signal_arithmetic():
    steady = baseline([10, 11, 9, 10, 12, 10])
    assert steady.median == 10 and steady.z(12) < 3.5 and steady.z(40) > 3.5
    assert baseline([8]).z(8) > 3.5  # alone in a silent stream it stands out
    assert baseline([8, 7]).z(8) < 3.5
    assert conversion([], prior=0.25).rate == 0.25
    assert conversion([(500, 10)], prior=0.25).buyers == 10  # buyers who never asked do not count
    assert restock_estimate(0, 0, 0.5) == 0 and restock_estimate(1, 1, 0.01) == 1
