"""Comments: threads, replies, accounts, posting, reports, likes, notifications, the Comments FAQ.

Must not import moderation or dashboard: verdicts arrive through the port in `ports.py`.
"""
