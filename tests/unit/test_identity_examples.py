"""Shape checks for the project-written identity hate and civil training comments."""

from training.moderation.identity_examples import IDENTITY_CIVIL, IDENTITY_HATE


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def test_each_list_holds_at_least_four_hundred_comments():
    assert len(IDENTITY_HATE) >= 400
    assert len(IDENTITY_CIVIL) >= 400


def test_no_comment_repeats_within_a_list_ignoring_case_and_spacing():
    for name, comments in (("IDENTITY_HATE", IDENTITY_HATE), ("IDENTITY_CIVIL", IDENTITY_CIVIL)):
        seen: dict[str, str] = {}
        repeats = []
        for comment in comments:
            key = _normalised(comment)
            if key in seen:
                repeats.append(comment)
            seen[key] = comment
        assert repeats == [], f"{name} repeats: {repeats}"


def test_no_comment_appears_in_both_lists_ignoring_case_and_spacing():
    hate = {_normalised(comment) for comment in IDENTITY_HATE}
    civil = {_normalised(comment) for comment in IDENTITY_CIVIL}
    assert hate & civil == set()


def test_every_comment_is_a_non_empty_string_under_six_hundred_characters():
    for comment in IDENTITY_HATE + IDENTITY_CIVIL:
        assert isinstance(comment, str)
        assert comment.strip() != ""
        assert len(comment) < 600
