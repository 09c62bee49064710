"""Narration: "Listen to article". Script (pure), speech engines, generation tasks, player, podcast feed.

May import articles; must not import comments, moderation or dashboard.
"""
