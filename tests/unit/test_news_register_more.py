"""The second writer's news-register training lists are large, distinct, well-formed and new."""

from training.moderation.news_register_examples import CIVIL_HEATED, TOXIC_MILD
from training.moderation.news_register_more import CIVIL_HEATED_MORE, TOXIC_MILD_MORE

LISTS = {"CIVIL_HEATED_MORE": CIVIL_HEATED_MORE, "TOXIC_MILD_MORE": TOXIC_MILD_MORE}


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def test_each_list_holds_at_least_450_comments() -> None:
    for name, comments in LISTS.items():
        assert len(comments) >= 450, (name, len(comments))


def test_every_entry_is_a_non_empty_string_under_1000_characters() -> None:
    for name, comments in LISTS.items():
        for comment in comments:
            assert isinstance(comment, str), (name, comment)
            assert comment.strip(), name
            assert len(comment) < 1000, (name, comment)


def test_no_comment_repeats_within_a_list_ignoring_case_and_spacing() -> None:
    for name, comments in LISTS.items():
        keys = [_key(comment) for comment in comments]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        assert not repeated, (name, repeated)


def test_no_comment_appears_in_both_new_lists_ignoring_case_and_spacing() -> None:
    shared = {_key(c) for c in CIVIL_HEATED_MORE} & {_key(t) for t in TOXIC_MILD_MORE}
    assert not shared, sorted(shared)


def test_no_comment_repeats_an_entry_of_the_first_batch_ignoring_case_and_spacing() -> None:
    first = {_key(c) for c in CIVIL_HEATED} | {_key(t) for t in TOXIC_MILD}
    second = {_key(c) for c in CIVIL_HEATED_MORE} | {_key(t) for t in TOXIC_MILD_MORE}
    assert not first & second, sorted(first & second)
