"""The project-written news-register training lists are large, distinct and well-formed."""

from training.moderation.news_register_examples import CIVIL_HEATED, TOXIC_MILD

LISTS = {"CIVIL_HEATED": CIVIL_HEATED, "TOXIC_MILD": TOXIC_MILD}


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def test_each_list_holds_at_least_400_comments() -> None:
    for name, comments in LISTS.items():
        assert len(comments) >= 400, (name, len(comments))


def test_every_entry_is_a_non_empty_string_under_600_characters() -> None:
    for name, comments in LISTS.items():
        for comment in comments:
            assert isinstance(comment, str), (name, comment)
            assert comment.strip(), name
            assert len(comment) < 600, (name, comment)


def test_no_comment_repeats_within_a_list_ignoring_case_and_spacing() -> None:
    for name, comments in LISTS.items():
        keys = [_key(comment) for comment in comments]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        assert not repeated, (name, repeated)


def test_no_comment_appears_in_both_lists_ignoring_case_and_spacing() -> None:
    shared = {_key(c) for c in CIVIL_HEATED} & {_key(t) for t in TOXIC_MILD}
    assert not shared, sorted(shared)
