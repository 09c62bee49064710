"""Index the stored verdicts again: the number of links was read as a probability (a comment
with one link had risk 1.0, the top of "highest risk first"), so were the abuse kinds (given
abuse) and the scores of models that cannot read a comment held as `other_language`; and a
comment held for an insult AND by pre-moderation went to the Pre-moderated tab, not Held."""

from django.db import migrations

from masthead.dashboard.present import risk_of

PREMODERATION_REASONS = {"premoderated", "pre_moderation", "first_comment", "has_links"}


def reindex(apps, schema_editor):  # type: ignore[no-untyped-def]
    Triage = apps.get_model("dashboard", "Triage")
    changed = []
    rows = Triage.objects.values_list(
        "comment_id",
        "risk",
        "premoderated",
        "comment__reasons",
        "comment__scores",
        "comment__shadow_decision",
    )
    for comment_id, risk, premoderated, reasons, scores, shadow in rows.iterator(chunk_size=2000):
        codes = {str(r) for r in reasons or []}
        new_risk = risk_of(scores or {}, codes)
        # In shadow mode only pre-moderation can have held it; else only its reasons may.
        # (Frozen history: since comments/0007 the verdict stores its enforced reasons and
        # receivers.index_comment reads those; this list is not kept in step with the phases.)
        new_premoderated = (
            bool(codes & PREMODERATION_REASONS)
            if shadow
            else bool(codes) and codes <= PREMODERATION_REASONS
        )
        if new_risk != risk or new_premoderated != premoderated:
            changed.append(
                Triage(comment_id=comment_id, risk=new_risk, premoderated=new_premoderated)
            )
        if len(changed) >= 500:
            Triage.objects.bulk_update(changed, ["risk", "premoderated"])
            changed = []
    if changed:
        Triage.objects.bulk_update(changed, ["risk", "premoderated"])


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0003_hold_action"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
