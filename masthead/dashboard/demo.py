"""Demo moderation history for `make run`: two weeks of comments on older Eastmere stories
(and the front-page ones while they are new), with automatic verdicts, moderators' decisions
and audit-sample reviews, so the workspace's queues and stats show real figures computed from
real rows. Each story's comments are written for it (masthead/demo/voices.py), and no text
appears twice under one story.

Verdicts here are written by hand (model version "demo-history"), like the comments demo's,
so the demo looks the same on every machine; moderators' decisions go through this app's
actions, so the audit log holds them like any other. Idempotent: it writes the history once.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from masthead.articles import actions as articles
from masthead.articles.body import parse_body
from masthead.articles.importers.base import ImportedArticle, PhotoReference
from masthead.articles.models import Article, Section
from masthead.comments import actions as comments
from masthead.comments import ports
from masthead.comments import text as comment_text
from masthead.comments.models import Comment, ReaderProfile
from masthead.dashboard import actions, roles
from masthead.dashboard.models import AuditEntry, AuditSample, WorkspaceSettings
from masthead.dashboard.receivers import in_workspace_action
from masthead.demo import photos
from masthead.demo.content import ARCHIVE_PICTURES
from masthead.demo.voices import VOICES

MODEL_VERSION = "demo-history"
# A demo-only login for the settings page (never on a real site).
LEAD_USER = ("lead", "demo-lead-pass")
DAYS = 14

READERS = (
    ("marta@demo.invalid", "Marta Quinn"),
    ("oliver@demo.invalid", "Oliver Stott"),
    ("nadia@demo.invalid", "Nadia Ferris"),
    ("ken@demo.invalid", "Ken Adeyemi"),
    ("lou@demo.invalid", "Lou Brannigan"),
    ("rita@demo.invalid", "Rita Calloway"),
    ("gus@demo.invalid", "Gus Penhale"),
    ("ivy@demo.invalid", "Ivy Tranter"),
)

# Older stories the history hangs on: (key, section, days ago, headline, standfirst, body).
ARCHIVE = (
    (
        "library-hours",
        "City",
        13,
        "Central library to open on Sunday afternoons from next month",
        "A two-year trial funded by the Friends of Eastmere Library.",
        "The central library will open from noon to five on Sundays for a two-year trial.\n\n"
        "The Friends of Eastmere Library have raised the money for the extra staff hours. "
        "The council will count visitors and decide in the second year whether to keep it.",
    ),
    (
        "allotments",
        "City",
        12,
        "Allotment waiting list halves after the council splits its largest plots",
        "Half-size plots let 210 people from the list start growing this spring.",
        "The council has split 105 of its largest allotment plots in two, halving a waiting "
        "list that had grown to more than 400 names.\n\nNew tenants pay half the yearly rent "
        "of a full plot. The Hollins Park and Fenby Road sites also get new water troughs and "
        "a shared tool shed.",
    ),
    (
        "tram-depot",
        "Business",
        11,
        "Old tram depot to become workshops for small makers",
        "Forty units with shared tools, rented by the month.",
        "The brick tram depot on Quarry Lane, empty since 2019, will be split into forty "
        "small workshops.\n\nA furniture maker, a bicycle repairer and a print studio have "
        "already signed. Rents start at 180 pounds a month, with shared machines in the hall.",
    ),
    (
        "bakery",
        "Business",
        10,
        "Staff buy Eastmere's oldest bakery from its retiring owners",
        "The fourteen people who work at Hadley's now own it through a trust.",
        "The fourteen staff of Hadley's bakery on Fore Street have taken over the business "
        "from its owners, who retire after 38 years.\n\nAn employee ownership trust bought "
        "the shares and will pay for them out of profits over ten years. The bakers say the "
        "recipes, the 6am opening and the Saturday queue will stay.",
    ),
    (
        "river-otters",
        "Science",
        9,
        "Otters seen on the Eastmere river for the first time in decades",
        "Camera traps near the weir recorded a mother and two cubs.",
        "Camera traps set by the river trust near the weir recorded a female otter with two "
        "cubs over three nights in a row.\n\nThe trust says cleaner water and fewer culverts "
        "helped. It asks dog walkers to keep to the path along the eastern bank.",
    ),
    (
        "air-sensors",
        "Science",
        8,
        "Pupils' home-made air sensors find pollution peaks at the school gate",
        "Thirty sensors built by Year 6 logged nitrogen dioxide for a term.",
        "Year 6 pupils at Hollins Park primary built thirty air sensors and fixed them to "
        "lamp posts around the school for a term.\n\nReadings of nitrogen dioxide peaked "
        "between 8.30 and 9 each morning, at drop-off time. The university checked the sensors "
        "against its own monitor and says they are good enough to show the pattern.",
    ),
    (
        "school-streets",
        "City",
        7,
        "Five primary schools to close their streets to cars at drop-off time",
        "Barriers will go up for forty minutes each morning and afternoon.",
        "Five primary schools will close the streets outside their gates to motor traffic for "
        "forty minutes at the start and end of the day.\n\nResidents and blue badge holders "
        "may still drive through. A similar scheme at two schools cut traffic by a third.",
    ),
    (
        "fore-street-bridge",
        "City",
        6,
        "Fore Street bridge to close for eight weeks of repairs",
        "Buses will divert over Mill Road; a fenced path stays open for people on foot.",
        "The Fore Street bridge will close to traffic for eight weeks from Monday while "
        "engineers replace its corroded bearings and resurface the deck.\n\nBuses will "
        "divert over Mill Road, adding about ten minutes to journeys. A fenced path stays "
        "open for people on foot and those pushing bicycles.",
    ),
    (
        "market-hall",
        "Business",
        5,
        "Market hall traders agree new rents after six months of talks",
        "Rents rise by four per cent, with a freeze for new traders in their first year.",
        "Traders at the covered market hall have agreed a four per cent rise in rents after "
        "six months of talks with the council.\n\nNew traders will pay no rise in their first "
        "year, and the hall will open until eight on Thursdays.",
    ),
    (
        "regent-cinema",
        "Business",
        4,
        "Regent cinema bought by 1,300 of its own audience",
        "A share offer raised 410,000 pounds for the building and a new roof.",
        "The Regent on Castle Street, Eastmere's last independent cinema, has been bought by "
        "its audience after a share offer raised 410,000 pounds from 1,300 people.\n\nThe "
        "money buys the building from its landlord and pays for a new roof. Each shareholder "
        "has one vote, whatever they put in.",
    ),
    (
        "heat-pumps",
        "Science",
        3,
        "Street of terraced houses shares one ground-source heat network",
        "Thirty-two homes on Alder Row are now heated from boreholes under the road.",
        "Thirty-two terraced homes on Alder Row now get their heating from boreholes drilled "
        "under the road, through one shared network.\n\nResidents pay a standing charge and "
        "a price per unit. The first winter bills will show whether it is cheaper than gas.",
    ),
    (
        "old-trees",
        "Science",
        2,
        "Volunteers find 140 trees over two hundred years old in Eastmere",
        "A year of measuring trunks in parks, churchyards and streets.",
        "Volunteers measured more than 3,000 trees in Eastmere's parks, churchyards and "
        "streets over a year and found 140 that are over two hundred years old.\n\nThe "
        "oldest, a sweet chestnut in Abbey Park, is thought to be about 450 years old. The "
        "council will use the survey to protect the oldest trees from building work.",
    ),
    (
        "swimming-pool",
        "City",
        1,
        "Eastmere lido to reopen after repairs to its leaking basin",
        "The open-air pool has been shut for two summers.",
        "The open-air lido will reopen in May after the council relined its leaking basin.\n\n"
        "Early morning lanes return, and under-16s swim free on weekday afternoons.",
    ),
)

# What readers write. Each story has lines of its own (masthead/demo/voices.py), and no text
# appears twice under one story. The general lines below stand in for a story that has none of
# its own; strays and adverts belong under no story, so every story shares them.
GOOD = (
    "Good to see this finally happening. I hope they publish the figures after the first year.",
    "Does anyone know whether this was in the council's budget or is new money?",
    "I would like to know who pays for the upkeep once the grant runs out.",
    "The article says it is a trial. What happens if the numbers are disappointing?",
    "Thank you for reporting the cost as well as the benefits; that is rarer than it should be.",
    "I am not convinced, but I will give it a fair try before complaining.",
    "Could the council put the full report online? The summary leaves a lot out.",
    "Interesting that the idea came from residents rather than the council.",
)
# Held for an insult but robust and fair: a moderator lets them through (text, highlighted words).
ROBUST = (
    ("This plan is idiotic and the costings do not add up.", "idiotic"),
    ("A daft decision, in my view, but I hope I am proved wrong.", "daft"),
)
# Published automatically, but a moderator checking the sample would take them down: rude but
# mild, they score just under the abuse threshold (the checks' misses): (text, missed reason).
BORDERLINE = (
    ("Typical of this lot. Useless the whole pack of them, as always.", "abusive"),
    ("The people behind this should be ashamed to show their faces in town.", "insult"),
    ("Anyone who supports this deserves what they get, frankly.", "abusive"),
)
# Real insults, held and rejected; any story may get these besides its own.
INSULTS = (
    ("Only a moron would think this is a good use of money.", "moron"),
    ("Whoever is behind this is a clown and a liar.", "clown"),
    ("Shut up, you pathetic fool, nobody asked you.", "pathetic fool"),
    ("What a stupid idea from stupid people.", "stupid people"),
)
# Held as off the subject: an aside about the story's place (approved) ...
ASIDES = ("Nothing to do with this story, but the potholes on Mill Road are getting worse.",)
# ... or nothing to do with any story (rejected).
STRAYS = (
    "Has anyone seen my grey cat? She went missing near the station on Tuesday.",
    "Who else watched the match last night? What a second half.",
    "Can anyone recommend a plumber in Thornfield? Ours has retired.",
    "Lost: car keys on a blue fob, near the leisure centre on Saturday.",
    "Happy birthday to my sister Jo, who reads this paper every morning!",
)
SPAM = (
    "BEST PRICES on roof repairs!! Call now, limited offer, free quote today",
    "Earn 500 a day from home, no experience, message me for the link",
    "Phones unlocked same day, cheapest in town, DM for prices!!!",
    "Lose ten pounds in a week with this one trick, link in my profile",
)
REJECT_REASONS = {
    "insult": "Personal attacks are not allowed; please argue with the idea, not the person.",
    "off_topic": "Please keep comments about the article.",
    "abusive": "Abusive language is not allowed here.",
    "spam": "Advertising is not allowed in comments.",
}
# One line: its text and, by role, the highlighted words or the reason the checks missed it.
Line = tuple[str, str]


@dataclass(frozen=True)
class Planned:
    text: str
    decision: str
    reasons: tuple[str, ...]
    scores: dict[str, float]
    span: str = ""
    verdict: str = "approve"  # what a moderator decides: approve / reject
    missed: str = ""  # for a wrongly published comment: the reason the checks missed


def lines(key: str, role: str) -> tuple[Line, ...]:
    """What a reader may write under the story `key` (its demo key) in `role`: the story's
    own lines where it has them, else the general ones; strays and adverts for any story."""
    voices = VOICES.get(key)
    plain = {
        "good": voices.good if voices else GOOD,
        "aside": voices.aside if voices else ASIDES,
        "stray": STRAYS,
        "spam": SPAM,
    }
    if role in plain:
        return tuple((text, "") for text in plain[role])
    if role == "robust":
        return voices.robust if voices else ROBUST
    if role == "rude":
        return voices.rude if voices else BORDERLINE
    return (*(voices.insult if voices else ()), *INSULTS)  # "insult"


def _role(rng: random.Random) -> str:
    """Which kind of comment comes next, in the shares a small site sees."""
    roll = rng.random()
    if roll < 0.64:
        return "good"
    if roll < 0.70:
        return "rude"
    if roll < 0.86:
        # Most of what is held for an insult is one; a third is robust but fair.
        return "insult" if rng.random() < 4 / 6 else "robust"
    if roll < 0.95:
        return "stray" if rng.random() < 2 / 3 else "aside"
    return "spam"


def _low(rng: random.Random, alpha: float, beta: float, below: float) -> float:
    """A score drawn as a real model's spread (a beta distribution), under `below`."""
    return round(min(rng.betavariate(alpha, beta), below - 0.01), 2)


