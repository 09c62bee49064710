"""Index the verdicts of comments stored before the workspace existed, so the queues can sort
and filter them like new ones."""

from django.db import migrations

from masthead.dashboard.present import risk_of

PREMODERATION_REASONS = {"premoderated", "pre_moderation", "first_comment", "has_links"}


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Comment = apps.get_model("comments", "Comment")
    Triage = apps.get_model("dashboard", "Triage")
    known = set(Triage.objects.values_list("comment_id", flat=True))
    rows = []
    for pk, reasons, scores in (
        Comment.objects.exclude(decision="").values_list("pk", "reasons", "scores").iterator()
    ):
        if pk in known:
            continue
        codes = [str(r) for r in reasons or []]
        rows.append(
            Triage(
                comment_id=pk,
                risk=risk_of(scores or {}),
                reason_codes=(" " + " ".join(codes) + " ")[:300] if codes else "",
                premoderated=bool(PREMODERATION_REASONS & set(codes)),
            )
        )
    Triage.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_initial"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
