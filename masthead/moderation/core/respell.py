"""Misspelt and run-together abusive words, spelt out before the abuse model reads them.

`normalise` undoes disguises made of symbols ("1d10t", "f*ck", "s t u p i d"). People also
disguise a word by misspelling it on purpose ("idoit", "stupd", "retrad") or by running words
together ("youareanidiot"). The model's character n-grams catch some of these; this step
catches more by turning such a word back into the abusive word it stands for:

- **misspelt**: a word that is not a known English word and is one edit away from exactly one
  abusive word: two neighbouring letters swapped ("idoit" -> "idiot", "htae" -> "hate"), or one
  letter missing or added ("stupd" -> "stupid", "morron" -> "moron"). A missing or added letter
  needs a word of at least five letters, so that short words ("hat", "bich") are left alone.
- **run together**: a word of at least eight letters that is not a known word and splits into
  at most five known words, one of them abusive ("youareanidiot" -> "you are an idiot").

Known words are the whole words of the MiniLM vocabulary (committed under weights/minilm/,
about 21,700 English words and names) and pyspellchecker's English word list; abusive words are
the abuse model's lexicon (words it learnt as abusive, `abuse.json`) and the project's own list of
insults (`EXTRA_TARGETS`), less the words that name a group or are everyday words (`NOT_TARGETS`).
A known word is never changed, so an ordinary word spelt right ("looser", "shot") stays as it
is, and nothing but an abusive word is ever produced.

Runs on normalised text (lower case), at run time only: the training texts are not respelt (the
model's files stay as trained). Pure: no I/O, no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Bumped when the rule or the lists change; part of the abuse model's version string.
VERSION = 2

# Words in the learnt lexicon that are not abusive in themselves (groups, everyday words, the
# lexicon's mask-undoing helpers): never a target of a correction.
NOT_TARGETS = frozenset(
    """admitted bigger bit bite competent darn duck dump dumpster fat gay hindu hit maa baap
    muslim nasal queer rant sex sexual shoe shoes switch tera teri jaise mitch white sick
    lazy greedy selfish crazy corrupt garbage hack ridicule rant snitch tumhari aurat bajwa
    niazi mandi halala haram bully kill killing shoot shut suck sucked sucking sucks penis
    butt balls""".split()
)
# Insults and words of hate the project lists itself, so that what is spelt out does not depend
# on which words one model's lexicon happened to learn (the project's own list; slurs are left
# to the lexicon).
EXTRA_TARGETS = frozenset(
    """hate hateful idiot idiots idiotic moron morons moronic stupid stupidity imbecile imbeciles
    cretin cretins dimwit halfwit nitwit numbskull dunce buffoon buffoons clown clowns fool fools
    foolish loser losers jackass dumbass asshole assholes arsehole bastard bastards scumbag
    scumbags dirtbag lowlife creep pathetic ignorant brainless clueless hypocrite hypocrites liar
    liars coward cowards bigot bigots racist racists retard retarded retards parasite parasites
    vermin scum traitor traitors disgusting worthless useless garbage trash bitch bitches whore
    whores slut sluts wanker tosser prick pricks dickhead twat cunt cunts shit bullshit fuck
    fucking fucker motherfucker""".split()
)

WORD_RE = re.compile(r"[a-z]+")
MIN_EDIT_LENGTH = 5  # for a missing or added letter; swaps need 4
MIN_JOINED_LENGTH = 8
MAX_PIECES = 4
# A run-together word is split only into common words (`common`, given by the caller) and these
# short ones, one of them an abusive word of at least MIN_TARGET_PIECE letters: so "denigration"
# or "embarrassed" never come apart into fragments that look abusive.
SHORT_PIECES = frozenset(
    "i a u an am are as at be by do go he if in is it me my no of on or so to up us we ur".split()
)
MIN_TARGET_PIECE = 5
# Four-letter abusive words strong enough to split on ("ihatewomen", "dumbfuck"); other short
# lexicon words turn up inside ordinary words too often ("similiar" is not "simi liar").
SHORT_TARGET_PIECES = frozenset("hate fuck shit cunt dumb scum slut twat".split())


def edits(word: str) -> set[str]:
    """The misspellings of `word` this step undoes: two neighbouring letters swapped (4 letters
    or more), one letter left out or one added (the misspelling 5 letters or more)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1]}
    if len(word) - 1 >= MIN_EDIT_LENGTH:
        out |= {a + b[1:] for a, b in splits if b}
    if len(word) >= MIN_EDIT_LENGTH:
        out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


class Respeller:
    """The rule above for one abuse model (its lexicon) and one vocabulary."""

    def __init__(
        self, lexicon: Iterable[str], known: Iterable[str], common: Iterable[str] = ()
    ) -> None:
        self.targets = frozenset(
            w for w in (set(lexicon) | EXTRA_TARGETS) if w.isalpha() and w not in NOT_TARGETS
        )
        self.known = frozenset(known) | frozenset(lexicon) | self.targets
        # the abusive words a run-together word may be split on, and the pieces it may split into
        self.split_targets = frozenset(
            t for t in self.targets if len(t) >= MIN_TARGET_PIECE or t in SHORT_TARGET_PIECES
        )
        self.pieces = (
            frozenset(w for w in common if len(w) >= 3) | SHORT_PIECES | self.split_targets
        )
        # For a target, every misspelling one edit away; a misspelling of two targets is
        # ambiguous and left alone.
        nearest: dict[str, str | None] = {}
        for target in self.targets:
            if len(target) < 4:
                continue
            for variant in edits(target):
                nearest[variant] = None if variant in nearest else target
        self.misspelt = {v: t for v, t in nearest.items() if t is not None and v not in self.known}
        self.word = lru_cache(maxsize=8192)(self._word)

    def _word(self, token: str) -> str:
        if token in self.known:
            return token
        target = self.misspelt.get(token)
        if target is not None:
            return target
        if len(token) >= MIN_JOINED_LENGTH:
            pieces = self.split(token)
            if pieces is not None and any(p in self.split_targets for p in pieces):
                return " ".join(pieces)
        return token

    def split(self, token: str) -> list[str] | None:
        """The fewest pieces (common words) that spell `token`, at most MAX_PIECES, or None."""
        n = len(token)
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(1, n + 1):
            for start in range(max(0, end - 20), end):
                head = best[start]
                piece = token[start:end]
                if head is None or len(head) >= MAX_PIECES:
                    continue
                if piece not in self.pieces:
                    continue
                if best[end] is None or len(head) + 1 < len(best[end] or []):
                    best[end] = [*head, piece]
        return best[n]

    def __call__(self, normalised: str) -> str:
        # Most comments have no word to change: those are found without a call for every word.
        unknown = set(WORD_RE.findall(normalised)).difference(self.known)
        if all(self.word(token) == token for token in unknown):
            return normalised
        return WORD_RE.sub(lambda m: self.word(m.group(0)), normalised)
