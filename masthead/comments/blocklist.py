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

# Yahoo's disposable addresses are a base name the owner chose, a hyphen and any keyword
# (`base-shop@yahoo.com`); the hyphen is what sets them apart from an account's own address,
# which cannot have one. So all `base-...` addresses are one owner's; they are read as `base-@`
# (the hyphen kept), never as `base@`, which may be someone else's own address.
HYPHEN_TAGS = frozenset(
    {
        "yahoo.com", "ymail.com", "rocketmail.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de",
        "yahoo.es", "yahoo.it", "yahoo.ca", "yahoo.com.au", "yahoo.co.in", "yahoo.com.br",
    }
)  # fmt: skip

# Fastmail delivers `anything@name.fastmail.com` to `name@fastmail.com` (subdomain addressing,
# the same as `name+anything@`). Only Fastmail's own best-known domains: the same works on
# domains its customers own, which the site cannot tell apart.
SUBDOMAIN_TAGS = frozenset({"fastmail.com", "fastmail.fm", "sent.com"})

# Free mail providers with many unrelated users each: a moderator is never offered to block
# the whole domain of an address there (`domain_to_offer`). Not every such provider in the
# world; a domain missing here is still shown to the moderator before it is blocked.
PUBLIC_PROVIDERS = frozenset(
    DOTS_IGNORED | HYPHEN_TAGS | SUBDOMAIN_TAGS | {
        "outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "live.com", "live.co.uk",
        "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "aim.com", "proton.me",
        "protonmail.com", "protonmail.ch", "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de",
        "mail.com", "zoho.com", "yandex.com", "yandex.ru", "mail.ru", "qq.com", "163.com",
        "126.com", "tutanota.com", "tuta.io", "hey.com", "btinternet.com", "sky.com",
        "orange.fr", "free.fr", "libero.it", "t-online.de", "comcast.net", "verizon.net",
        "att.net", "duck.com", "mailbox.org", "posteo.de", "naver.com", "rediffmail.com",
    }
)  # fmt: skip


def normalise_address(email: str, provider_rules: bool = True) -> str:
    """The one form of an address that every spelling of the same mailbox shares, as far as
    the site can tell without asking the mail provider: trimmed and lower-case; a `+tag`
    after the name dropped (`ann+news@example.org` is `ann@example.org`: most providers
    deliver both to one mailbox); for Gmail, dots in the name dropped and `googlemail.com`
    read as `gmail.com`. With `provider_rules` (the default) also the providers' own tags:
    Yahoo's `-keyword` (`ann-shop@yahoo.com` is `ann-@yahoo.com`, as is `ann-news@`; not
    `ann@yahoo.com`, which may be another person's) and Fastmail's subdomain
    (`shop@ann.fastmail.com` is `ann@fastmail.com`). Without them, the form hashes were kept
    in before those rules (`legacy_address_digest`). Without an @ the text is only trimmed
    and lower-cased."""
    address = (email or "").strip().lower()
    name, at, domain = address.rpartition("@")
    if not at or not name:
        return address
    if provider_rules:
        label, dot, parent = domain.partition(".")
        if dot and label and parent in SUBDOMAIN_TAGS:
            name, domain = label, parent
        elif domain in HYPHEN_TAGS:
            base, hyphen, _keyword = name.partition("-")
            name = f"{base}-" if hyphen and base else name
    name = name.split("+", 1)[0] or name
    if domain in DOTS_IGNORED:
        domain = "gmail.com"
        name = name.replace(".", "") or name
    return f"{name}@{domain}"


def domain_to_offer(email: str) -> str:
    """The domain a moderator banning this address may choose to block as well (a reader with
    a domain of their own can make any address there, and a catch-all delivers them all), or
    "" where that must not be offered: a public provider's domain (`PUBLIC_PROVIDERS`, and
    Fastmail's subdomains), a name with no dot, or no address at all. Off unless chosen."""
    domain = normalise_address(email).rpartition("@")[2]
    if "@" not in (email or "") or "." not in domain.strip("."):
        return ""
    if domain in PUBLIC_PROVIDERS or any(domain.endswith("." + p) for p in PUBLIC_PROVIDERS):
        return ""
    return domain


def domain_digest(domain: str, secret: str | None = None) -> str:
    """The keyed hash that blocks every address at a domain, stored beside the addresses'
    (`BlockedAddress`): the hash of `@domain`, which no address's hash equals (an address has
    a name before its @)."""
    return _digest("@" + (domain or "").strip().lower().lstrip("@"), secret)


def lookup_digests(email: str, secret: str | None = None) -> list[str]:
    """Every stored hash that blocks this address: the address's own, the one kept before the
    providers' rules (`legacy_address_digest`, when it differs) and its domain's (when a
    domain there may be blocked at all)."""
    digests = [address_digest(email, secret)]
    legacy = legacy_address_digest(email, secret)
    if legacy not in digests:
        digests.append(legacy)
    domain = domain_to_offer(email)
    if domain:
        digests.append(domain_digest(domain, secret))
    return digests


def address_digest(email: str, secret: str | None = None) -> str:
    """HMAC-SHA256 of the normalised address, hex. The key is SHA-256 of `KEY_SALT` followed
    by the site's secret key (`MASTHEAD_SECRET_KEY`), as Django's `salted_hmac` makes it, so it
    stays the same for as long as the secret key does."""
    return _digest(normalise_address(email), secret)


def legacy_address_digest(email: str, secret: str | None = None) -> str:
    """The hash of the address as it was normalised before the providers' rules (2026-11-30):
    blocks of accounts deleted since still carry it, and nothing can compute them again."""
    return _digest(normalise_address(email, provider_rules=False), secret)


def _digest(text: str, secret: str | None) -> str:
    return salted_hmac(
        KEY_SALT,
        text,
        secret=secret if secret is not None else settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()
