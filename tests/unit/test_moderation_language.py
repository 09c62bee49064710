"""Comments in languages the models were not trained on: detected conservatively, held with
their own reason, and never told they "read as abusive"."""

from __future__ import annotations

import io
import json

import pytest

from masthead.moderation.core import cli
from masthead.moderation.core.classifiers.fake import fake_classifiers
from masthead.moderation.core.language import NAMES, detect
from masthead.moderation.core.phases import language
from masthead.moderation.core.pipeline import moderate
from masthead.moderation.core.types import REASONS, Policy
from tests.unit.moderation_helpers import submission

FAKES = fake_classifiers()

# Written for these tests: everyday comments under a news story, one per language.
OTHER = {
    "de": "Ich finde es gut, dass die Stadt endlich eine neue Brücke baut, aber sie ist viel zu teuer.",
    "fr": "Je ne comprends pas pourquoi le conseil a voté pour ce pont, il est beaucoup trop cher.",
    "es": "No entiendo por qué el ayuntamiento quiere construir este puente, es muy caro para todos.",
    "it": "Non capisco perché il comune vuole costruire questo ponte, è molto caro per tutti noi.",
    "pt": "Eu não entendo porque a câmara quer construir essa ponte, é muito cara para nós.",
    "nl": "Ik begrijp niet waarom de gemeente deze brug wil bouwen, het is veel te duur voor ons.",
    "sv": "Jag förstår inte varför kommunen vill bygga den här bron, det är mycket dyrt för oss.",
    "da_no": "Jeg forstår ikke hvorfor kommunen vil bygge den bro, det er meget dyrt og ikke nødvendigt.",
    "pl": "Nie rozumiem, dlaczego miasto chce budować ten most, to jest bardzo drogie dla nas.",
    "tr": "Belediyenin bu köprüyü neden yapmak istediğini anlamıyorum, bu çok pahalı bir şey ve gereksiz.",
    "id_ms": "Saya tidak mengerti kenapa kota ingin membangun jembatan ini, itu sangat mahal untuk kami.",
    "script": "Я не понимаю, зачем городу этот мост, он слишком дорогой для всех нас.",
}

ENGLISH = [
    "The bridge is long overdue, the ferry has been unreliable for years.",
    "Exactly this.",
    "Source?",
    "Who is paying for this? The budget was already stretched.",
    "Keep 'em guessing, that is what the council does best.",
    "Yo yo yo, what's up with this bridge?",
    "Die-hard fans of the old ferry will miss it, but the bridge will serve more people.",
    "The mayor said the plan was 'la crème de la crème' of urban design. Not convinced.",
]

# Urdu and Hindi in Latin letters are read by the abuse model: never "other language".
ROMAN_URDU_HINGLISH = [
    "Yeh pul bohat zaroori tha, shukar hai ke ab ban raha hai",
    "Ye log kabhi nahi sudhrenge, sab ke sab chor hain aur kuch nahi",
    "Main to kehta hoon ke ye paisa school pe lagna chahiye tha na ke pul pe",
    "Bhai ye kya bakwas hai, sarkar ko kuch samajh nahi aata kya",
]


@pytest.mark.parametrize("lang", sorted(OTHER))
def test_a_comment_clearly_in_another_language_is_recognised(lang):
    guess = detect(OTHER[lang])
    assert guess.other and guess.language == lang
    assert guess.name == NAMES[lang]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_comments_short_ones_and_borrowed_phrases_included_are_never_other(text):
    assert not detect(text).other


@pytest.mark.parametrize("text", ROMAN_URDU_HINGLISH)
def test_urdu_and_hindi_in_latin_letters_are_not_other_languages(text):
    assert not detect(text).other


def test_short_foreign_comments_are_left_to_the_models():
    # Four words: too few to be sure of anything.
    assert detect("Das ist nicht gut").language is None


def test_a_mixed_comment_with_as_much_english_is_not_other():
    text = "I think the bridge is good and the ferry was bad. Die Brücke ist gut und nicht teuer."
    assert not detect(text).other


def test_non_latin_script_needs_enough_letters():
    assert detect("Спасибо!").language is None
    assert detect(OTHER["script"]).language == "script"


def test_fullwidth_latin_letters_count_as_latin():
    assert not detect(
        "ＤＡＭＮ ＴＨＩＳ ＣＯＭＭＥＮＴ ＩＳ ＦＡＮＣＹ and the bridge is great"
    ).other


