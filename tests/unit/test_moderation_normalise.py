import random
import re
import unicodedata

import pytest

from masthead.moderation.core import normalise as N
from masthead.moderation.core.normalise import normalise, unmask

LEXICON = ("fuck", "idiot", "stupid", "asshole", "shit")


@pytest.mark.parametrize(
    ("disguised", "plain"),
    [
        ("1d10t", "idiot"),
        ("sh!t", "shit"),
        ("f*ck", "fuck"),
        ("a**hole", "asshole"),
        ("s t u p i d", "stupid"),
        ("i.d.i.o.t", "idiot"),
        ("ѕtupid", "stupid"),  # Cyrillic s
        ("IDIOT", "idiot"),
    ],
)
def test_disguised_words_are_undone(disguised, plain):
    assert normalise(f"you {disguised} person", LEXICON) == f"you {plain} person"


def test_stretched_letters_are_shortened():
    assert normalise("stuuuuupid") == "stuupid"


def test_numbers_and_punctuation_in_ordinary_text_survive():
    assert (
        normalise("The 2nd bridge cost $40m in the 1990s!")
        == "the 2nd bridge cost $40m in the 1990s!"
    )


def test_links_and_mentions_become_placeholders():
    assert normalise("@JohnSmith see https://x.org/a") == "xxuser see xxurl"


def test_unmask_needs_one_fitting_word():
    assert unmask("f*ck", LEXICON) == "fuck"
    assert unmask("b*rd", LEXICON) == "b*rd"


def test_the_lexicon_changes_only_masked_words_and_each_lexicon_gets_its_own_result():
    # Results are remembered per text; a text normalised without a lexicon, or with another
    # one, must not hand its result to a call whose lexicon unmasks a word.
    assert normalise("you f*ck") == "you f*ck"
    assert normalise("you f*ck", ("feck",)) == "you feck"
    assert normalise("you f*ck", LEXICON) == "you fuck"
    # Without a mask character the lexicon changes nothing (the spam and abuse models share it).
    assert normalise("you 1d10t", LEXICON) == normalise("you 1d10t") == "you idiot"


def test_a_full_width_asterisk_masks_a_word_too():
    # NFKC turns "＊" into "*" before the lexicon is consulted.
    assert normalise("you f＊ck", LEXICON) == "you fuck"


# The normalisation as it was written before its shortcuts (ASCII text skips NFKC, the
# look-alikes and the accents; only words mixing letters with digits or symbols are substituted;
# the link and mention patterns run only on text that could hold one): the same results.
def earlier_unleet_word(match):
    word = match.group(0)
    core = word.rstrip("!|+")
    tail = word[len(core) :]
    word = core
    letters = sum(ch.isalpha() for ch in word)
    others = len(word) - letters
    if others == 0 or letters < 2 or others > letters + 1 or word.isdigit():
        return word + tail
    if re.fullmatch(r"\d+(?:st|nd|rd|th|s|m|k|pm|am|bn)", word):
        return word + tail
    return word.translate(N.LEET_MAP) + tail


def earlier_normalise(text, lexicon=()):
    text = unicodedata.normalize("NFKC", text).translate(N.CONFUSABLES)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    text = N.URL_RE.sub(" xxurl ", text)
    text = N.MENTION_RE.sub(" xxuser ", text)
    text = N.SPACED_RE.sub(lambda m: re.sub(r"[ ._\-]", "", m.group(0)), text)
    text = N.STRETCH_RE.sub(r"\1\1", text)
    lexicon = tuple(lexicon)
    if lexicon and not any(ch in text for ch in "*#%"):
        lexicon = ()
    if lexicon:
        text = N.MASKED_RE.sub(lambda m: unmask(m.group(0), lexicon), text)
    text = N.LEET_WORD_RE.sub(earlier_unleet_word, text)
    return " ".join(text.split())


ODD_TEXTS = [
    "",
    "plain words only",
    "The 2nd bridge cost $40m in the 1990s! C++ and C# too!!",
    "you 1d10t, sh!t, @ss, $h1t|, l0s3r+, 4ll 0f th3m, 2nd 3rd 10pm 5bn 1990s",
    "!!!a!! +a+ |a| a!b!c 12ab34 ab12 a1 1a 11a1 @@@ $$$",
    "f*ck a**hole f#ck y%u d*mn f***",
    "s t u p i d, i.d.i.o.t, s-t-u-p-i-d, s_t_u_p_i_d, stuuuupid!!!!",
    "visit www.example.com, HTTP://LOCALHOST/x, spam.RU, a.io, x.top/path and @someone @ab",
    "Ünïcödé wörds, naïve café, ｆｕｌｌ ｗｉｄｔｈ, уоu аrе а mоrоn, ſtupid, ıdiot.ıo, K",
    "emoji 😂😂😂 and 東京 and تم بیوقوف ہو",
]


def random_odd_text(rng):
    alphabet = "ab xz09157@$!|+.-_*#%:/wéſıKА\n"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


@pytest.mark.parametrize("lexicon", [(), LEXICON])
def test_the_shortcuts_give_what_the_full_normalisation_gives(lexicon):
    rng = random.Random(11)
    texts = ODD_TEXTS + [random_odd_text(rng) for _ in range(3000)]
    texts += ["www.a.com " + t for t in texts[:200]] + ["@user " + t for t in texts[:200]]
    for text in texts:
        N.clear_cache()
        assert normalise(text, lexicon) == earlier_normalise(text, lexicon), text


def test_only_words_mixing_letters_and_symbols_are_substituted_as_before():
    rng = random.Random(5)
    alphabet = "ab zx0159@$!|+.-_'é*#%\n"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        expected = N.LEET_WORD_RE.sub(earlier_unleet_word, text)
        assert N.LEET_MIXED_RE.sub(N._unleet_word, text) == expected, text
