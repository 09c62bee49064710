from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DashboardConfig(AppConfig):
    name = "masthead.dashboard"
    label = "dashboard"
    verbose_name = "Moderators' workspace"

    def ready(self) -> None:
        from masthead.comments.signals import (
            address_block_lifted,
            comment_decided,
            comment_erased,
            faq_changed,
            verdict_stored,
        )
        from masthead.dashboard import actions, receivers, roles
        from masthead.moderation.signals import policy_changed

        verdict_stored.connect(receivers.on_verdict_stored, dispatch_uid="dashboard-verdicts")
        comment_decided.connect(receivers.on_comment_decided, dispatch_uid="dashboard-decisions")
        comment_erased.connect(receivers.on_comment_erased, dispatch_uid="dashboard-erasures")
        faq_changed.connect(receivers.on_faq_changed, dispatch_uid="dashboard-faq")
        policy_changed.connect(receivers.on_policy_changed, dispatch_uid="dashboard-policy")
        # Without it `masthead blocked_addresses lift` refuses: no lift goes unrecorded.
        address_block_lifted.connect(
            actions.record_address_block_lift, dispatch_uid="dashboard-address-block-lifts"
        )
        post_migrate.connect(roles.create_missing_groups, sender=self)
