"""Is a comment in a language the models can read? A small, conservative detector (pure Python).

The abuse, topic and spam models learnt from English text (and Roman Urdu / Hindi written in
Latin letters, which the abuse model also learnt). On other languages their scores are noise:
on German news comments (GermEval 2021, dev split) the abuse model holds 54 % of civil comments
and 62 % of toxic ones, and tells the civil authors their comment "reads as abusive". So a
comment that is clearly in another language is held for a moderator with its own reason.

How: each word is looked up in short lists of function words ("und", "les", "para", ...),
chosen so that they are not also common English (or Roman Urdu) words; a comment is said to be
in language L only when it has enough words, enough of them are L's function words, and L's
count clearly beats English's. Text mostly in a non-Latin script (Cyrillic, Greek, Arabic,
Hebrew, CJK, Devanagari, ...) is "other script". Short comments, mixed comments and anything in
doubt are "not sure", and the models decide as before: the detector exists to avoid a wrong
verdict, so it only speaks when it is clear.

Measured against py3langid (BSD) on 3,000 texts of each of our data sets, 2026-11-29: see
docs/moderation.md ("Comments in other languages").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

VERSION = "funcwords-20261129"

# A comment needs this many words before its language is judged at all.
MIN_WORDS = 5
# ... at least this many of them function words of one language ...
MIN_HITS = 3
# ... making up at least this share of its words ...
MIN_SHARE = 0.2
# ... and at least this many times English's function words (plus one).
OVER_ENGLISH = 2.0
# Text whose letters are mostly outside the Latin script, with at least this many letters.
MIN_SCRIPT_LETTERS = 10
SCRIPT_SHARE = 0.5

WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
# The same words in ASCII text, where a letter is A-Z or a-z (a simpler pattern, read faster).
ASCII_WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words, written for this project. A word is left out of a list when it is also an
# everyday English word ("die", "also", "will", "son", "come", "me") or a common Roman Urdu one
# ("to", "se", "ho", "na", "ke", "ki", "main", "hai", "nu"), or English slang ("yo", "'em").
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        """the and is are was were of that it for on with as at by this be have has not but they
        you he she we my your their his her an or if what who would can there from about all
        just do does don't more people like it's i'm been than them which when were our"""
    ),
    "de": _words(
        """der das und ist nicht ein eine ich sie mit auf für sich dem den des zu von wir auch noch
        wie aber wenn nur sind hat haben werden wird kann dass schon oder nach bei aus einen einem
        einer mehr sehr hier immer doch mal gibt diese dieser dieses wer nein kein keine weil zum zur
        vom beim über gegen ohne jetzt heute alle viele unsere ihr ihre sein seine nichts etwas
        wieder dann denn muss müssen soll sollte wurde wurden uns euch mich mir dir ob bis"""
    ),
    "fr": _words(
        """le les des du une et est pas que qui dans pour sur avec cette sont je nous vous ils elle
        mais où plus tout très leur aux au été être fait sans chez aussi bien même donc ça c'est
        n'est j'ai qu'il il y avoir ces ses mes nos vos quand comme parce toujours rien"""
    ),
    "es": _words(
        """el los las del y es que en una por para con lo al más pero muy está están esto esta este
        hay también sobre todo todos porque cuando donde él ella ellos nosotros ser fue
        han su sus les nada siempre puede tiene"""
    ),
    "it": _words(
        """il gli di che è non per con del della dei delle sono si ma anche più questo questa
        hanno nel nella alla dal tutto perché quando molto essere stato io noi voi loro ci mi ti
        una un sempre ancora già cosa"""
    ),
    "pt": _words(
        """os de da do das dos não uma para com por nos nas mais mas foi ser está são
        isso isto esse essa ele ela eles muito também já quando porque você eu nós seu sua tem
        ainda sempre"""
    ),
    "nl": _words(
        """de het een en van dat niet op te met voor zijn er maar ook als aan om bij nog wel geen
        wat dan naar uit kan hij ze zij ik je wij deze dit worden wordt heeft hebben moet door
        over veel meer mijn"""
    ),
    "sv": _words(
        """och att det som är på av för med till den har inte ett jag vi var sig kan från ska
        eller när vad detta mycket också bara efter"""
    ),
    "da_no": _words(
        """og det er en til på som med har ikke af av den jeg vi om et kan skal fra
        eller når hvor også meget mye bare efter etter"""
    ),
    "pl": _words(
        """się nie jest że jak ale co po tak za od czy już tylko jego jej są był była było może
        bardzo przez dla pod tym te mnie nas oni"""
    ),
    "tr": _words(
        """ve bir bu için ile çok daha olarak gibi ama değil var yok sen biz onlar şey kadar
        sonra çünkü mı"""
    ),
    "id_ms": _words(
        """yang dan di ini itu dengan untuk tidak ada saya akan pada juga kami mereka
        sudah bisa atau karena lebih harus seperti tapi dalam"""
    ),
}

