"""`masthead embed-articles` (the documented name); same as embed_articles."""

from masthead.moderation.management.commands.embed_articles import Command

__all__ = ["Command"]
