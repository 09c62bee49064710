"""`masthead eval-moderation` (the name the Makefile uses); same as eval_moderation."""

from masthead.moderation.management.commands.eval_moderation import Command

__all__ = ["Command"]
