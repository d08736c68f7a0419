"""`stock-assistant bench ledger --cluster --quick` as a user runs it: it starts its own 3-master cluster and one
Redis, prints JSON with orders/s of every setup and phase, ratios against one Redis, and zero oversell.
No timing is asserted: the figures are only checked to be there and positive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.infra.local_cluster import cluster_binary

pytestmark = pytest.mark.cluster

SETUPS = ("one_redis", "one_redis_buckets", "cluster")
PHASES = ("hot_sku", "spread", "cross_bucket_3_lines")


def test_bench_ledger_cluster_quick_prints_every_figure_with_zero_oversell(tmp_path: Path) -> None:
    if cluster_binary() is None:
        pytest.skip("bench ledger --cluster needs redis-server >= 7 (Debian: apt install redis-server)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCK_ASSISTANT_") or k.endswith("REDIS_SERVER")}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "bench", "ledger", "--cluster", "--quick"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["bench"] == "ledger" and result["masters"] == 3
    assert sorted(result["cross_products_on_masters"]) == [0, 1, 2]  # the 3-line orders span every master
    for setup in SETUPS:
        for phase in PHASES:
            figure = result["setups"][setup][phase]
            assert figure["orders_per_s"] > 0 and figure["accepted"] + figure["refused"] == figure["orders"]
            assert figure["refused"] > 0, "stock is short of the orders: every phase ends in a race for the last units"
            assert figure["units_sold"] == figure["units_accepted"] and figure["held_left"] == 0, (setup, phase)
            assert figure["zero_oversell"] is True
    assert result["setups"]["cluster"]["spread"]["buckets_used"] > 3
    for setup in ("one_redis_buckets", "cluster"):
        assert set(result["ratios_vs_one_redis"][setup]) == set(PHASES)
        assert all(ratio > 0 for ratio in result["ratios_vs_one_redis"][setup].values())
    assert result["zero_oversell"] is True
