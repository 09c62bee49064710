"""`masthead adapt-moderation` (the name the docs use); same as adapt_moderation."""

from masthead.dashboard.management.commands.adapt_moderation import Command

__all__ = ["Command"]
