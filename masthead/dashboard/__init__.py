"""Dashboard: the moderators workspace (queues, decisions, audit log, stats, settings)."""
