"""The moderation queues on /metrics: how many comments wait in each workspace queue, and for
how long the oldest has waited. Read at scrape time with the workspace's own queries (so the
numbers are the tabs' numbers) by `masthead.core.metrics`, which finds `SCRAPED` here."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.db.models import Min
from django.db.models.functions import Coalesce
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric

from masthead.comments.models import CommentReport
from masthead.dashboard import queries
from masthead.dashboard.models import AuditSample

logger = logging.getLogger(__name__)

DEPTH = "masthead_moderation_queue_depth"
OLDEST = "masthead_moderation_queue_oldest_seconds"


def _oldest() -> dict[str, Any]:
    """When the longest wait in each queue began (None: the queue is empty). Held and
    pre-moderated: when the comment was posted or last edited (an edit is checked again);
    reported: the oldest open report; sample: when the comment was drawn for the sample."""
    since = Coalesce("edited_at", "created_at")
    return {
        "held": queries.tab_queryset("held").aggregate(t=Min(since))["t"],
        "premoderated": queries.tab_queryset("premoderated").aggregate(t=Min(since))["t"],
        "reported": CommentReport.objects.filter(
            resolved_at__isnull=True, comment__in=queries.tab_queryset("reported")
        ).aggregate(t=Min("created_at"))["t"],
        "sample": AuditSample.objects.filter(comment__in=queries.tab_queryset("sample")).aggregate(
            t=Min("selected_at")
        )["t"],
    }


class QueueCollector:
    """Asked by prometheus_client at each scrape; a database error gives -1 for every queue
    (as `masthead_task_queue_depth` does) and leaves the other metrics alone."""

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily(
            DEPTH, "Comments waiting in each moderation queue", labels=["queue"]
        )
        oldest = GaugeMetricFamily(
            OLDEST,
            "Seconds the longest-waiting comment in each moderation queue has waited",
            labels=["queue"],
        )
        try:
            counts = queries.counts(queries.Filters())
            began = _oldest()
        except Exception:  # the database being down must not hide every other metric
            logger.warning("moderation queue metrics: the database did not answer", exc_info=True)
            counts = dict.fromkeys(queries.TABS, -1)
            ages = dict.fromkeys(queries.TABS, -1.0)
        else:
            now = timezone.now()
            ages = {
                tab: max(0.0, (now - t).total_seconds()) if t is not None else 0.0
                for tab, t in began.items()
            }
        for tab in queries.TABS:
            depth.add_metric([tab], counts[tab])
            oldest.add_metric([tab], ages[tab])
        yield depth
        yield oldest


SCRAPED = (QueueCollector(),)
