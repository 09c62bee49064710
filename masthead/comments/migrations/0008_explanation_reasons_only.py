"""Stored explanations hold only the reasons, in plain words.

The moderation gateway used to open each explanation with "Your comment is waiting for a
moderator." or "Your comment was not published.", which every place that tells an author
already says in its own words; the comments app stripped it again when showing the reason.
The gateway now stores the reasons only. This strips the opening sentence from explanations
stored before. The two sentences are copied here, not imported: the migration must keep
working whatever the runtime code says later.
"""

from django.db import migrations

OPENINGS_AT_THE_TIME = (
    "Your comment is waiting for a moderator.",
    "Your comment was not published.",
)


def strip_openings(apps, schema_editor):  # type: ignore[no-untyped-def]
    Comment = apps.get_model("comments", "Comment")
    # Read all first, then write: SQLite does not isolate a write from a read still open on
    # the same connection.
    changed = []
    for opening in OPENINGS_AT_THE_TIME:
        rows = Comment.objects.filter(explanation__startswith=opening).only("pk", "explanation")
        for comment in rows:
            comment.explanation = comment.explanation[len(opening) :].strip()
            changed.append(comment)
    Comment.objects.bulk_update(changed, ["explanation"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_comment_enforced_reasons"),
    ]

    # Backwards: nothing to do. The reasons alone are what the code before this read too
    # (Comment.reason_words stripped the opening), so the old code shows them unchanged.
    operations = [
        migrations.RunPython(strip_openings, migrations.RunPython.noop),
    ]
