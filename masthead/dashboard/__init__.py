"""Dashboard: the moderators' workspace (queues, decisions, audit log, audit sample, stats,
settings).

Owns the audit log of every decision (automatic and human), the audit sample of automatically
published comments, and a small triage index of held comments (risk, reasons) for fast queues.
May import comments, moderation and articles; nothing imports dashboard. Comment state changes
go through `masthead.comments.actions`; policy changes through `masthead.moderation.actions`.
"""
