"""Builders shared by the moderation unit tests."""

from __future__ import annotations

from masthead.moderation.core.types import ArticleText, AuthorHistory, Submission

ARTICLE = ArticleText(
    headline="Council approves new river crossing",
    standfirst="The bridge will link the two halves of the town by 2029.",
    body="The council voted 9 to 4 for the bridge over the river. It will cost 40 million pounds.",
)


def submission(
    text: str,
    parent: str | None = None,
    author: AuthorHistory | None = None,
    premoderated: bool = False,
) -> Submission:
    return Submission(
        text=text,
        article=ARTICLE,
        parent_text=parent,
        author=author or AuthorHistory(published=5),
        article_premoderated=premoderated,
    )
