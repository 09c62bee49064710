"""`masthead adapt-moderation`: fit a site adapter on this site's moderators' decisions, check
it, keep it, and put it in use (docs/moderators.md, "Learning from your decisions").

    masthead adapt-moderation [--days 365] [--dry-run] [--json]   fit, check and keep one
    masthead adapt-moderation --use VERSION                        put a kept adapter in use
    masthead adapt-moderation --stop                               stop using one
    masthead adapt-moderation --list                               the kept adapters

Exit status: 0 done; 1 when no adapter is offered (too few decisions, or it would not rank
this site's comments better than the shipped model: the line says which) or the models cannot
be loaded; 2 for a bad option. Errors are one line.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser
from django.utils import timezone

from masthead.comments.models import Comment
from masthead.core.commands import OneLineErrorsCommand
from masthead.core.numbers import whole_number
from masthead.dashboard import calibration
from masthead.moderation import actions
from masthead.moderation.core.adapter_fit import Decision, FitReport, fit_adapter
from masthead.moderation.models import ModerationPolicy, SiteAdapterRecord
from masthead.moderation.policy import current_policy

# A comment held for one of these alone was judged on something other than its words: its
# decision says nothing about how this site reads language, so it does not teach the adapter.
NOT_ABOUT_WORDS = frozenset({"off_topic", "spam", "too_many_links", "has_links", "repeated"})
ABOUT_WORDS = frozenset({"abusive", "insult", "threat", "identity_hate", "obscene"})
CHUNK = 2000


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def report_lines(report: FitReport) -> list[str]:
    lines = [
        f"decisions: {report.decisions} ({report.rejected} rejected) on {report.articles} "
        f"articles; kept aside to check it: {report.checked} ({report.checked_rejected} rejected)",
    ]
    if report.shipped_auc is not None and report.adapted_auc is not None:
        lines.append(
            f"ranking on the kept-aside articles (ROC-AUC): shipped model "
            f"{report.shipped_auc:.3f}, adapter {report.adapted_auc:.3f}"
        )
    shipped, adapted = report.shipped_at_threshold, report.adapted_at_threshold
    if shipped is not None and adapted is not None:
        lines.append(
            f"at the abuse threshold {report.threshold:g}, of the kept-aside comments: approved "
            f"ones published {_percent(shipped.approved_published)} -> "
            f"{_percent(adapted.approved_published)}; rejected ones published "
            f"{_percent(shipped.rejected_published)} -> {_percent(adapted.rejected_published)}"
        )
    return lines


class Command(OneLineErrorsCommand):
    error_prefix = "adapt-moderation: "
    help = (
        "Fit a site adapter on this site's moderators' decisions (held comments they decided, "
        "the reviewed audit sample), check it on articles it did not learn from, and keep it; "
        "or put a kept one in use."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", default="365", help="decisions of the last N days (default 365)"
        )
        parser.add_argument("--dry-run", action="store_true", help="fit and check; keep nothing")
        parser.add_argument("--json", action="store_true", help="print the check as JSON")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--use", metavar="VERSION", help="put this kept adapter in use")
        what.add_argument("--stop", action="store_true", help="stop using a site adapter")
        what.add_argument("--list", action="store_true", help="list the kept adapters")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if options["stop"]:
            actions.use_site_adapter(None, actor="adapt-moderation")
            self.stdout.write("No site adapter in use: the shipped abuse model decides.")
            return
        if options["use"]:
            try:
                record = actions.use_site_adapter(options["use"], actor="adapt-moderation")
            except ValidationError as exc:
                self._fail(" ".join(exc.messages), 2)
            assert record is not None
            self.stdout.write(f"Site adapter {record.version} is in use.")
            return
        days_text = str(options["days"])
        days = whole_number(days_text)
        if days is None or not 1 <= days <= 3650:
            self._fail(f"--days must be a whole number from 1 to 3650, not {days_text!r}", 2)
        self._fit(days, dry_run=options["dry_run"], as_json=options["json"])

    def _fail(self, message: str, status: int) -> NoReturn:
        sys.stderr.write(f"{self.error_prefix}{message}\n")
        raise SystemExit(status)

    def _list(self) -> None:
        in_use = ModerationPolicy.load().site_adapter_id
        records = SiteAdapterRecord.objects.all()
        if not records:
            self.stdout.write("No site adapter has been fitted.")
            return
        for record in records:
            report = record.report or {}
            mark = "in use" if record.pk == in_use else "kept"
            self.stdout.write(
                f"{record.version}  {mark}  fitted {record.fitted_at:%Y-%m-%d %H:%M} on "
                f"{report.get('decisions', '?')} decisions of {record.days} days; ROC-AUC "
                f"{report.get('shipped_auc', '?')} -> {report.get('adapted_auc', '?')}"
            )

    def decisions(self, days: int, classifiers: Any) -> list[Decision]:
        labelled = calibration.labelled_comments(days)
        kept = [
            o
            for o in labelled.observations
            if o.comment_id is not None
            and not (set(o.reasons) & NOT_ABOUT_WORDS and not set(o.reasons) & ABOUT_WORDS)
        ]
        ids = [o.comment_id for o in kept]
        texts: dict[int, tuple[str, int]] = {}
        for i in range(0, len(ids), CHUNK):
            for pk, text, article_id in Comment.objects.filter(
                id__in=ids[i : i + CHUNK]
            ).values_list("id", "text", "article_id"):
                texts[pk] = (text, article_id)
        out: list[Decision] = []
        for o in kept:
            text, article_id = texts.get(o.comment_id or 0, ("", 0))
            if not text.strip():  # erased by its author since
                continue
            scores = classifiers.abuse.score(text)
            if scores.embedding is None:
                self._fail("the abuse model gives no sentence embedding to fit an adapter on", 1)
            out.append(
                Decision(
                    base_probability=scores.abusive,
                    embedding=scores.embedding,
                    rejected=not o.acceptable,
                    article=str(article_id),
                    weight=o.weight,
                )
            )
        return out

    def _fit(self, days: int, *, dry_run: bool, as_json: bool) -> None:
        from masthead.moderation.core.classifiers.loader import ModelUnavailable, load_classifiers

        try:
            classifiers = load_classifiers()
        except ModelUnavailable as exc:
            self._fail(str(exc), 1)
        decisions = self.decisions(days, classifiers)
        policy = current_policy()
        report = fit_adapter(
            decisions,
            abuse_model=classifiers.abuse.version,
            topic_model=classifiers.topic.version,
            threshold=policy.thresholds.abuse,
            today=timezone.localdate() if timezone.is_aware(timezone.now()) else dt.date.today(),
        )
        kept = None
        if report.adapter is not None and not dry_run:
            if SiteAdapterRecord.objects.filter(version=report.adapter.version).exists():
                kept = SiteAdapterRecord.objects.get(version=report.adapter.version)
            else:
                kept = actions.save_site_adapter(
                    report.adapter, report.as_dict(), days, actor="adapt-moderation"
                )
        if as_json:
            self.stdout.write(json.dumps({**report.as_dict(), "kept": kept is not None}, indent=2))
        else:
            for line in report_lines(report):
                self.stdout.write(line)
            if report.adapter is not None:
                if kept is not None:
                    self.stdout.write(
                        f"Kept site adapter {kept.version}. Put it in use with: masthead "
                        f"adapt-moderation --use {kept.version}"
                    )
                else:
                    self.stdout.write(f"Dry run: site adapter {report.adapter.version} not kept.")
        if report.refused is not None:
            self._fail(f"no adapter offered: {report.refused}", 1)
