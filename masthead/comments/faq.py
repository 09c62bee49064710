"""The Comments FAQ a new site starts with; moderation leads edit it at /comments/faq/edit/."""

POLICY_SENTENCE = (
    "Comments are moderated and generally will be posted if they are on-topic and not abusive."
)

DEFAULT_FAQ = """\
**Who can comment?** Anyone with a free reader account. Some sites also let visitors comment
with just a name and an e-mail address.

**How are comments moderated?** Every comment is checked the moment you post it. Most appear
straight away. A comment that might break the rules below waits for one of our moderators,
and only you can see it until they decide. We tell you why it is waiting, in plain words.

**What gets a comment held or removed?**

> Personal attacks on other readers or on the people in the story, hateful remarks about any
> group, threats, spam and advertising, other people's private details, and comments that
> have nothing to do with the article.

Disagreeing, even sharply, is welcome. Attack the argument, not the person.

**Can I edit or delete my comment?** You can edit a comment for a short while after posting it
(the edited text is checked again), and delete it at any time. Replies to a deleted comment
stay in place.

**Why did my comment wait for a moderator?** Sometimes our automatic checks are unsure, some
articles are moderated by hand, and a few links or a very long comment can also slow things
down. A moderator will publish it or explain why not.

**How do I report a comment?** Use "Report" under the comment and tell us what is wrong.
Moderators read every report.

**Why are comments closed on this article?** Comments close a while after an article is
published, and sometimes earlier when a discussion cannot be moderated fairly.

**Can I get my comments or delete my account?** Yes: your account page lets you download
everything you have posted and delete your account. Your comments then show as deleted.
"""
