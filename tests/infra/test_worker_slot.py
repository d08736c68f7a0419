"""Each worker process gets its own embedded chroma directory; a dead worker's slot is reused."""

from __future__ import annotations

from assistant.infra.worker_slot import claim_slot


def test_workers_get_separate_directories_and_reuse_freed_ones(tmp_path):
    base = tmp_path / "chroma"
    first, second = claim_slot(base), claim_slot(base)
    assert first.path == base  # one worker keeps the layout a single process always had
    assert second.path == tmp_path / "chroma-worker-1"
    first.release()
    again = claim_slot(base)
    assert again.path == base
    second.release()
    again.release()
