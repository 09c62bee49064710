"""E-mail addresses of banned readers, kept as keyed hashes (docs/comments.md, "Ban evasion").

A ban lives on the reader's profile, which goes when the account is deleted; the address's
hash stays, so the same person cannot sign up again with it or comment as a guest with it.
Nothing here can give an address back: a hash is only compared with the hash of an address
someone types.

`normalise_address` decides which addresses count as one; `address_digest` keys the hash with
the site's secret key, so a copy of the database alone cannot be tested against a list of
addresses (a plain SHA-256 of an address can: addresses are easy to guess).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

# Part of the key: changing it would make every stored hash stop matching.
KEY_SALT = "masthead.comments.blocklist.address"

# Google's mail ignores dots in the part before the @ and takes both domains as one.
DOTS_IGNORED = frozenset({"gmail.com", "googlemail.com"})


def normalise_address(email: str) -> str:
    """The one form of an address that every spelling of the same mailbox shares, as far as
    the site can tell without asking the mail provider: trimmed and lower-case; a `+tag`
    after the name dropped (`ann+news@example.org` is `ann@example.org`: most providers
    deliver both to one mailbox); for Gmail, dots in the name dropped and `googlemail.com`
    read as `gmail.com`. Other providers' rules (Yahoo's `-tag`, say) are not guessed.
    Without an @ the text is only trimmed and lower-cased."""
    address = (email or "").strip().lower()
    name, at, domain = address.rpartition("@")
    if not at or not name:
        return address
    name = name.split("+", 1)[0] or name
    if domain in DOTS_IGNORED:
        domain = "gmail.com"
        name = name.replace(".", "") or name
    return f"{name}@{domain}"


def address_digest(email: str, secret: str | None = None) -> str:
    """HMAC-SHA256 of the normalised address, hex. The key is SHA-256 of `KEY_SALT` followed
    by the site's secret key (`MASTHEAD_SECRET_KEY`), as Django's `salted_hmac` makes it, so it
    stays the same for as long as the secret key does."""
    return salted_hmac(
        KEY_SALT,
        normalise_address(email),
        secret=secret if secret is not None else settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()
