"""Articles: sections, articles with photo and structured body, corrections, pages and feeds,
and importers (one module per format).

Must not import comments, moderation, narration or dashboard: they build on articles and
listen to its signals (`masthead.articles.signals`).
"""
