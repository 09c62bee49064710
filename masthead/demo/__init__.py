"""Demo content for `make run`: sections, articles with generated illustrations, the demo
editor and moderator accounts, and (when those apps provide it) demo comments.

A transport-level app: it may import every other app, and none may import it. Demo logins
are for a local trial only; nothing here runs on a real site unless someone runs `masthead demo`.
"""
