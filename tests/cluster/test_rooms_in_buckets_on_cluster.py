"""The waitlist's notices and the board with the ledger in 4 buckets, on the 3-master Redis Cluster: the buckets'
movement streams are on different masters (see tests/waitlist/test_waitlist_buckets.py and
tests/board/test_board_buckets.py)."""

from __future__ import annotations

import pytest

from tests.board.test_board_buckets import test_a_sale_in_the_third_bucket_shows_on_the_board  # noqa: F401
from tests.conftest import TEST_KEYS
from tests.support.on_cluster import cluster_as_redis  # noqa: F401  (the cluster in place of one Redis)
from tests.support.redis_cluster import LocalCluster
from tests.waitlist.test_waitlist_buckets import (  # noqa: F401  (collected here again, on the cluster)
    test_a_restock_in_the_fourth_bucket_notifies_the_waiting_viewers,
)

pytestmark = pytest.mark.cluster


@pytest.fixture
def settings(redis_cluster: LocalCluster, tmp_path):
    from assistant.config import Settings

    return Settings(redis_url=redis_cluster.url, data_dir=tmp_path / "data", redis_socket_timeout_s=60.0,
                    api_keys=",".join(f"{role}:{key}" for role, key in TEST_KEYS.items()))