# Each function word with the languages it belongs to: one look-up a word.
INDEX: dict[str, tuple[str, ...]] = {}
for _lang, _list in FUNCTION_WORDS.items():
    for _word in _list:
        INDEX[_word] = (*INDEX.get(_word, ()), _lang)

NAMES = {
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "sv": "Swedish",
    "da_no": "Danish or Norwegian",
    "pl": "Polish",
    "tr": "Turkish",
    "id_ms": "Indonesian or Malay",
    "script": "a script other than Latin",
}


@dataclass(frozen=True)
class LanguageGuess:
    # "en" (or supported), a key of NAMES when the text is clearly in another language, or
    # None when the detector is not sure (too short, mixed, no function words).
    language: str | None
    # Function words of each language found, for moderators and tests.
    hits: dict[str, int]
    words: int

    @property
    def other(self) -> bool:
        """Clearly in a language (or script) the models were not trained on."""
        return self.language is not None and self.language != "en"

    @property
    def name(self) -> str:
        return "English" if self.language == "en" else NAMES.get(self.language or "", "unknown")


def _non_latin_share(text: str) -> tuple[int, float]:
    letters = sum(map(str.isalpha, text))
    if not letters or text.isascii():
        return letters, 0.0
    other = sum(
        1
        for ch in text
        if not ch.isascii() and ch.isalpha() and "LATIN" not in unicodedata.name(ch, "")
    )
    return letters, other / letters


# Parts of names ("van Dijk", "de Jong", "da Silva", "Le Monde"): not counted as function words
# when the next word is capitalised. German's "der", "die", "das", "den" precede every noun,
# which German capitalises, so they are not here.
NAME_PARTICLES = frozenset("van von de da di du do dos del della ter ten le la el".split())


def _words_of(text: str) -> list[str]:
    """Lower-case words, name particles before a capitalised word left out."""
    found = (ASCII_WORD_RE if text.isascii() else WORD_RE).findall(text)
    lowered = [word.lower().replace("\u2019", "'") for word in found]
    if NAME_PARTICLES.isdisjoint(lowered):
        return lowered
    words = []
    for i, lower in enumerate(lowered):
        if lower in NAME_PARTICLES and i + 1 < len(found) and found[i + 1][:1].isupper():
            continue
        words.append(lower)
    return words


def detect(text: str) -> LanguageGuess:
    if not text.isascii():
        # styled letters (𝐛𝐨𝐥𝐝, 𝘪𝘵𝘢𝘭𝘪𝘤, ｆｕｌｌｗｉｄｔｈ) are the plain letters they stand for
        text = unicodedata.normalize("NFKC", text)
    letters, non_latin = _non_latin_share(text)
    words = _words_of(text)
    if letters >= MIN_SCRIPT_LETTERS and non_latin >= SCRIPT_SHARE:
        return LanguageGuess("script", {}, len(words))
    hits: dict[str, int] = {}
    for word in words:
        for lang in INDEX.get(word, ()):
            hits[lang] = hits.get(lang, 0) + 1
    if len(words) < MIN_WORDS:
        return LanguageGuess(None, hits, len(words))
    english = hits.get("en", 0)
    best = max((lang for lang in hits if lang != "en"), key=lambda k: hits[k], default=None)
    if best is not None:
        n = hits[best]
        runner_up = max((v for k, v in hits.items() if k not in {"en", best}), default=0)
        if (
            n >= MIN_HITS
            and n >= MIN_SHARE * len(words)
            and n >= OVER_ENGLISH * (english + 1)
            and n > runner_up
        ):
            return LanguageGuess(best, hits, len(words))
    if english >= MIN_HITS:
        return LanguageGuess("en", hits, len(words))
    return LanguageGuess(None, hits, len(words))
