"""The failover in buckets on the 3-master Redis Cluster: the buckets' streams are on different masters."""

from __future__ import annotations

import pytest

from tests.alerts.test_alert_failover_buckets import (  # noqa: F401  (collected here again, on the cluster)
    rig,
    test_the_new_leader_says_each_buckets_sell_out_once_from_its_streams_cursor,
)
from tests.support.on_cluster import cluster_as_redis  # noqa: F401  (the cluster in place of one Redis)

pytestmark = pytest.mark.cluster
