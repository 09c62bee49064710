"""Demo discussions for `make run`: a few readers, threads with replies (one deep enough to
flatten), an editor's pick, likes and a comment held for review.

Idempotent: each comment is looked up by article, author and text before it is written, so
running the demo twice changes nothing. Verdicts here are written by hand (model version
"demo-seed"), not by the classifier, so the demo looks the same on every machine; a held
comment's verdict is the one the shipped models gave that comment (reasons, scores and words,
recorded on 2026-11-30), so the queue shows and ranks it as it would a real one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments import actions, ports
from masthead.comments import text as comment_text
from masthead.comments.models import Comment, CommentLike, ReaderProfile

# A reader login for trying comments in the demo (never on a real site). Sam wrote the held
# comment, so logging in as Sam shows how a held comment and its reason look to its author.
DEMO_READER_EMAIL = "sam@demo.invalid"
DEMO_READER_PASSWORD = "demo-reader-pass"  # noqa: S105 - demo-only, printed by `make run`

READERS = (
    ("priya@demo.invalid", "Priya Raman"),
    ("tom@demo.invalid", "Tom Beckett"),
    ("dev@demo.invalid", "Dev Okafor"),
    ("ellen@demo.invalid", "Ellen Marsh"),
    ("joan@demo.invalid", "Joan Whitfield"),
    (DEMO_READER_EMAIL, "Sam Hollis"),
)

# What the shipped models (abuse-tfidf-shipped-20261130-08ee352e, topic-pairs-lr-20261129,
# spam-tfidf-20261129) gave the demo's held comments under the default policy, measured on
# 2026-11-30 with masthead.moderation.core.pipeline.moderate; rounded to 4 decimals.
HELD_EXPLANATION = (
    "Our automatic check read it as possibly abusive. It may contain a personal insult."
)
INSULT_SCORES = {
    "abuse": 1.0,
    "insult": 0.9098,
    "obscene": 0.1087,
    "identity_hate": 0.0319,
    "threat": 0.0232,
    "threat_of_violence": 0.4377,
    "off_topic": 0.4305,
    "spam": 0.2913,
    "links": 0.0,
}
LATE_SHIFT_SCORES = {
    "abuse": 0.1705,
    "insult": 0.4533,
    "obscene": 0.0942,
    "identity_hate": 0.0785,
    "threat": 0.0457,
    "threat_of_violence": 0.0645,
    "off_topic": 0.005,
    "spam": 0.2828,
    "links": 0.0,
}
NIGHT_BUS_SCORES = {
    "abuse": 0.0602,
    "insult": 0.4447,
    "obscene": 0.137,
    "identity_hate": 0.0651,
    "threat": 0.1409,
    "threat_of_violence": 0.3536,
    "off_topic": 0.0344,
    "spam": 0.0015,
    "links": 0.0,
}


def _reader(email: str, name: str):  # type: ignore[no-untyped-def]
    users = get_user_model()
    user = users.objects.filter(username=email).first()
    if user is None:
        user = users.objects.create_user(username=email, email=email)
        if email == DEMO_READER_EMAIL:
            user.set_password(DEMO_READER_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
    ReaderProfile.objects.get_or_create(user=user, defaults={"display_name": name})
    return user


def _say(
    article: Article,
    author,  # type: ignore[no-untyped-def]
    text: str,
    *,
    minutes_ago: int,
    parent: Comment | None = None,
    decision: str = "publish",
    reasons: tuple[str, ...] = (),
    explanation: str = "",
    scores: dict[str, float] | None = None,
) -> Comment:
    existing = Comment.objects.filter(article=article, author=author, text=text).first()
    if existing is not None:
        return existing
    comment = actions._create_pending(
        article,
        author,
        actions.Posting(text=text, parent_id=parent.pk if parent else None),
        parent,
        comment_text.normalise(text),
        ("", ""),
    )
    created = timezone.now() - dt.timedelta(minutes=minutes_ago)
    Comment.objects.filter(pk=comment.pk).update(created_at=created)
    outcome = ports.ModerationOutcome(
        decision=decision,  # type: ignore[arg-type]
        reasons=reasons,
        scores=dict(scores or {}),
        model_version="demo-seed",
        explanation=explanation,
    )
    return actions.apply_verdict(comment.pk, outcome)


def _like(comment: Comment, *users) -> None:  # type: ignore[no-untyped-def]
    for user in users:
        if (
            user.pk != comment.author_id
            and not CommentLike.objects.filter(comment=comment, user=user).exists()
        ):
            actions.like_comment(comment, user)


def load_demo_comments() -> None:
    readers = {name.split()[0].lower(): _reader(email, name) for email, name in READERS}
    priya, tom, dev, ellen, joan, sam = (
        readers[key] for key in ("priya", "tom", "dev", "ellen", "joan", "sam")
    )
    moderator = get_user_model().objects.filter(username="moderator").first()
    articles = {
        a.import_key.removeprefix("demo:"): a
        for a in Article.objects.filter(import_key__startswith="demo:")
    }

    market = articles.get("market-street")
    if market is not None:
        first = _say(
            market,
            priya,
            "I walked down Market Street most Saturdays during the trial. It was calmer, and "
            "the queue outside the bakery could spill into the road without anyone sounding "
            "a horn. Glad it is staying.",
            minutes_ago=95,
        )
        objection = _say(
            market,
            tom,
            "Calmer for you, perhaps. My mother cannot manage the walk from the Riverside car "
            "park with her hip, and eight blue badge bays will not go far on a market day.",
            minutes_ago=90,
            parent=first,
        )
        answer = _say(
            market,
            priya,
            "That is a fair point. Are all eight bays at the northern end? A couple near the "
            "chemist would make a real difference.",
            minutes_ago=84,
            parent=objection,
        )
        tip = _say(
            market,
            dev,
            "The report says the bays are reviewed with the rest of the scheme, so it is "
            "worth writing to the council about the chemist end before April.",
            minutes_ago=80,
            parent=answer,
        )
        _say(
            market,
            tom,
            "Thanks, I will send something in this week.",
            minutes_ago=75,
            parent=tip,
        )
        maths = _say(
            market,
            ellen,
            "Footfall up 48% but takings up only 11%. So *far* more people strolling, rather "
            "fewer of them buying? I would like to see that broken down by type of shop.",
            minutes_ago=70,
            parent=first,
        )
        question = _say(
            market,
            dev,
            "Will cyclists have to get off and push between 10am and 6pm? The article does not "
            "say, and it makes a big difference to anyone crossing town.",
            minutes_ago=60,
        )
        _say(
            market,
            joan,
            "> Will cyclists have to get off and push\n\nLast summer they could ride through "
            "at walking pace. I assume that carries on.",
            minutes_ago=50,
            parent=question,
        )
        _say(
            market,
            sam,
            "Anyone who voted for this is an idiot who never leaves their flat.",
            minutes_ago=40,
            decision="hold",
            reasons=("abusive", "insult"),
            explanation=HELD_EXPLANATION,
            scores=INSULT_SCORES,
        )
        _like(first, tom, dev, ellen, joan)
        _like(maths, priya, dev)
        _like(question, ellen)
        if moderator is not None and not Comment.objects.get(pk=maths.pk).is_editors_pick:
            actions.feature_comment(maths, moderator)

    buses = articles.get("night-buses")
    if buses is not None:
        # A pre-moderated article: every comment waits; a moderator approved the first.
        shift = _say(
            buses,
            joan,
            "This will help everyone who works late shifts at the hospital. The last bus at "
            "11pm was never any use for a 10pm finish and a half-hour walk to the stop.",
            minutes_ago=200,
            decision="hold",
            reasons=(actions.PREMODERATION_REASON,),
            explanation=actions.PREMODERATION_EXPLANATION,
            scores=LATE_SHIFT_SCORES,
        )
        if moderator is not None and shift.status == Comment.Status.HELD:
            actions.approve_comment(shift, moderator)
        _say(
            buses,
            sam,
            "Good news, though I will believe it when the 2am bus actually turns up.",
            minutes_ago=30,
            decision="hold",
            reasons=(actions.PREMODERATION_REASON,),
            explanation=actions.PREMODERATION_EXPLANATION,
            scores=NIGHT_BUS_SCORES,
        )

    swifts = articles.get("swifts")
    if swifts is not None:
        count = _say(
            swifts,
            ellen,
            "We counted eleven screaming over St Anne's on Sunday evening. Is there a way to "
            "send sightings to the survey?",
            minutes_ago=300,
        )
        _say(
            swifts,
            priya,
            "The volunteers take records through the city bird group's website until the end "
            "of August, I believe.",
            minutes_ago=280,
            parent=count,
        )
        _like(count, priya, tom)

    sand = articles.get("sand-battery")
    if sand is not None:
        doubt = _say(
            sand,
            tom,
            "How much of the summer heat is left by January? The piece gives the size of the "
            "store but not the losses.",
            minutes_ago=400,
        )
        _say(
            sand,
            dev,
            "Sand stores lose surprisingly little if they are big enough, since the surface "
            "grows more slowly than the volume. Still, a number would have been nice.",
            minutes_ago=380,
            parent=doubt,
        )

    ferries = articles.get("ferries")
    if ferries is not None:
        # Comments are closed here now; these were written while they were open.
        _say(
            ferries,
            joan,
            "Work for all 600 at the yard until 2029 is the best news Eastmere has had "
            "in a long time.",
            minutes_ago=900,
        )