def _plan(rng: random.Random, role: str, line: Line, premoderated: bool) -> Planned:
    """One comment and its verdict. The scores sit where a real model's would against the
    shipped thresholds (abuse 0.22, off-topic 0.85, spam 0.90: moderation/weights/
    thresholds.json): fine comments mostly low with a tail, the misses just under the abuse
    threshold, real insults well over it and fair-but-robust ones just over, so the stats
    page's "Thresholds: what if" has overlap to weigh."""
    text, extra = line
    if role == "good":
        return Planned(
            text,
            "hold" if premoderated else "publish",
            (comments.PREMODERATION_REASON,) if premoderated else (),
            {
                "abuse": _low(rng, 1.3, 14, 0.22),
                "off_topic": _low(rng, 2, 6, 0.85),
                "spam": _low(rng, 1, 30, 0.9),
            },
        )
    if role == "rude":
        return Planned(
            text,
            "publish",
            (),
            {
                "abuse": round(rng.uniform(0.15, 0.21), 2),
                # About the story, if rudely: the topic model sees its words.
                "off_topic": round(rng.uniform(0.0, 0.06), 2),
                "spam": round(rng.uniform(0.0, 0.04), 2),
            },
            verdict="reject",
            missed=extra,
        )
    if role in ("insult", "robust"):
        real = role == "insult"
        return Planned(
            text,
            "hold",
            ("insult",),
            {
                "abuse": round(rng.uniform(0.35, 0.97) if real else rng.uniform(0.23, 0.45), 2),
                "off_topic": _low(rng, 2, 6, 0.85),
                "spam": _low(rng, 1, 30, 0.9),
            },
            span=extra,
            verdict="reject" if real else "approve",
        )
    if role in ("stray", "aside"):
        return Planned(
            text,
            "hold",
            ("off_topic",),
            {
                "abuse": _low(rng, 1.3, 14, 0.22),
                "off_topic": round(rng.uniform(0.86, 0.98), 2),
                "spam": _low(rng, 1, 30, 0.9),
            },
            verdict="reject" if role == "stray" else "approve",
        )
    return Planned(
        text,
        "reject",
        ("spam",),
        {"abuse": 0.05, "off_topic": 0.7, "spam": round(rng.uniform(0.95, 0.99), 2)},
    )


