"""`masthead_task_queue_depth` is the queue's length when scraped, whichever process answers
(2026-11-30). It was a Gauge each process set when it answered a scrape and kept in its
multiprocess file with mode "max": under gunicorn (masthead serve sets PROMETHEUS_MULTIPROC_DIR)
a worker that had answered while the queue was long kept that length in its file, so /metrics
went on reporting it after the queue drained. It is now read at each scrape by the answering
process and never kept in a file."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from masthead.core import metrics

pytestmark = pytest.mark.django_db


def depth(client) -> float:  # type: ignore[no-untyped-def]
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    found = [
        sample.value
        for family in text_string_to_metric_families(body)
        if family.name == "masthead_task_queue_depth"
        for sample in family.samples
    ]
    assert len(found) == 1, found
    return found[0]


def test_the_depth_follows_the_queue_with_several_processes(client, monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setattr(metrics, "_queue_depth", lambda: 40.0)
    assert depth(client) == 40
    monkeypatch.setattr(metrics, "_queue_depth", lambda: 0.0)
    assert depth(client) == 0
    assert not any(
        "task_queue_depth" in p.read_bytes().decode("latin-1") for p in tmp_path.iterdir()
    )


def test_a_queue_that_does_not_answer_reads_minus_one(client, monkeypatch):
    def down() -> float:
        raise ConnectionError("queue down")

    monkeypatch.setattr(metrics, "_queue_depth", down)
    assert depth(client) == -1
