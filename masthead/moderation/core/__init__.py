"""The pure moderation core: Submission -> Verdict. Imports no Django (import-linter checks)."""
