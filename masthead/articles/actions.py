"""Every state change of an article, one function each, in a transaction.

Listeners (narration, caches) hear about it through `article_changed`, sent on commit so
they never see a half-written article.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import slugify

from masthead.articles import media
from masthead.articles.body import render_body
from masthead.articles.importers.base import ImportedArticle
from masthead.articles.models import Article, Correction, OldSlug, Section, Tag
from masthead.articles.signals import article_changed

logger = logging.getLogger(__name__)


def _announce(article: Article, was_live: bool) -> None:
    article_id = article.pk
    became_live = article.is_live and not was_live
    transaction.on_commit(lambda: _tell_listeners(article_id, became_live))


def _tell_listeners(article_id: int, became_live: bool) -> None:
    """Each listener hears the change whatever the others do: the article is saved by now, so
    a listener that fails (the database busy, a queue down) is logged, not raised. Raised, it
    showed the editor a server error (the CLI a traceback) for a save that had succeeded, and
    the listeners after it, narration among them, never heard of the edit."""
    replies = article_changed.send_robust(
        sender=Article, article_id=article_id, became_live=became_live
    )
    for receiver, reply in replies:
        if isinstance(reply, Exception):
            logger.error(
                "article %s was saved, but %s failed on hearing it",
                article_id,
                getattr(receiver, "__qualname__", receiver),
                exc_info=reply,
            )


def _remove_photo_on_commit(name: str, storage: Any) -> None:
    """Remove a photo file nobody shows any more, once the change that dropped it commits: an
    article deleted (a story withdrawn for legal reasons, say) or given another photo kept its
    old picture reachable at its URL for good."""

    def remove() -> None:
        if not Article.objects.filter(photo=name).exists():
            storage.delete(name)

    if name:
        transaction.on_commit(remove)


def remove_photo_file(instance: Article, **_: object) -> None:
    """Receiver of post_delete: a deleted article's photo file goes with it."""
    if instance.photo:
        _remove_photo_on_commit(instance.photo.name, instance.photo.storage)


@transaction.atomic
def save_article(article: Article, tag_ids: list[int] | None = None) -> Article:
    """Create or update an article; publishing sets published_at if the editor left it empty.
    A photo replaced or cleared is removed once saved."""
    was_live = False
    previous = None
    if article.pk:
        previous = Article.objects.filter(pk=article.pk).first()
        was_live = bool(previous and previous.is_live)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    article.full_clean(exclude=["photo"] if not article.photo else None)
    # A photo uploaded (in the admin) is written to storage by save(): pending until commit.
    writes_photo = bool(article.photo) and not article.photo._committed
    article.save()
    if writes_photo:
        media.note_written(article.photo.name, article.photo.storage)
    if tag_ids is not None:
        article.tags.set(tag_ids)
    if was_live and previous is not None and previous.slug != article.slug:
        # Links to the address readers had (shared, in search results, in feeds) lead on to
        # the new one; before 2026-11-30 they answered 404.
        OldSlug.objects.update_or_create(slug=previous.slug, defaults={"article": article})
    # An address in use is nobody's old one (the article took its slug back, or another
    # article took it).
    OldSlug.objects.filter(slug=article.slug).delete()
    if previous is not None and previous.photo and previous.photo.name != article.photo.name:
        _remove_photo_on_commit(previous.photo.name, previous.photo.storage)
    _announce(article, was_live)
    return article


@transaction.atomic
def publish_article(article: Article) -> Article:
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > timezone.now():
        article.published_at = timezone.now()
    return save_article(article)


@transaction.atomic
def add_correction(article: Article, text: str) -> Correction:
    correction = Correction.objects.create(article=article, text=text.strip())
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now())
    _announce(article, was_live=article.is_live)
    return correction


def _unique_slug(model: type[models.Model], base: str, exclude_pk: int | None = None) -> str:
    base = (base or "item")[:190].strip("-") or "item"
    candidate, n = base, 1
    while model._default_manager.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _section_named(name: str) -> Section:
    name = " ".join(name.split())
    if not name:  # `masthead import --section " "` made a nameless section, slug "item"
        raise ValidationError({"section": "A section needs a name."})
    limit = Section._meta.get_field("name").max_length or 80
    if len(name) > limit:
        # SQLite would store it whole; PostgreSQL refuses it mid-import with a traceback.
        raise ValidationError(
            {"section": f"A section name has at most {limit} characters (it has {len(name)})."}
        )
    section = Section.objects.filter(name__iexact=name).first()
    if section is None:
        section = Section.objects.create(name=name, slug=_unique_slug(Section, slugify(name)))
    return section


def _tag_ids(names: tuple[str, ...]) -> list[int]:
    ids = []
    for name in names:
        tag = Tag.objects.filter(name__iexact=name[:60]).first()
        if tag is None:
            tag = Tag.objects.create(name=name[:60], slug=_unique_slug(Tag, slugify(name)[:50]))
        ids.append(tag.pk)
    return ids


