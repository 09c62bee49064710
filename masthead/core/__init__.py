"""Shared kernel: security headers, rate limiting, site context, small helpers.

Owns nothing of the product's domain. Must not import any masthead app.
"""
