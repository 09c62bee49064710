"""The identity-attitude batches written for the project (identity_attitudes.py,
identity_attitudes_more.py) are one abuse training set, `identity_attitudes`: each text has one
label, and no sentence nearly copies the functional suite's attitude check (ATTITUDE_CIVIL /
ATTITUDE_HATE), which measures what the batch taught. Training code; no model is trained here."""

from __future__ import annotations

import functools

from training.moderation import functional_suite as fs
from training.moderation import identity_attitudes as a
from training.moderation import identity_attitudes_more as b
from training.moderation.datasets import OPTIONAL_WRITTEN, SETS, Row, _rows, decontaminated

CIVIL = [*a.ATTITUDE_CIVIL, *b.ATTITUDE_CIVIL_MORE]
HATE = [*a.ATTITUDE_HATE, *b.ATTITUDE_HATE_MORE]


@functools.cache
def attitude_rows() -> tuple[Row, ...]:
    """The set's rows as the training data yields them; the written batches come before the
    data files, so this stops before reading any of them."""
    rows: list[Row] = []
    for r in _rows():
        if r.dataset == "identity_attitudes":
            rows.append(r)
        elif rows:
            break
    return tuple(rows)


def test_each_attitude_sentence_has_one_label_and_appears_once():
    lowered = [t.lower() for t in [*CIVIL, *HATE]]
    assert len(lowered) == len(set(lowered))
    assert len(CIVIL) >= 500 and len(HATE) >= 400


def test_the_attitude_batch_is_an_optional_written_set_split_train_and_dev():
    assert "identity_attitudes" in OPTIONAL_WRITTEN
    assert SETS["identity_attitudes"].shipped and SETS["identity_attitudes"].task == "abuse"
    rows = attitude_rows()
    assert {r.split for r in rows} == {"train", "dev"}
    assert {r.label for r in rows if r.text in HATE} == {1}
    assert {r.label for r in rows if r.text in CIVIL} == {0}


def test_no_training_row_nearly_copies_a_sentence_of_the_attitude_check():
    check = [*fs.ATTITUDE_CIVIL, *fs.ATTITUDE_HATE]
    texts = {r.text for r in attitude_rows()}
    assert texts and decontaminated(sorted(texts), check) == sorted(texts)
    # and the cleaning did take sentences out: short hateful generalisations collide often
    assert len(texts) < len(CIVIL) + len(HATE)
