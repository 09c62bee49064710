"""`masthead threshold-report` (the name the docs use); same as threshold_report."""

from masthead.dashboard.management.commands.threshold_report import Command

__all__ = ["Command"]
