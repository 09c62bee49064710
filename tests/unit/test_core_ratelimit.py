import pytest

from masthead.core.ratelimit import hit, parse_rate


def test_parse_rate_reads_count_and_window():
    assert parse_rate("5/60") == (5, 60)


@pytest.mark.parametrize("bad", ["5", "a/b", "0/60", "5/0", "5/60/1"])
def test_parse_rate_rejects_malformed_rates(bad):
    with pytest.raises(ValueError, match="rate"):
        parse_rate(bad)


def test_hit_allows_up_to_the_limit_then_says_when_to_retry():
    decisions = [hit("unit:reader:1", "3/60", now=1000.0) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].retry_after == 20  # window 960..1020


def test_hit_starts_a_fresh_window():
    for _ in range(3):
        hit("unit:reader:2", "3/60", now=1000.0)
    assert hit("unit:reader:2", "3/60", now=1021.0).allowed
