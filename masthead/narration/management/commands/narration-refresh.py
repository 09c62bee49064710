"""`masthead narration-refresh` (the documented name); same as narration_refresh."""

from masthead.narration.management.commands.narration_refresh import Command

__all__ = ["Command"]