def import_status(asked: str, *, publish: bool, current: str | None) -> str:
    """The status an imported file gets: see `import_article`. `current` is the stored
    article's status (None for a new one)."""
    if asked == Article.Status.DRAFT:
        return asked
    if publish:
        return asked or Article.Status.PUBLISHED
    return current or Article.Status.DRAFT


def _same_file(field: FieldFile, path: Path) -> bool:
    if not field:
        return False
    try:
        with field.storage.open(field.name, "rb") as stored:
            return (
                hashlib.sha256(stored.read()).digest() == hashlib.sha256(path.read_bytes()).digest()
            )
    except OSError:
        return False


def import_article(
    imported: ImportedArticle,
    *,
    import_key: str,
    photo_file: Path | None = None,
    default_section: str = "News",
    publish: bool = True,
) -> tuple[Article, str]:
    """Create or update the article an importer read; returns it and "created", "updated" or
    "unchanged". The same `import_key` always maps to the same article, so importing a file
    twice never makes a copy, and an unchanged file changes nothing (not even updated_at).

    With `publish`, the file's own status is kept (published when it names none). Without it
    a new article is a draft and an existing one keeps its status: re-importing a file must
    neither put back on the site a story an editor withdrew nor take down a live one. A file
    that asks for a draft (a ninjs item the agency withheld or cancelled) is always one.

    The article is written in one transaction. The photo is written to storage inside it, and
    storage has no rollback: when the transaction is rolled back by an error (a field the model
    refuses, a bug after the article is saved) the photo it wrote is deleted again, else it
    stayed in MEDIA_ROOT with no article pointing to it. When a caller's own outer transaction
    rolls back after this returns, the file is still pending (`media.note_written`) and goes at
    the next `media.remove_uncommitted` (the end of the request, or of the file's import)."""
    written: list[tuple[str, Any]] = []
    try:
        return _import_article(
            imported,
            import_key=import_key,
            photo_file=photo_file,
            default_section=default_section,
            publish=publish,
            written=written,
        )
    except BaseException:
        # _import_article's transaction (or savepoint) is rolled back by now.
        for name, storage in written:
            _remove_unsaved_photo(name, storage)
        raise


def _remove_unsaved_photo(name: str, storage: Any) -> None:
    """Delete a photo file whose article was rolled back, unless an article does point to it
    (names are random, so none should). Never raises: the caller is handling the error that
    rolled back, and a file kept is safer than one deleted from under a live article."""
    try:
        if Article.objects.filter(photo=name).exists():
            return
        storage.delete(name)
    except Exception:
        logger.exception("could not remove photo %s left by a rolled-back import", name)


@transaction.atomic
def _import_article(
    imported: ImportedArticle,
    *,
    import_key: str,
    photo_file: Path | None,
    default_section: str,
    publish: bool,
    written: list[tuple[str, Any]],
) -> tuple[Article, str]:
    article = Article.objects.select_for_update().filter(import_key=import_key).first()
    outcome = "updated" if article else "created"
    if article is None:
        article = Article(import_key=import_key)
    if imported.status and imported.status not in Article.Status.values:
        raise ValidationError(f"unknown status {imported.status!r}")
    status = import_status(
        imported.status, publish=publish, current=article.status if article.pk else None
    )
    fields: dict[str, object] = {
        "headline": imported.headline,
        "standfirst": imported.standfirst,
        "byline": imported.byline,
        "source": imported.source,
        "section_id": _section_named(imported.section or default_section).pk,
        "status": status,
        "published_at": imported.published_at or article.published_at,
        "photo_caption": imported.photo.caption if imported.photo else "",
        "photo_credit": imported.photo.credit if imported.photo else "",
        # The caption describes the picture; it is the best alt text a file without one offers.
        "photo_alt": (imported.photo.alt or imported.photo.caption) if imported.photo else "",
        "body": render_body(imported.body),
    }
    if imported.comments_mode:
        fields["comments_mode"] = imported.comments_mode
    if not article.slug:
        fields["slug"] = _unique_slug(
            Article, imported.slug or slugify(imported.headline)[:180], exclude_pk=article.pk
        )
    tag_ids = _tag_ids(imported.tags)
    photo_changed = photo_file is not None and not _same_file(article.photo, photo_file)
    changed = [name for name, value in fields.items() if getattr(article, name) != value]
    tags_changed = article.pk is None or sorted(
        article.tags.values_list("pk", flat=True)
    ) != sorted(tag_ids)
    if article.pk and not changed and not tags_changed and not photo_changed:
        return article, "unchanged"
    for name, value in fields.items():
        setattr(article, name, value)
    if photo_changed and photo_file is not None:
        with photo_file.open("rb") as handle:
            article.photo.save(photo_file.name, File(handle), save=False)
        written.append((article.photo.name, article.photo.storage))
        media.note_written(article.photo.name, article.photo.storage)
    return save_article(article, tag_ids=tag_ids), outcome
