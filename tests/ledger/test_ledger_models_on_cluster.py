"""The ledger's hypothesis state machines on the real 3-master Redis Cluster, in 4 buckets.

The same machines and models as on one Redis (test_ledger_model.py, test_ledger_warehouse_model.py). Here the
SKUs of different products sit in different buckets on different masters, so an order, a hold or a bundle
naming several of them is all or nothing through the coordinator (per-bucket holds, the durable decision,
per-bucket confirms) — and every invariant of the one-Redis run must still hold after every step. Fewer
examples than on one Redis: each step is several round trips to three servers, and the suite's time is shared.
"""

from __future__ import annotations

import pytest

from tests.ledger.test_ledger_model import run_machine
from tests.ledger.test_ledger_warehouse_model import run_warehouse_machine
from tests.support.ledger_targets import on_cluster
from tests.support.redis_cluster import LocalCluster

pytestmark = pytest.mark.cluster


def test_ledger_agrees_with_its_model_on_the_cluster(redis_cluster: LocalCluster) -> None:
    redis_cluster.heal()  # a test before may have killed a master
    run_machine(on_cluster(redis_cluster), examples=40, steps=40)


def test_warehouses_agree_with_their_model_on_the_cluster(redis_cluster: LocalCluster) -> None:
    redis_cluster.heal()
    run_warehouse_machine(on_cluster(redis_cluster), examples=40, steps=30)
