"""The service's checks with the ledger in 4 buckets, on the 3-master Redis Cluster: the buckets' movement
streams are on different masters (see tests/api/test_app_in_buckets.py)."""

from __future__ import annotations

import pytest

from tests.api.test_app_in_buckets import (  # noqa: F401  (collected here again, on the cluster)
    BUCKETS,
    test_a_sale_outside_the_first_bucket_raises_the_low_stock_card,
    test_demand_counts_the_sales_of_every_bucket,
    test_metrics_and_health_report_every_buckets_movement_stream,
    test_the_post_live_report_counts_and_reconciles_every_buckets_sales,
)
from tests.conftest import TEST_KEYS
from tests.support.on_cluster import cluster_as_redis  # noqa: F401  (the cluster in place of one Redis)
from tests.support.redis_cluster import LocalCluster

pytestmark = pytest.mark.cluster


@pytest.fixture
def settings(redis_cluster: LocalCluster, tmp_path):
    from assistant.config import Settings

    return Settings(redis_url=redis_cluster.url, data_dir=tmp_path / "data", redis_socket_timeout_s=60.0,
                    api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()), ledger_buckets=BUCKETS)
