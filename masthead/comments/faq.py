"""The Comments FAQ a new site starts with; moderation leads edit it at /comments/faq/edit/.

`DEFAULT_FAQ` is only the text of a site that has never saved its comment settings: a stored
FAQ (`CommentsSettings.faq`) is the site's own and is never rewritten. Every statement in it is
checked against the code in tests/integration/test_comments_faq.py (each reason a reader can be
told about is covered, guests' held comments, who can edit and report).
"""

POLICY_SENTENCE = (
    "Comments are moderated and generally will be posted if they are on-topic and not abusive."
)

DEFAULT_FAQ = """\
**Who can comment?** Anyone with a free reader account. Some sites also let visitors comment
with just a name and an e-mail address; their comments are marked as a guest's, because
nobody has checked that name.

**How are comments moderated?** Every comment is checked automatically the moment you post it.
Most appear straight away. Others wait for one of our moderators, and we tell you why in plain
words. If you have an account, only you can see a waiting comment, on the article page, until
a moderator decides. If you commented as a visitor, you see the reason once, when you post; the
comment is then hidden from everyone, you included, until a moderator publishes it.

**What gets a comment held or removed?**

> Personal attacks on other readers or on the people in the story, hateful remarks about any
> group, threats, obscene language, spam and advertising, other people's private details, and
> comments that have nothing to do with the article or the comment they answer.

Disagreeing, even sharply, is welcome. Attack the argument, not the person. Some words are not
allowed here: a comment containing one waits for a moderator or is not published.

**Why did my comment wait for a moderator?** Our automatic checks may have found one of the
problems above, or a word a moderator checks first. It also waits when some articles, or the
whole site, are moderated by hand; when it is a new reader's first comment, or it has links
(on sites that check these first); when it has more links than we allow (with too many, the
form asks you to remove some); when the same comment was posted before; or when several of
your earlier comments were not published.

A comment clearly written in a language other than English (or Urdu or Hindi in Latin letters)
waits too: our automatic checks cannot read it, so a person will. And when our automatic checks
are not running, every comment waits for a moderator: none is published unchecked.

A moderator will publish it or reject it. If you have an account, you will see the reason for a
rejection on the article page.

**Can I edit or delete my comment?** With a reader account, yes: you can edit a comment for a
short while after posting it (the edited text is checked again, and may wait for a moderator),
and delete it at any time. Replies to a deleted comment stay in place. A comment posted as a
visitor cannot be edited or deleted.

**How do I report a comment?** Log in, use "Report" under the comment and tell us what is
wrong. Moderators read every report.

**Why are comments closed on this article?** Comments may close a while after an article is
published, and moderators can close a discussion earlier.

**Can I get my comments or delete my account?** Yes: your account page lets you download
everything you have posted and delete your account. Your comments then show as deleted.
"""