def test_the_phase_holds_another_language_with_its_own_reason():
    result = language.check(submission(OTHER["de"]), Policy(), FAKES)
    assert result.decision == "hold" and result.reasons == ("other_language",)
    assert not result.hard and not result.final
    assert "other_language" in REASONS


def test_the_phase_says_nothing_about_english():
    assert language.check(submission(ENGLISH[0]), Policy(), FAKES).decision is None


def test_a_site_can_switch_the_language_hold_off():
    policy = Policy(hold_other_languages=False)
    assert language.check(submission(OTHER["fr"]), policy, FAKES).decision is None


def test_the_verdict_drops_what_the_models_read_into_a_language_they_cannot_read():
    # "idiot" makes the fake abuse model say abusive; the text shares no word with the article,
    # so the fake topic model says off-topic. Neither is told to the author of a German comment.
    text = "Ich finde es nicht gut, dass der Idiot immer noch hier ist und nichts macht."
    verdict = moderate(submission(text), Policy(), FAKES)
    assert verdict.decision == "hold"
    assert verdict.reasons == ("other_language",)
    assert verdict.scores["abuse"] == 0.95  # still scored and recorded
    assert not verdict.spans


def test_rule_reasons_stay_beside_other_language():
    text = "Das ist eine Werbung und nicht gut, aber ich will es trotzdem sagen: click here"
    verdict = moderate(submission(text), Policy(banned_words_hold=("werbung",)), FAKES)
    assert "other_language" in verdict.reasons and "banned_word" in verdict.reasons


def test_other_language_is_not_a_hard_rule_in_shadow_mode():
    verdict = moderate(submission(OTHER["es"]), Policy(shadow=True), FAKES)
    assert verdict.decision == "publish"
    assert verdict.shadow_decision == "hold"
    assert verdict.reasons == ("other_language",)


def test_the_batch_cli_reports_other_language_with_the_scores():
    article = {"headline": "Council approves bridge", "standfirst": "", "body": ""}
    lines = [
        json.dumps({"id": "de", "text": OTHER["de"], "article": article, "parent": None}),
        json.dumps({"id": "en", "text": ENGLISH[0], "article": article, "parent": None}),
    ]
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(io.StringIO("\n".join(lines) + "\n"), out, err, Policy(), fake_classifiers)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert code == 0 and err.getvalue() == ""
    assert rows[0]["decision"] == "hold" and rows[0]["reasons"] == ["other_language"]
    assert 0 <= rows[0]["abuse"] <= 1 and 0 <= rows[0]["off_topic"] <= 1
    assert rows[1]["decision"] == "publish"


def test_roman_urdu_and_punjabi_particles_do_not_count_as_portuguese_or_dutch():
    # "na" and "nu" are Portuguese and Dutch words too; in these comments they are not.
    assert not detect("bar bar na na na karke kon aya piche piche").other
    assert not detect("oye tusi nu ki pata, sanu nu vi dasso ke ki hoya si").other


def test_english_in_styled_unicode_letters_is_english_not_another_script():
    # Mathematical italic letters, used for emphasis on social media.
    text = "I totally agree, 𝘵𝘩𝘪𝘴 𝘪𝘴 𝘵𝘩𝘦 𝘱𝘰𝘪𝘯𝘵 𝘰𝘧 𝘵𝘩𝘦 𝘸𝘩𝘰𝘭𝘦 𝘢𝘳𝘵𝘪𝘤𝘭𝘦"
    assert detect(text).language == "en"


def test_name_particles_before_capitals_do_not_make_english_dutch():
    text = (
        "Indeed, van de Kamp, de Jong, van den Berg, de Vries, van Dijk and de Boer are Dutch names"
    )
    assert not detect(text).other
    # German nouns are capitalised: "der Bundestag" still counts as German
    assert detect("Die Regierung hat beschlossen, aber der Bundestag muss noch zustimmen.").other


def test_ascii_text_has_the_same_words_by_its_simpler_pattern():
    import random

    from masthead.moderation.core.language import ASCII_WORD_RE, WORD_RE

    rng = random.Random(2)
    alphabet = "aZq '_-09.\n\t"  # ASCII only
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert ASCII_WORD_RE.findall(text) == WORD_RE.findall(text), text
