"""How the workspace shows the threat model's score (masthead/dashboard/present.py)."""

from masthead.dashboard import present


def test_the_threat_of_violence_score_is_a_probability_of_its_own_not_times_the_abuse_score():
    found = dict(present.probabilities({"abuse": 0.05, "threat": 0.5, "threat_of_violence": 0.9}))
    assert found["threat_of_violence"] == 0.9
    assert found["threat"] == 0.025  # a kind: times the abuse score
    assert present.SCORE_NAMES["threat_of_violence"] == "threat of violence"


def test_a_comment_held_as_another_language_shows_no_threat_score():
    found = dict(
        present.probabilities({"threat_of_violence": 0.9, "spam": 0.1}, ["other_language"])
    )
    assert "threat_of_violence" not in found and "spam" in found


def test_the_threatening_sentence_is_highlighted_and_escaped():
    text = "Nice story. <b>Watch</b> your back."
    html = present.highlight(text, [{"start": 12, "end": len(text), "reason": "threat"}])
    assert "<mark" in html and "&lt;b&gt;Watch&lt;/b&gt; your back." in html
    assert "<b>" not in html
