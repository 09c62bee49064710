"""Photo files in media storage, and the transactions that record them.

A photo is written to storage before the article row that names it is saved, inside the same
transaction, and storage has no rollback: when that transaction rolls back (an error after the
save, a caller's own outer transaction, the admin's form failing after `save_article`), the file
stays with no row pointing to it. So each photo written inside a transaction is noted as
*pending* on its database connection until the transaction commits (`transaction.on_commit`);
once no transaction is open any more, a file still pending was never committed and
`remove_uncommitted` deletes it, unless a row does name it. That runs when a web request ends
(`request_finished`, which covers the admin) and after each file `masthead import` reads.
A process that dies between the write and the commit leaves its file behind all the same:
`masthead prune_media` (`unreferenced_photos`) finds such files by age and deletes them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

PHOTO_FOLDER = "photos"  # every name models.photo_file_name gives (and upload_to gave) is in it
_PENDING = "masthead_photos_pending"


def _pending(connection: Any) -> dict[str, Any]:
    pending = getattr(connection, _PENDING, None)
    if pending is None:
        pending = {}
        setattr(connection, _PENDING, pending)
    return pending


def note_written(name: str, storage: Any, using: str = DEFAULT_DB_ALIAS) -> None:
    """Note that photo `name` was just written to `storage` for a row not yet committed: it is
    pending until the transaction open on `using` commits. Outside a transaction the row is
    written at once (autocommit), so there is nothing to note."""
    connection = connections[using]
    if not name or not connection.in_atomic_block:
        return
    pending = _pending(connection)
    pending[name] = storage
    transaction.on_commit(lambda: pending.pop(name, None), using=using)


def remove_uncommitted(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Delete the photos noted on `using` whose transaction ended without committing them (a
    rollback drops the on_commit that would have cleared them), unless a row names them (names
    are random, so none should). Does nothing while a transaction is still open. Never raises:
    it runs while an error is being handled, or after a response was sent; a file it could not
    delete is logged, and `masthead prune_media` finds it later. Returns the names deleted."""
    from masthead.articles.models import Article

    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if not pending or connection.in_atomic_block:
        return []
    removed = []
    for name, storage in list(pending.items()):
        pending.pop(name, None)
        try:
            if Article.objects.using(using).filter(photo=name).exists():
                continue
            storage.delete(name)
            removed.append(name)
            logger.info("removed photo %s: the change that wrote it was rolled back", name)
        except Exception:
            logger.exception("could not remove photo %s left by a rolled-back change", name)
    return removed


def remove_uncommitted_everywhere(**_: object) -> None:
    """Receiver of request_finished: `remove_uncommitted` on each connection this thread opened."""
    for connection in connections.all(initialized_only=True):
        remove_uncommitted(connection.alias)


@dataclass(frozen=True)
class StoredPhoto:
    name: str
    size: int
    modified: datetime


def _files(storage: Any, folder: str) -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for file in sorted(files):
        yield f"{folder}/{file}"
    for sub in sorted(folders):
        yield from _files(storage, f"{folder}/{sub}")


def unreferenced_photos(older_than: timedelta, now: datetime | None = None) -> list[StoredPhoto]:
    """The files under photos/ in the photo field's storage that no article names, last
    written more than `older_than` ago. The age keeps out a file whose article is still being
    saved (written, its transaction not yet committed)."""
    from masthead.articles.models import Article

    storage = Article._meta.get_field("photo").storage  # type: ignore[union-attr]
    if not storage.exists(PHOTO_FOLDER):
        return []
    cutoff = (now or timezone.now()) - older_than
    named = set(Article.objects.exclude(photo="").values_list("photo", flat=True))
    found = []
    for name in _files(storage, PHOTO_FOLDER):
        if name in named:
            continue
        modified = storage.get_modified_time(name)
        if modified < cutoff:
            found.append(StoredPhoto(name, storage.size(name), modified))
    return found


def delete_photo(name: str) -> bool:
    """Delete photo `name` unless an article names it by now; whether it was deleted."""
    from masthead.articles.models import Article

    if Article.objects.filter(photo=name).exists():
        return False
    Article._meta.get_field("photo").storage.delete(name)  # type: ignore[union-attr]
    return True
