"""bucket_plan: the opening and the period are covered by year, month and ledger spans exactly once."""

import random
from datetime import date, timedelta

import pytest

from jxc_app.rules import period_plan
from jxc_app.rules.period_plan import LEDGER, MONTH, OPENING, PERIOD, YEAR, Span, bucket_plan

ORIGIN = date(2019, 1, 1)  # the first day of this test's ledger


def _days(span: Span) -> set[date]:
	start = span.start or ORIGIN
	if span.kind == YEAR:
		end = date(span.end.year, 12, 31)
	elif span.kind == MONTH:
		end = period_plan.month_end(span.end)
	else:
		end = span.end
	return {start + timedelta(days=n) for n in range((end - start).days + 1)}


def _covered(spans, part):
	days: list[date] = []
	for span in spans:
		if span.part == part:
			days += sorted(_days(span))
	return days


def _range(start, end):
	return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def test_every_day_is_counted_once_in_the_right_part():
	for seed in range(300):
		_check_random_range(random.Random(seed))


def _check_random_range(rng):
	from_date = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 1500))
	to_date = from_date + timedelta(
		days=rng.choice([0, 1, 27, 30, 31, 58, 364, 365, 800, rng.randrange(0, 900)])
	)
	spans = bucket_plan(from_date, to_date)
	opening, period = _covered(spans, OPENING), _covered(spans, PERIOD)
	assert opening == _range(ORIGIN, from_date - timedelta(days=1))  # no gap, no day twice
	assert period == _range(from_date, to_date)
	# ledger spans never cover a whole month, so at most two months of ledger rows are read
	for span in spans:
		if span.kind == LEDGER:
			assert span.start.month == span.end.month and span.start.year == span.end.year
			assert not (span.start.day == 1 and span.end == period_plan.month_end(span.end))


def test_a_calendar_year_reads_one_year_balance_and_no_ledger():
	assert bucket_plan(date(2025, 1, 1), date(2025, 12, 31)) == [
		Span(YEAR, None, date(2024, 1, 1), OPENING),
		Span(YEAR, date(2025, 1, 1), date(2025, 1, 1), PERIOD),
	]


def test_a_mid_month_range():
	assert bucket_plan(date(2025, 2, 15), date(2025, 11, 20)) == [
		Span(YEAR, None, date(2024, 1, 1), OPENING),
		Span(MONTH, date(2025, 1, 1), date(2025, 1, 1), OPENING),
		Span(LEDGER, date(2025, 2, 1), date(2025, 2, 14), OPENING),
		Span(LEDGER, date(2025, 2, 15), date(2025, 2, 28), PERIOD),
		Span(MONTH, date(2025, 3, 1), date(2025, 10, 1), PERIOD),
		Span(LEDGER, date(2025, 11, 1), date(2025, 11, 20), PERIOD),
	]


def test_reversed_range_is_refused():
	with pytest.raises(ValueError):
		bucket_plan(date(2025, 2, 2), date(2025, 2, 1))
