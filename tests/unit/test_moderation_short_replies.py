"""Short replies (training/moderation/short_replies.py) are an abuse set of the project's own:
split train / dev by a hash of the text, never test, with no near-copy of the functional suite's
short-reply batch (or any of its sentences) left in training; and the shipped abuse model
publishes short civil replies that the model before the set held as insults. Training code and
the shipped weights; no model is trained here."""

from __future__ import annotations

import pytest

from training.moderation import short_replies
from training.moderation.datasets import (
    ABUSE_WRITTEN,
    OPTIONAL_WRITTEN,
    SETS,
    decontaminated,
    functional_sentences,
    text_key,
    word_set,
    written_rows,
)
from training.moderation.functional_suite import SHORT_ABUSIVE, SHORT_CIVIL

BATCHES = ((0, short_replies.SHORT_CIVIL), (1, short_replies.SHORT_ABUSIVE))


def test_short_replies_are_an_abuse_set_of_the_projects_own_that_the_shipped_model_learns_from():
    assert SETS["short_replies"].task == "abuse"
    assert SETS["short_replies"].licence == "project's own"
    assert "short_replies" in OPTIONAL_WRITTEN
    assert "short_replies" in ABUSE_WRITTEN


def test_short_replies_are_split_train_and_dev_by_text_and_never_test():
    rows = list(written_rows("short_replies", BATCHES, []))
    assert {r.split for r in rows} == {"train", "dev"}
    assert 0.05 < sum(r.split == "dev" for r in rows) / len(rows) < 0.15
    # the split follows the text, not its position in the list
    again = list(written_rows("short_replies", ((0, short_replies.SHORT_CIVIL[::-1]),), []))
    by_text = {r.text: r.split for r in rows}
    assert all(by_text[r.text] == r.split for r in again)


def test_short_replies_are_one_to_six_words_and_no_text_has_both_labels():
    for text in short_replies.SHORT_CIVIL + short_replies.SHORT_ABUSIVE:
        assert 1 <= len(text.split()) <= 6, text
    civil = {text_key(t) for t in short_replies.SHORT_CIVIL}
    abusive = {text_key(t) for t in short_replies.SHORT_ABUSIVE}
    assert civil & abusive == set()


def test_no_training_short_reply_nearly_copies_the_functional_short_reply_batch():
    suite = functional_sentences()
    assert set(SHORT_CIVIL) <= set(suite) and set(SHORT_ABUSIVE) <= set(suite)
    rows = list(written_rows("short_replies", BATCHES, suite))
    checked = [word_set(t) for t in SHORT_CIVIL + SHORT_ABUSIVE]
    for r in rows:
        words = word_set(r.text)
        assert all(len(words & c) < 0.4 * len(words | c) for c in checked if words | c), r.text
    keys = {text_key(t) for t in SHORT_CIVIL + SHORT_ABUSIVE} - {""}
    assert not keys & {text_key(r.text) for r in rows}
    # the rule itself: a near-copy written into the set is left out
    assert decontaminated(["Nonsense on stilts, really."], suite) == []


# Held as abusive (and named insults) by abuse-tfidf-shipped-20261129-0cb0794c, threshold 0.2216:
# "No." 0.253, "lol" 0.504, "Wow." 0.246, "Shame." 0.498, "Nonsense." 0.811, "Rubbish." 0.969.
# "Shame." is left out since abuse-tfidf-shipped-20261130-f0b49e25 (NB weighting): 0.252 at its
# threshold 0.2326 (0.246 at 0.2308 with ...-08ee352e), a trade made for the news comments
# (docs/moderation.md).
@pytest.mark.parametrize(
    "text", ["No.", "NO.", "no", "lol", "Wow.", "Nonsense.", "Rubbish.", "Meh."]
)
def test_a_one_word_civil_reply_is_not_held_as_abusive(abuse, threshold, text):
    assert abuse.score(text).abusive < threshold


@pytest.mark.parametrize("text", ["No, you idiot.", "lol what a loser", "Shut up, clown."])
def test_a_short_reply_that_attacks_a_person_is_still_held(abuse, threshold, text):
    assert abuse.score(text).abusive >= threshold


def test_most_short_replies_of_the_functional_suite_are_judged_right(abuse, threshold):
    held = [t for t in SHORT_CIVIL if abuse.score(t).abusive >= threshold]
    published = [t for t in SHORT_ABUSIVE if abuse.score(t).abusive < threshold]
    # 9 of 43 with abuse-tfidf-shipped-20261129-0cb0794c, 4 with 3e43f93b, 5 with f0b49e25 and
    # 08ee352e
    assert len(held) <= 5, held
    assert len(published) <= 6, published
