"""Moderation: Submission -> Verdict. `core/` is pure Python (no Django); the Django side
(gateway, stored policy) adapts comments to it.
"""
