"""`masthead train-moderation` (the name the Makefile uses); same as train_moderation."""

from masthead.moderation.management.commands.train_moderation import Command

__all__ = ["Command"]