def _user(username: str, password: str | None, email: str = "", **extra: Any) -> Any:
    users = get_user_model()
    user = users.objects.filter(username=username).first()
    if user is None:
        user = users.objects.create_user(username=username, email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user


def _readers() -> list[Any]:
    out = []
    for n, (email, name) in enumerate(READERS):
        user = _user(email, None, email)
        if user.date_joined > timezone.now() - dt.timedelta(days=1):
            # Readers of some standing: accounts between two months and two years old.
            user.date_joined = timezone.now() - dt.timedelta(days=60 + 90 * n)
            user.save(update_fields=["date_joined"])
        ReaderProfile.objects.get_or_create(user=user, defaults={"display_name": name})
        out.append(user)
    return out


def _archive_articles() -> list[Article]:
    """The older stories, each with an illustration, caption, credit and a sub-heading like
    the front-page demo stories (imported the same way, so re-running changes nothing)."""
    now = timezone.now()
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for key, section_name, days_ago, headline, standfirst, body in ARCHIVE:
            import_key = f"demo:{key}"
            article = Article.objects.filter(import_key=import_key).first()
            if article is None:
                if not Section.objects.filter(name=section_name).exists():
                    continue
                lead_paragraph, rest = body.split("\n\n", 1)
                picture = ARCHIVE_PICTURES[key]
                photo = Path(folder) / f"{key}.jpg"
                photo.write_bytes(photos.draw(picture.scene))
                imported = ImportedArticle(
                    format="demo",
                    headline=headline,
                    standfirst=standfirst,
                    byline="Masthead demo desk",
                    source="Masthead",
                    published_at=now - dt.timedelta(days=days_ago, hours=3),
                    section=section_name,
                    photo=PhotoReference(
                        caption=picture.caption,
                        credit="Masthead demo illustration",
                        alt=picture.alt,
                    ),
                    body=parse_body(f"{lead_paragraph}\n\n## What happens next\n\n{rest}"),
                )
                article, _ = articles.import_article(
                    imported, import_key=import_key, photo_file=photo
                )
            found.append(article)
    return found


def _post(article: Article, author: Any, plan: Planned, created: dt.datetime) -> Comment:
    text = comment_text.normalise(plan.text)
    comment = comments._create_pending(
        article, author, comments.Posting(text=text), None, text, ("", "")
    )
    Comment.objects.filter(pk=comment.pk).update(created_at=created)
    spans: tuple[ports.Span, ...] = ()
    if plan.span and plan.span in text:
        start = text.index(plan.span)
        spans = (ports.Span(start, start + len(plan.span), plan.reasons[0]),)
    outcome = ports.ModerationOutcome(
        decision=plan.decision,  # type: ignore[arg-type]
        reasons=plan.reasons,
        scores=plan.scores,
        model_version=MODEL_VERSION,
        explanation="" if plan.decision == "publish" else "A moderator will read it first.",
        spans=spans,
    )
    comment = comments.apply_verdict(comment.pk, outcome)
    checked = created + dt.timedelta(seconds=2)
    Comment.objects.filter(pk=comment.pk).update(moderated_at=checked)
    if comment.status == Comment.Status.PUBLISHED:
        Comment.objects.filter(pk=comment.pk).update(published_at=checked)
    AuditEntry.objects.filter(comment=comment, actor__isnull=True).update(created_at=checked)
    AuditSample.objects.filter(comment=comment).update(selected_at=checked)
    return comment


def _decide(moderator: Any, comment: Comment, plan: Planned, at: dt.datetime) -> None:
    # The workspace's own steps, without its per-minute limit (the history is written at once).
    token = in_workspace_action.set(True)
    try:
        if plan.verdict == "approve":
            entry = actions._approve(moderator, comment.pk)
        else:
            reason = REJECT_REASONS.get(plan.missed or plan.reasons[0], REJECT_REASONS["abusive"])
            entry = actions._reject(moderator, comment.pk, reason, plan.missed)
    finally:
        in_workspace_action.reset(token)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=at)
    Comment.objects.filter(pk=comment.pk).update(moderated_at=at)
    AuditSample.objects.filter(comment=comment).exclude(outcome="pending").update(reviewed_at=at)


