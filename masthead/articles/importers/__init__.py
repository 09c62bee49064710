"""Importers (pure): one module per format, each turning a file's text into an `ImportedArticle`.

No Django here (import-linter checks it): `masthead.articles.importing` stores the result.
Formats: `plaintext` (a news page copied as text), `markdown` (front matter + Markdown),
`ninjs` (IPTC News in JSON 1.x and 2.x). `detect.importer_for` picks one for a file.
"""

from masthead.articles.importers.base import ImportedArticle, MalformedArticle, PhotoReference

__all__ = ["ImportedArticle", "MalformedArticle", "PhotoReference"]
