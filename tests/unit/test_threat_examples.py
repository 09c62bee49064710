from training.moderation.threat_examples import CIVIL_VIOLENT_TRAIN, THREAT_TRAIN


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def test_both_training_lists_hold_at_least_300_sentences():
    assert len(THREAT_TRAIN) >= 300
    assert len(CIVIL_VIOLENT_TRAIN) >= 300


def test_no_sentence_repeats_within_or_across_the_lists_ignoring_case_and_spaces():
    for entries in (THREAT_TRAIN, CIVIL_VIOLENT_TRAIN):
        keys = [_key(text) for text in entries]
        assert len(keys) == len(set(keys))
    overlap = {_key(t) for t in THREAT_TRAIN} & {_key(t) for t in CIVIL_VIOLENT_TRAIN}
    assert overlap == set()


def test_every_entry_is_a_non_empty_string_under_400_characters():
    for text in THREAT_TRAIN + CIVIL_VIOLENT_TRAIN:
        assert isinstance(text, str)
        assert text.strip()
        assert len(text) < 400
