"""Masthead: news article pages readers can listen to, with comments that moderate themselves."""

__version__ = "0.1.0"
