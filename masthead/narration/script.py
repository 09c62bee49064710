"""The speakable script (pure): an article turned into the text a voice reads aloud.

What is read: headline, standfirst, then the body's paragraphs, sub-headings and quotes, each a
*paragraph* of the script with a pause after it. What is skipped: everything a listener does not
need (photo caption and credit, byline, source, date, corrections).

Each paragraph keeps its sentences twice: the text as printed (with its character offsets, so the
page can highlight the sentence being read) and the spoken form, where abbreviations, numbers,
ordinals, years, dates, times, currencies and percentages are written out as words and quotation
marks dropped. Editors extend pronunciation through a lexicon: a mapping from a word as printed
to how it should be said ("Peskov" -> "Peskoff").

No Django, no settings: callers pass everything in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

# Pauses (seconds of silence after a paragraph): longer after the headline and sub-headings,
# which the listener cannot see, so the structure is heard.
PAUSE_AFTER = {
    "headline": 0.9,
    "standfirst": 0.8,
    "heading": 0.6,
    "paragraph": 0.45,
    "quote": 0.5,
    "text": 0.45,
}
PAUSE_BEFORE_HEADING = 0.3


class BlockLike(Protocol):
    """A body block as `masthead.articles.body.Block` has it."""

    @property
    def kind(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def attribution(self) -> str: ...


@dataclass(frozen=True)
class Sentence:
    """One sentence: as printed (`text`, at `start`:`end` of its paragraph) and as spoken."""

    text: str
    spoken: str
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """One unit of synthesis and caching.

    `target` names where the printed text sits on the page: "headline", "standfirst",
    "body/3" (the fourth body block) or "body/3/attribution" (a quote's attribution).
    """

    target: str
    kind: str
    sentences: tuple[Sentence, ...]
    pause_before: float = 0.0
    pause_after: float = 0.45

    @property
    def spoken(self) -> str:
        return " ".join(sentence.spoken for sentence in self.sentences)


@dataclass(frozen=True)
class Script:
    paragraphs: tuple[Paragraph, ...]

    @property
    def spoken(self) -> str:
        return "\n\n".join(paragraph.spoken for paragraph in self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.spoken.split()) for p in self.paragraphs)


# --------------------------------------------------------------------------------------------
# Numbers as words
# --------------------------------------------------------------------------------------------
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _below_thousand(n: int) -> str:
    parts: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(f"{_ONES[hundreds]} hundred")
    if rest:
        if hundreds:
            parts.append("and")
        if rest < 20:
            parts.append(_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            parts.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
    return " ".join(parts)


def number_words(n: int) -> str:
    """1234 -> "one thousand two hundred and thirty-four" (British "and", as newsreaders say)."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 1000:
        return _below_thousand(n) if n else "zero"
    parts: list[str] = []
    for value, name in _SCALES:
        if n >= value:
            count, n = divmod(n, value)
            parts.append(f"{number_words(count)} {name}")
    if n:
        parts.append(("and " if n < 100 else "") + _below_thousand(n))
    return " ".join(parts)


def ordinal_suffix(n: int) -> str:
    """The suffix English writes after n as an ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _ordinal(match: re.Match[str]) -> str:
    """A number with its own ordinal suffix ("21st") is said as an ordinal; one with another
    suffix is not an ordinal ("5st" is five stone, "3th" a typo) and is left as printed."""
    n = int(match.group(1))
    if match.group(2) != ordinal_suffix(n):
        return match.group(0)
    return ordinal_words(n)


def ordinal_words(n: int) -> str:
    """21 -> "twenty-first"."""
    words = number_words(n)
    head, sep, last = words.rpartition("-") if "-" in words.split()[-1] else words.rpartition(" ")
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}{sep}{last}"


def year_words(year: int) -> str:
    """1999 -> "nineteen ninety-nine", 2005 -> "two thousand and five", 2026 -> "twenty twenty-six"."""
    if year < 1000 or year > 9999:
        return number_words(year)
    century, rest = divmod(year, 100)
    if rest == 0:
        if century % 10 == 0:
            return number_words(year)
        return f"{number_words(century)} hundred"
    if 2000 <= year < 2010 or year % 1000 < 10:
        return number_words(year)
    if rest < 10:
        return f"{number_words(century)} oh {_ONES[rest]}"
    return f"{number_words(century)} {number_words(rest)}"


# Past this many digits a whole number is read digit by digit, as a code or a serial number is:
# spelt as one number, 4,000 digits took 0.4 s each, and past 4,300 Python's int() refuses the
# text (ValueError), which failed the story's narration.
LONGEST_NUMBER_SAID = 15


def whole_words(digits: str) -> str:
    """ "1500" -> "one thousand five hundred"; longer than LONGEST_NUMBER_SAID, each digit."""
    if len(digits) > LONGEST_NUMBER_SAID:
        return " ".join(_ONES[int(digit)] for digit in digits)
    return number_words(int(digits or "0"))


def decimal_words(text: str) -> str:
    """ "3.25" -> "three point two five"; "1,500" -> "one thousand five hundred"."""
    whole, _, fraction = text.replace(",", "").partition(".")
    words = whole_words(whole)
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return words


# --------------------------------------------------------------------------------------------
# Sentence splitting (on printed text, keeping offsets)
# --------------------------------------------------------------------------------------------
# Abbreviations whose full stop does not end a sentence.
_NON_FINAL_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "capt",
    "sgt",
    "sen",
    "rep",
    "gov",
    "pres",
    "st",
    "mt",
    "jr",
    "sr",
    "vs",
    "no",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "fig",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")


# A voice reads a sentence in one go and its memory grows with the square of the sentence's
# length: a 200,000-word paragraph without a full stop made Piper ask for 22 TB (and keep
# 9.5 GB). Longer "sentences" are read in pieces, broken after a comma, semicolon, colon or dash
# in the second half of the piece where there is one, else between words.
MAX_SENTENCE_CHARS = 600
_SOFT_BREAK = re.compile(r"[,;:–—](?=\s)")


def _bounded(text: str, a: int, b: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    while b - a > MAX_SENTENCE_CHARS:
        window = text[a : a + MAX_SENTENCE_CHARS]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window) if m.end() > len(window) // 2]
        spaces = [m.start() for m in re.finditer(r"\s", window) if m.start() > 0]
        cut = a + (breaks[-1] if breaks else spaces[-1] if spaces else len(window))
        pieces.append((a, cut))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if b > a:
        pieces.append((a, b))
    return pieces


_NON_SPACE = re.compile(r"\S")
_SENTENCE_START = re.compile(r"[\"'“‘(\[]?[A-Z0-9]")


def _last_word(text: str, start: int, stop: int) -> str:
    """The last run of non-space characters in text[start:stop] ("" if none), read backwards
    from `stop`: what `text[start:stop].rsplit(None, 1)[-1]` gives, without the copy."""
    end = stop
    while end > start and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Offsets (start, end) of the sentences of `text`, whitespace trimmed; a sentence longer
    than MAX_SENTENCE_CHARS comes in pieces of at most that."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        # The word before the mark, and the first character after it, are found where they
        # are: copying the text since the sentence's start, and all the text after the mark,
        # at each mark made an article of many marks quadratic ("a. " 30,000 times: 26 s).
        word = _last_word(text, start, match.start())
        token = word.lstrip("\"'“‘(").lower()
        if match.group().startswith(".") and (
            token in _NON_FINAL_ABBREVIATIONS or re.fullmatch(r"[a-z]", token)
        ):
            # A street's "St." before a capital ends the sentence too ("on Downing St. The
            # PM"), as it is read; a saint's ("St. Paul's") does not.
            at = match.start()
            if not (
                word.lstrip("\"'“‘(") == "St" and _st_reading(text, at - 2, at + 1) == "Street."
            ):
                continue
        following = _NON_SPACE.search(text, end)
        if following and not _SENTENCE_START.match(text, following.start()):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed: list[tuple[int, int]] = []
    for a, b in spans:
        chunk = text[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b -= len(chunk) - len(chunk.rstrip())
        if b > a:
            trimmed.extend(_bounded(text, a, b))
    return trimmed


# --------------------------------------------------------------------------------------------
# Making text speakable
# --------------------------------------------------------------------------------------------
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_ABBREVIATIONS = {
    "Jan": "January",
    "Feb": "February",
    "Mar": "March",
    "Apr": "April",
    "Jun": "June",
    "Jul": "July",
    "Aug": "August",
    "Sep": "September",
    "Sept": "September",
    "Oct": "October",
    "Nov": "November",
    "Dec": "December",
}
_TITLES = {
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Dr": "Doctor",
    "Prof": "Professor",
    "Gen": "General",
    "Lt": "Lieutenant",
    "Col": "Colonel",
    "Capt": "Captain",
    "Sgt": "Sergeant",
    "Sen": "Senator",
    "Rep": "Representative",
    "Gov": "Governor",
    "Pres": "President",
    "Mt": "Mount",
}
_WORD_ABBREVIATIONS = {
    "Jr.": "Junior",
    "Sr.": "Senior",
    "Inc.": "Incorporated",
    "Ltd.": "Limited",
    "Corp.": "Corporation",
    "vs.": "versus",
    "etc.": "et cetera",
    "e.g.": "for example",
    "i.e.": "that is",
    "approx.": "approximately",
}
_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("US dollar", "US dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "sen", "sen"),
    "₽": ("rouble", "roubles", "kopek", "kopeks"),
}
_SCALE_WORDS = {
    "k": "thousand",
    "m": "million",
    "mn": "million",
    "bn": "billion",
    "b": "billion",
    "tn": "trillion",
    "trn": "trillion",
    "thousand": "thousand",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Not from a group of three digits after "digit,": the try from the list's first digit read it
# already. Tried from every group of `111,111,...`, a pattern read the rest of the list each time
# before failing: the square of its length (16,000 characters: 11 s; security review 2026-11-30).
_NOT_MID_GROUP = r"(?!(?<=\d,)\d{3}(?!\d))"


def _lexicon_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Whole words as printed, case-sensitive; a possessive ("Peskov's") counts, a longer word
    ("Peskovs", "Peskov-led") does not. The longest entry wins where two overlap."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ordered) + r")(?![\w-])")


def _apply_lexicon(text: str, lexicon: Mapping[str, str]) -> str:
    if not lexicon:
        return text
    return _lexicon_pattern(lexicon).sub(lambda m: lexicon[m.group(1)], text)


def reads_word(script: Script, words: Iterable[str]) -> bool:
    """Whether a pronunciation entry for any of `words` would change how the script is read:
    one of them appears in a sentence as printed, by the rule the lexicon is applied with (a
    sentence at a time, so a multi-word entry does not match across sentences)."""
    wanted = [w for w in words if w]
    if not wanted:
        return False
    patterns = [_lexicon_pattern([w]) for w in wanted]
    return any(
        pattern.search(sentence.text)
        for paragraph in script.paragraphs
        for sentence in paragraph.sentences
        for pattern in patterns
    )


def _currency(match: re.Match[str]) -> str:
    symbol, amount, scale = match.group("sym"), match.group("num"), match.group("scale")
    one, many, sub_one, sub_many = _CURRENCIES[symbol]
    if scale:
        return f"{decimal_words(amount)} {_SCALE_WORDS[scale.lower()]} {many}"
    whole, _, fraction = amount.replace(",", "").partition(".")
    if len(whole) > LONGEST_NUMBER_SAID:
        return f"{decimal_words(amount)} {many}"
    units = int(whole or "0")
    words = f"{number_words(units)} {one if units == 1 else many}"
    if len(fraction) == 2 and int(fraction):
        cents = int(fraction)
        words += f" {number_words(cents)} {sub_one if cents == 1 else sub_many}"
    elif fraction and len(fraction) != 2:
        return f"{decimal_words(amount)} {many}"
    return words


def _time(match: re.Match[str]) -> str:
    hour, minute, meridiem = int(match.group(1)), int(match.group(2)), match.group(3)
    if hour > 23 or minute > 59:
        return match.group(0)
    suffix = ""
    if meridiem:
        suffix = " a.m." if meridiem.lower().startswith("a") else " p.m."
    if minute == 0:
        if meridiem or hour <= 12:
            return f"{number_words(hour)}{' o clock' if not meridiem else ''}{suffix}"
        return f"{number_words(hour)} hundred"
    if minute < 10:
        return f"{number_words(hour)} oh {_ONES[minute]}{suffix}"
    return f"{number_words(hour)} {number_words(minute)}{suffix}"


def _date_day_month(match: re.Match[str]) -> str:
    day, month, year = int(match.group("day")), match.group("month"), match.group("year")
    said = f"the {ordinal_words(day)} of {month}"
    return said + (f" {year_words(int(year))}" if year else "")


def _date_month_day(match: re.Match[str]) -> str:
    month, day, year = match.group("month"), int(match.group("day")), match.group("year")
    said = f"{month} {ordinal_words(day)}"
    return said + (f", {year_words(int(year))}" if year else "")


def _iso_date(match: re.Match[str]) -> str:
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return match.group(0)
    return f"{_MONTHS[month - 1]} {ordinal_words(day)}, {year_words(year)}"


_MONTH_NAMES = "|".join(_MONTHS)
_RE_MONTH_ABBR = re.compile(r"\b(" + "|".join(_MONTH_ABBREVIATIONS) + r")\.(?=\s*\d)")
_RE_TITLE = re.compile(r"\b(" + "|".join(_TITLES) + r")\.(?=\s+[A-Z])")
# "St" / "St.": a fixed-length pattern; what it means is read from a bounded look at the words
# either side (`_saint_or_street`), so the pass is linear in the text's length.
_RE_ST = re.compile(r"\bSt\b\.?")
_ST_LOOK = 40  # characters looked at on each side of a "St"
# Capitalised at a sentence's start or as a place word, not the name of a street: "In St Ives",
# "The St Louis team", "Mount St. Helens", "Bury St Edmunds", "Mr. St John".
_NOT_A_STREET_NAME = (
    frozenset(
        "A An The This That These Those Its His Her Their Our My Your Both Each Every Some "
        "In At On Of To From By For And But Or Nor So Yet Near Outside Inside Into Onto Via With "
        "Without Like Unlike Beyond Behind Around Across Through Past Towards Toward Under Over "
        "After Before Since Until Along Opposite Beside Between Mount Port Fort Bury Lake Bay".split()
    )
    | frozenset(_TITLES)
    | frozenset(_TITLES.values())
)


# Names that follow "St" only as a saint's, in a place or club's name, so "St" before them is a
# saint even after a capitalised word ("Paris St Germain", "Merseyside St Helens"): none is a
# common first name or surname that could open the sentence after a street's "St.".
_SAINTS_PLACES = frozenset(
    "Germain Helens Ives Albans Pancras Petersburg Kitts Moritz Tropez Etienne Malo Mirren "
    "Johnstone Neots Austell Asaph Mawes Helier Gallen Gotthard Kilda Pauli Emilion Leonards "
    "Annes".split()
)
# Also a saint's, but a surname or first name too ("Downing St. Andrews said ..."): a saint's
# only after an "St" with no full stop, which cannot end a sentence.
_SAINTS_NAMES = frozenset("Andrews Edmunds Davids Lucia Louis Bees".split())
# A street's "St." before these does not end the sentence: the name goes on ("Wall St. Journal").
_STREET_NAME_GOES_ON = frozenset("Journal Station Market Bridge".split())


def _word_at(text: str) -> str:
    """The word `text` starts with: letters and apostrophes ("Paul's", "Germain")."""
    i = 0
    while i < len(text) and (text[i].isalpha() or text[i] in "'’"):
        i += 1
    return text[:i]


def _st_reading(text: str, start: int, end: int) -> str:
    """How "St" or "St." at text[start:end] is read: "Saint", "Street" or "Street." (a street's
    "St." that also ends the sentence). After a capitalised word (not a sentence's opening word
    such as "The", "In") a street: "Downing St.", "High St", "John St."; otherwise, before a
    capitalised name, a saint ("St. Paul's", "at St Pancras", "Leeds, St Andrews"); with no name
    after it, a street. A name only a saint has ("Paris St Germain"), or a possessive after an
    "St" with no full stop ("London's St Paul's"), makes it a saint after a capitalised word too.
    A street's full stop stays when a capital or the end follows (it ends the sentence too:
    "Downing St. The PM" reads "Downing Street. The PM"); a saint's goes. Looks at most
    _ST_LOOK characters either side."""
    dotted = text[end - 1 : end] == "."
    before = text[max(0, start - _ST_LOOK) : start]
    stem = before.rstrip()
    i = len(stem)
    while i > 0 and (stem[i - 1].isalnum() or stem[i - 1] in "'’"):
        i -= 1
    # the word just before, with only spaces between ("Leeds, St" and "left. St" have none)
    prev_word = stem[i:] if len(stem) < len(before) else ""
    after = text[end : end + _ST_LOOK]
    rest = after.lstrip()
    separated = len(rest) < len(after) or (not dotted and after[:1] == "-")
    if not dotted and after[:1] == "-":
        rest = after[1:]
    name_follows = separated and rest[:1].isupper()
    name = _word_at(rest) if name_follows else ""
    possessive = name.endswith(("'s", "’s", "'", "’"))
    bare_name = name.removesuffix("'s").removesuffix("’s").rstrip("'’")
    street_named = (
        prev_word[:1].isupper()
        and prev_word.removesuffix("'s").removesuffix("’s") not in _NOT_A_STREET_NAME
    )
    saints = bare_name in _SAINTS_PLACES or (
        not dotted and (possessive or bare_name in _SAINTS_NAMES)
    )
    if name_follows and (saints or not street_named):
        return "Saint"
    # a closing quotation mark or bracket after the full stop: the sentence ends there, if
    # nothing or a capital follows ('"We met on Main St." He left.')
    closed = after.lstrip("\"'”’)]")
    ends_after_closing = len(closed) < len(after) and (
        not closed.strip() or (closed[:1].isspace() and closed.lstrip()[:1].isupper())
    )
    if dotted and (
        (name_follows and bare_name not in _STREET_NAME_GOES_ON) or not rest or ends_after_closing
    ):
        return "Street."
    return "Street"


def _saint_or_street(match: re.Match[str]) -> str:
    return _st_reading(match.string, match.start(), match.end())


_RE_WORD_ABBR = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(a) for a in _WORD_ABBREVIATIONS) + r")(?!\w)"
)
_RE_DOTTED_INITIALISM = re.compile(r"\b((?:[A-Z]\.){2,})(?!\w)")
_RE_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RE_DAY_MONTH = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>"
    + _MONTH_NAMES
    + r")\b(?:,?\s+(?P<year>\d{4})\b)?"
)
_RE_MONTH_DAY = re.compile(
    r"\b(?P<month>"
    + _MONTH_NAMES
    + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!:)(?:,?\s+(?P<year>\d{4})\b)?"
)
_RE_TIME = re.compile(r"\b(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\.?)?(?!\w)", re.IGNORECASE)
# "9.30am", as British papers print it: a time only with its a.m./p.m. ("9.30" is a number)
_RE_DOT_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})\s*([ap])\.?m\.?(?!\w)", re.IGNORECASE)
_RE_HOUR_MERIDIEM = re.compile(r"\b(\d{1,2})\s*([ap])\.?m\.?(?!\w)", re.IGNORECASE)
_RE_CURRENCY = re.compile(
    r"(?P<sym>US\$|[$£€¥₽])\s?(?P<num>" + _NUMBER + r")"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|bn|mn|trn|tn|[kmb])\b)?"
)
# Tried only from the first digit of a number: from every digit, a run of digits with no '%'
# after it was read again to its end from each (4,000 digits: 0.6 s).
_RE_PERCENT = re.compile(
    r"(?<!\d)" + _NOT_MID_GROUP + "(" + _NUMBER + r")\s?(?:%|per ?cent\b|percent\b)"
)
_RE_ORDINAL = re.compile(r"\b(\d{1,15})(st|nd|rd|th)\b")  # LONGEST_NUMBER_SAID
_RE_DECADE = re.compile(r"\b(1\d|20)(\d)0s\b")
_RE_ROUND_THE_CLOCK = re.compile(r"(?<![\d/])24/7(?![\d/])")
# "2024/25": a season or financial year, read as a span
_RE_YEAR_SPAN = re.compile(r"(?<![\d/])(1[1-9]\d\d|20\d\d)/(\d\d)(?![\d/])")
# "0800 123 4567", "007": a leading zero means digits read one by one, zero as "oh"
_RE_LEADING_ZERO = re.compile(r"(?<![\d.,/])0\d+(?:\s\d{3,4})*(?![\d,]|\.\d)")
_UNITS = {
    "kg": ("kilogram", "kilograms"),
    "km": ("kilometre", "kilometres"),
    "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"),
    "mph": ("mile per hour", "miles per hour"),
    "km/h": ("kilometre per hour", "kilometres per hour"),
    "kmh": ("kilometre per hour", "kilometres per hour"),
    "kW": ("kilowatt", "kilowatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "mg": ("milligram", "milligrams"),
    "ml": ("millilitre", "millilitres"),
}
_RE_UNIT = re.compile(
    r"(?<![\w.])"
    + _NOT_MID_GROUP
    + "("
    + _NUMBER
    + r")\s?("
    + "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
    + r")(?![\w/])"
)
# Temperatures: "30C", "-5C", "1.5C", "86F", "20-25C", "20C-25C", "30°C", "86 °F", "30C/86F". A
# capital C or F straight after a number is a temperature unless a label word comes before it
# ("seat 14C", "Flat 3C", "Room 5F"), a size word after it ("34C bra") or a capitalised word
# after it ("5C Baker Street", an address). With a degree sign it is always one. "30c" (cents),
# "30 C" and a bare "30°" are left as printed.
_TEMPERATURE_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,6}(?:\.\d+)?"
_RE_TEMPERATURE = re.compile(
    r"(?<![\w.,°−-])(?<!\d/)"
    r"(?:(?P<low>" + _TEMPERATURE_NUMBER + r")(?:\s?°\s?[CF]|[CF])?\s?[-–]\s?)?"
    r"(?P<sign>(?:(?<=^)|(?<=[\s(]))[-−])?"
    r"(?P<num>" + _TEMPERATURE_NUMBER + r")"
    r"(?:\s?°\s?(?P<degree>[CF])|(?P<bare>[CF]))"
    r"(?![\w°-])(?P<slash>/(?=[-−]?\d[\d.,]*\s?°?[CF](?![\w-])))?"
)
_TEMPERATURE_LABELS = frozenset(
    "seat seats flat flats room rooms gate gates form platform block unit units bus route "
    "grade grades year apartment apt floor level row bay stand no no. number section category "
    "type class suite ward court building lot plot pier terminal locker box cell tier zone "
    "stage channel cabin berth desk door house studio wing hall pitch bed area exit junction "
    "stop car coach carriage size sizes model version series group band line lane stall "
    "office chamber window column page paragraph article schedule clause rule part chapter "
    "annex annexe appendix figure table item exhibit division cup".split()
)
_TEMPERATURE_SIZES = frozenset("bra bras cup cups bust chest".split())
_SCALE_NAMES = {"C": "Celsius", "F": "Fahrenheit"}


def _temperature(match: re.Match[str]) -> str:
    scale = match.group("degree") or match.group("bare")
    text, start, end = match.string, match.start(), match.end()
    if match.group("bare"):
        before = text[max(0, start - _ST_LOOK) : start].split()
        after = text[end : end + _ST_LOOK]
        following = after.split(None, 1)[0] if after[:1].isspace() and after.strip() else ""
        if (
            (before and before[-1].lower() in _TEMPERATURE_LABELS)
            or following.lower().rstrip(".,;:!?") in _TEMPERATURE_SIZES
            or following[:1].isupper()
        ):
            return match.group(0)
    number = match.group("num")
    unit = "degree" if number == "1" else "degrees"
    said = f"{decimal_words(number)} {unit} {_SCALE_NAMES[scale]}"
    if match.group("sign"):
        said = "minus " + said
    if match.group("low"):
        said = f"{decimal_words(match.group('low'))} to {said}"
    return said + (", " if match.group("slash") else "")


# Years before 1100 and after 2099, which _RE_YEAR leaves as counts: "1066" is "ten sixty-six"
# where the words around it make it a year: an era beside it ("AD 1066", "1066 AD", "2500 BC"),
# "the year" before it, an event after it ("the 1066 invasion") or, for 1010 to 1099, "in",
# "since", "until", "till" or "circa" before it with no noun after it ("in 1066, William", "in
# 1066 the Normans"; not "in 1066 cases", "one in 1024 homes"). Elsewhere a count, as printed
# without a comma ("1066 people", "a total of 1050", "by 1050 to 1080"); a span ("1066-1087")
# is read as before. Three-digit years need nothing: "AD 800" is "eight hundred" either way.
_RE_EARLY_YEAR = re.compile(
    r"(?<![\d,.])\b(10[1-9]\d|2[1-9]\d\d|[3-9]\d\d\d)(?![\d,.]\d)(?=\W|$|(?:AD|BCE?|CE)\b)"
)
_RE_ERA_AFTER = re.compile(r"\s?(?:AD|BC|BCE|CE)\b")
_RE_ERA_BEFORE = re.compile(r"\b(?:AD|CE)\s?$")
_RE_SPAN_AFTER = re.compile(r"\s?[-–]\s?\d")
_RE_SPAN_BEFORE = re.compile(r"\d\s?[-–]\s?$")
_YEAR_PREPOSITIONS = frozenset("in since until till circa c.".split())
# words that may follow a year after "in" ("in 1066 the Normans", "in 1066 and 1067"); any other
# lower-case word makes the number a count ("in 1066 cases")
_AFTER_A_YEAR = frozenset(
    "and or but nor the a an when while as after before until he she it they we i you there "
    "this that these those which who whose his her its their our was were is had has at on in "
    "during under with for by".split()
)
_YEAR_EVENTS = frozenset(
    "invasion invasions conquest battle battles election census charter treaty siege war wars "
    "rebellion revolt uprising crusade coronation earthquake eclipse flood famine plague "
    "massacre raid schism council synod survey landing victory defeat expedition voyage "
    "campaign murder assassination fire storm comet reform".split()
)


def _early_year(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[max(0, start - _ST_LOOK) : start]
    after = text[end : end + _ST_LOOK]
    year = int(match.group(1))
    if _RE_SPAN_AFTER.match(after) or _RE_SPAN_BEFORE.search(before):
        return match.group(0)
    if _RE_ERA_AFTER.match(after) or _RE_ERA_BEFORE.search(before):
        return year_words(year) + (" " if after[:1].isalpha() else "")  # "2500BC"
    if year >= 1100:
        return match.group(0)
    words = before.lower().split()
    following = _word_at(after.lstrip()) if after[:1].isspace() else ""
    if following.lower() in _YEAR_EVENTS or words[-2:] == ["the", "year"]:
        return year_words(year)
    counted = len(words) > 1 and (words[-2].isdigit() or words[-2] in _ONES)  # "one in 1024"
    if (
        words
        and words[-1] in _YEAR_PREPOSITIONS
        and not counted
        and not (following.islower() and following not in _AFTER_A_YEAR)
    ):
        return year_words(year)
    return match.group(0)


# Simple fractions: a proper fraction over 2, 3, 4 or 8 ("3/4", "1/2", "3/8"), alone or after a
# whole number ("2 1/2"), and the printed fraction signs ("2½", "¾"). Left as printed: a
# two-digit part ("12/03", "1/10": a date or not known), a slash before or after ("1/2/2024"),
# other denominators ("4/5" is as likely a rating, "7/7" and "9/11" are dates) and a fraction
# before a plural or "bedroom" ("2/3 bedrooms", "3/4 days": two or three, not a fraction).
_FRACTION_NAMES = {
    2: ("half", "halves"),
    3: ("third", "thirds"),
    4: ("quarter", "quarters"),
    5: ("fifth", "fifths"),
    6: ("sixth", "sixths"),
    8: ("eighth", "eighths"),
}
_FRACTION_SIGNS = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅖": (2, 5),
    "⅗": (3, 5),
    "⅘": (4, 5),
    "⅙": (1, 6),
    "⅚": (5, 6),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
# a word after a fraction that makes it "or" ("2/3 bedrooms"): a plural, or one of these
_NOT_PLURAL = frozenset("is was has as its this thus plus across versus us less unless".split())
_COUNTED_AFTER_OR = frozenset("bed bedroom storey seater star door".split())
_RE_FRACTION = re.compile(
    r"(?<![\w.,/])(?:(?P<whole>\d{1,3}) )?(?P<num>[1-7])/(?P<den>[2348])(?![\w/]|[.,]\d)"
)
_RE_FRACTION_SIGN = re.compile(
    r"(?<![\w.,/])(?:(?P<whole>\d{1,6}) ?)?(?P<sign>[" + "".join(_FRACTION_SIGNS) + r"])"
)


def _fraction_words(num: int, den: int, whole: str | None) -> str:
    one, many = _FRACTION_NAMES[den]
    if whole is not None:
        part = f"a {one}" if num == 1 else f"{number_words(num)} {many}"
        return f"{whole_words(whole)} and {part}"
    return f"{number_words(num)} {one if num == 1 else many}"


def _fraction(match: re.Match[str]) -> str:
    num, den = int(match.group("num")), int(match.group("den"))
    if num >= den:
        return match.group(0)
    if match.group("whole") is None:
        after = match.string[match.end() : match.end() + _ST_LOOK]
        following = _word_at(after.lstrip()) if after[:1].isspace() else ""
        if following in _COUNTED_AFTER_OR or (
            following.endswith("s") and following.islower() and following not in _NOT_PLURAL
        ):
            return match.group(0)
    return _fraction_words(num, den, match.group("whole"))


def _fraction_sign(match: re.Match[str]) -> str:
    num, den = _FRACTION_SIGNS[match.group("sign")]
    return _fraction_words(num, den, match.group("whole"))


# "-5C", "−3.5": a minus sign starting a number (not a hyphen inside a word or range)
_RE_MINUS = re.compile(r"(?:(?<=^)|(?<=[\s(]))[-−](?=\d)")
# a letter then digits, one word in print ("A1", "M25", "Q3", "COP26"): said apart
_RE_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=\d)")
_RE_RANGE = re.compile(r"\b(\d+)\s?[-–]\s?(\d+)\b")
# not before ",digit" (a thousands group: "1990,000") but before a comma ("In 1990, he")
_RE_YEAR = re.compile(r"(?<![\d,.])\b(1[1-9]\d\d|20\d\d)\b(?![\d,.]\d)")
_RE_NUMBER = re.compile(r"(?<![\d.])(" + _NUMBER + r")(?![\d])")
_RE_NUMBER_NO = re.compile(r"\bNo\.\s?(?=\d)")
_RE_URL = re.compile(r"\bhttps?://(?:www\.)?([^\s/]+)\S*")
_RE_QUOTES = re.compile(r"[\"“”«»„]|(?<!\w)['‘’]|['‘’](?!\w)")


def _decade(match: re.Match[str]) -> str:
    century, tens = int(match.group(1)), int(match.group(2))
    if century == 10 and tens == 0:  # "1000s": thousands, not a decade
        return match.group(0)
    if tens == 0:  # "the 1800s": the eighteen hundreds; "the 2000s": the two thousands
        return "two thousands" if century == 20 else f"{number_words(century)} hundreds"
    word = _TENS[tens] if tens > 1 else "ten"
    plural = word[:-1] + "ies" if word.endswith("y") else word + "s"
    if century == 20:
        return f"twenty {plural}"
    return f"{number_words(century)} {plural}"


def _unit(match: re.Match[str]) -> str:
    one, many = _UNITS[match.group(2)]
    return f"{decimal_words(match.group(1))} {one if match.group(1) == '1' else many}"


def _year_span(match: re.Match[str]) -> str:
    """A span of years: "2024/25" is "twenty twenty-four to twenty-five", "2000/01" ends "to
    oh one", "1999/00" ends "to two thousand"."""
    first, second = int(match.group(1)), int(match.group(2))
    if second == 0:
        then = year_words(first // 100 * 100 + 100)
    elif second < 10:
        then = f"oh {_ONES[second]}"
    else:
        then = number_words(second)
    return f"{year_words(first)} to {then}"


def _digits_one_by_one(match: re.Match[str]) -> str:
    return " ".join("oh" if d == "0" else _ONES[int(d)] for d in match.group(0) if d.isdigit())


def _number(match: re.Match[str]) -> str:
    """A number in words; letters straight after it ("5G", "3D", "5m") are said apart, but not
    a plural "s" ("the 60s": "sixtys", which the voice says as "sixties")."""
    words = decimal_words(match.group(1))
    rest = match.string[match.end() : match.end() + 2]
    if rest[:1].isalpha() and not (rest[:1] == "s" and not rest[1:2].isalnum()):
        words += " "
    return words


def speakable(text: str, lexicon: Mapping[str, str] | None = None) -> str:
    """Printed text -> what the voice should read. Order matters: specific patterns first."""
    s = _apply_lexicon(text, lexicon or {})
    s = s.replace("\u00a0", " ").replace("’", "'").replace("‘", "'")
    s = _RE_URL.sub(lambda m: m.group(1).replace(".", " dot "), s)
    s = _RE_NUMBER_NO.sub("number ", s)
    s = _RE_MONTH_ABBR.sub(lambda m: _MONTH_ABBREVIATIONS[m.group(1)], s)
    s = _RE_TITLE.sub(lambda m: _TITLES[m.group(1)], s)
    s = _RE_ST.sub(_saint_or_street, s)
    s = _RE_WORD_ABBR.sub(lambda m: _WORD_ABBREVIATIONS[m.group(1)], s)
    s = _RE_DOTTED_INITIALISM.sub(lambda m: m.group(1).replace(".", ""), s)
    s = _RE_ISO_DATE.sub(_iso_date, s)
    s = _RE_DAY_MONTH.sub(_date_day_month, s)
    s = _RE_MONTH_DAY.sub(_date_month_day, s)
    s = _RE_DOT_TIME.sub(_time, s)
    s = _RE_TIME.sub(_time, s)
    s = _RE_HOUR_MERIDIEM.sub(
        lambda m: f"{number_words(int(m.group(1)))} {m.group(2).lower()}.m.", s
    )
    s = _RE_CURRENCY.sub(_currency, s)
    s = _RE_PERCENT.sub(lambda m: f"{decimal_words(m.group(1))} percent", s)
    s = _RE_ORDINAL.sub(_ordinal, s)
    s = _RE_DECADE.sub(_decade, s)
    s = _RE_ROUND_THE_CLOCK.sub("twenty-four seven", s)
    s = _RE_YEAR_SPAN.sub(_year_span, s)
    s = _RE_LEADING_ZERO.sub(_digits_one_by_one, s)
    s = _RE_EARLY_YEAR.sub(_early_year, s)
    s = _RE_FRACTION.sub(_fraction, s)
    s = _RE_FRACTION_SIGN.sub(_fraction_sign, s)
    s = _RE_UNIT.sub(_unit, s)
    s = _RE_TEMPERATURE.sub(_temperature, s)
    s = _RE_LETTER_DIGIT.sub(" ", s)
    s = _RE_MINUS.sub("minus ", s)
    s = _RE_RANGE.sub(
        lambda m: (
            f"{year_words(int(m.group(1)))} to {year_words(int(m.group(2)))}"
            if _RE_YEAR.fullmatch(m.group(1)) and _RE_YEAR.fullmatch(m.group(2))
            else f"{m.group(1)} to {m.group(2)}"
        ),
        s,
    )
    s = _RE_YEAR.sub(lambda m: year_words(int(m.group(1))), s)
    s = _RE_NUMBER.sub(_number, s)
    s = _RE_QUOTES.sub("", s)
    s = re.sub(r"(?<=[A-Za-z])-(?=[A-Z])", " ", s)  # US-Russia: two names, said as two
    s = re.sub(r"\s*[—–]\s*|\s+-\s+", ", ", s)
    s = s.replace("…", ",").replace("&", " and ")
    s = re.sub(r"[()\[\]]", ", ", s)
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = re.sub(r",(\s*,)+", ",", s)
    s = re.sub(r"([.;:!?]),", r"\1", s)
    s = re.sub(r"\s{2,}", " ", s).strip()
    s = re.sub(r"^[,\s]+", "", s)
    return s


# --------------------------------------------------------------------------------------------
# Article -> script
# --------------------------------------------------------------------------------------------
def _paragraph(
    target: str,
    kind: str,
    text: str,
    lexicon: Mapping[str, str],
    pause_before: float = 0.0,
    end_with_stop: bool = False,
) -> Paragraph | None:
    sentences: list[Sentence] = []
    for start, end in split_sentences(text):
        printed = text[start:end]
        spoken = speakable(printed, lexicon)
        if not re.search(r"\w", spoken):
            continue
        if end_with_stop and spoken[-1] not in ".!?":
            # Headlines and sub-headings have no full stop; one makes the voice fall and pause.
            spoken += "."
        sentences.append(Sentence(printed, spoken, start, end))
    if not sentences:
        return None
    return Paragraph(target, kind, tuple(sentences), pause_before, PAUSE_AFTER[kind])


def build_script(
    headline: str,
    standfirst: str,
    blocks: Iterable[BlockLike],
    lexicon: Mapping[str, str] | None = None,
) -> Script:
    """The script of an article: headline, standfirst, then the body in order."""
    lex = dict(lexicon or {})
    paragraphs: list[Paragraph | None] = [
        _paragraph("headline", "headline", headline.strip(), lex, end_with_stop=True),
        _paragraph("standfirst", "standfirst", standfirst.strip(), lex),
    ]
    for index, block in enumerate(blocks):
        target = f"body/{index}"
        if block.kind == "heading":
            paragraphs.append(
                _paragraph(
                    target, "heading", block.text, lex, PAUSE_BEFORE_HEADING, end_with_stop=True
                )
            )
        elif block.kind == "quote":
            paragraphs.append(_paragraph(target, "quote", block.text, lex))
            if block.attribution:
                said = _paragraph(
                    f"{target}/attribution", "quote", block.attribution, lex, end_with_stop=True
                )
                if said is not None:
                    first = said.sentences[0]
                    lead = Sentence(
                        first.text, f"Quote from {first.spoken}", first.start, first.end
                    )
                    said = Paragraph(
                        said.target,
                        said.kind,
                        (lead, *said.sentences[1:]),
                        said.pause_before,
                        said.pause_after,
                    )
                paragraphs.append(said)
        else:
            paragraphs.append(_paragraph(target, "paragraph", block.text, lex))
    return Script(tuple(p for p in paragraphs if p is not None))


def script_from_text(text: str, lexicon: Mapping[str, str] | None = None) -> Script:
    """A plain text file (paragraphs separated by blank lines) as a script (`masthead speak`)."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if c.strip()]
    paragraphs = [
        _paragraph(f"text/{i}", "text", " ".join(chunk.split()), dict(lexicon or {}))
        for i, chunk in enumerate(chunks)
    ]
    return Script(tuple(p for p in paragraphs if p is not None))


def sentence_texts(paragraph: Paragraph) -> Sequence[str]:
    return [sentence.spoken for sentence in paragraph.sentences]