def _role_under(article: Article, role: str) -> str:
    premoderated = article.comments_mode == Article.CommentsMode.PREMODERATED
    return "good" if premoderated else role


def _unsaid(article: Article, role: str, said: dict[int, set[str]]) -> list[Line]:
    done = said.get(article.pk, set())
    key = article.import_key.removeprefix("demo:")
    return [line for line in lines(key, role) if line[0] not in done]


@transaction.atomic
def _history(moderator: Any) -> int:
    # Seeded, so every fresh demo is the same. Of the seeds tried when the threads became
    # per-story, this one puts a few of the checks' misses into the reviewed audit sample (a
    # small site's fortnight may hold none), so the stats page shows a precision under 100%.
    rng = random.Random(20261130)
    readers = _readers()
    stories = _archive_articles()
    current = list(
        Article.objects.filter(import_key__startswith="demo:")
        .exclude(import_key__in=[f"demo:{a[0]}" for a in ARCHIVE])
        .exclude(comments_mode=Article.CommentsMode.CLOSED)
    )
    now = timezone.now()
    written = 0
    said: dict[int, set[str]] = {}  # each story's texts so far: none twice under one story
    reportable: list[tuple[Comment, Planned]] = []
    for days_ago in range(DAYS - 1, -1, -1):
        # Readers comment on the stories of the three days before.
        day = now - dt.timedelta(days=days_ago)
        open_now = [
            a
            for a in [*stories, *current]
            if a.published_at and day - dt.timedelta(days=3) <= a.published_at <= day
        ] or stories[:1]
        # 22 to 36 tries a day: a few find nothing left to say and write nothing.
        for _ in range(rng.randint(22, 36)):
            created = day - dt.timedelta(minutes=rng.randint(5, 20 * 60))
            role = _role(rng)
            # Among the stories out by then, one with something left to say in this role (a
            # pre-moderated story gets only civil comments, held first); none left: no comment.
            ready = [a for a in open_now if a.published_at < created] or open_now
            choices = [a for a in ready if _unsaid(a, _role_under(a, role), said)]
            if not choices:
                continue
            article = rng.choice(choices)
            role = _role_under(article, role)
            line = rng.choice(_unsaid(article, role, said))
            said.setdefault(article.pk, set()).add(line[0])
            premoderated = article.comments_mode == Article.CommentsMode.PREMODERATED
            plan = _plan(rng, role, line, premoderated)
            if created <= article.published_at:  # only where nothing was out by then
                created = article.published_at + dt.timedelta(minutes=rng.randint(5, 60))
            comment = _post(article, rng.choice(readers), plan, created)
            written += 1
            if days_ago == 0:
                # Today's held comments and spot-checks wait in the queues.
                if comment.status == Comment.Status.PUBLISHED:
                    reportable.append((comment, plan))
                continue
            waited = dt.timedelta(minutes=int(rng.lognormvariate(3.6, 0.9)) + 2)
            if comment.status == Comment.Status.HELD:
                _decide(moderator, comment, plan, created + waited)
            elif AuditSample.objects.filter(comment=comment).exists():
                _decide(moderator, comment, plan, created + dt.timedelta(hours=20))
    # Readers report a few of today's published comments (the rude ones first).
    reportable.sort(key=lambda pair: pair[1].verdict != "reject")
    for comment, plan in reportable[:4]:
        for reader in rng.sample(readers, 2):
            if reader.pk != comment.author_id:
                comments.report_comment(
                    comment, reader, "spam" if plan.missed == "spam" else "abuse"
                )
    return written


def load_demo_moderation() -> None:
    """Roles, the demo moderation lead, and the moderation history (once)."""
    groups = roles.ensure_roles()
    lead = _user(LEAD_USER[0], LEAD_USER[1], is_staff=True)
    lead.groups.add(groups["Moderation leads"])
    moderator = get_user_model().objects.filter(username="moderator").first()
    if moderator is None:
        return
    moderator.groups.add(groups["Moderators"])
    if Comment.objects.filter(model_version=MODEL_VERSION).exists():
        return
    workspace = WorkspaceSettings.load()
    if workspace.audit_sample_rate is None:
        # A small demo needs a bigger spot-check share than a real site to show anything.
        workspace.audit_sample_rate = 0.1
        workspace.save()
    _history(get_user_model().objects.get(pk=moderator.pk))
