from kg.dates import find_dates, parse_published
from kg.model import PartialDate


def test_day_month_without_year_stays_open() -> None:
    [found] = find_dates("in Qingdao, Shandong Province, on August 9.")
    assert (found.year, found.month, found.day) == (None, 8, 9)
    assert found.resolve(None, "published") is None
    assert found.resolve(2022, "text-anniversary") == PartialDate(2022, 8, 9, "text-anniversary")


def test_full_dates_in_both_orders() -> None:
    texts = ["On July 24, 2016 local time", "held on 14 April 2020.", "2018-06-14 16:38:17"]
    found = [find_dates(t)[0] for t in texts]
    assert [(f.year, f.month, f.day) for f in found] == [
        (2016, 7, 24),
        (2020, 4, 14),
        (2018, 6, 14),
    ]


def test_month_year_and_abbreviated_month() -> None:
    assert [(f.year, f.month, f.day) for f in find_dates("in September 2008 and Nov. 17")] == [
        (2008, 9, None),
        (None, 11, 17),
    ]


def test_impossible_day_is_not_a_date() -> None:
    assert find_dates("February 30")[0].resolve(2022, "published") is None


def test_published_metadata_forms() -> None:
    assert parse_published("2020-08-26") == PartialDate(2020, 8, 26)
    assert parse_published("August 2, 2018") == PartialDate(2018, 8, 2)
    assert parse_published("2015") == PartialDate(2015)
    assert parse_published("not a date") is None
