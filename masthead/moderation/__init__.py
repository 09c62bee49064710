"""Moderation: Submission -> Verdict, and the site's stored moderation policy.

Owns: `core/` (pure Python, no Django: phases, pipeline, classifiers, normaliser, batch CLI),
`weights/` (the committed models), the `ModerationPolicy` row and its `actions.py`, and
`gateway.py`, the implementation of the comments port (`masthead.comments.ports`).
Must not import: `masthead.dashboard`; from `masthead.comments` only the port dataclasses and
the Comment model (to count repeated comments). `core/` must not import Django at all.
"""
