"""Which stored period balances and which ledger days make up a report's opening and period (pure).

The 进销存汇总表 keeps balances per month and per calendar year (``JXC Stock Period Balance``). A
report from ``from_date`` to ``to_date`` reads:

- opening (everything before ``from_date``): whole years before its year, whole months of its year
  before its month, then the ledger itself from the first of its month to the day before;
- period: whole calendar years inside the range as year balances, other whole months as month
  balances, and the days of a partial first or last month from the ledger.

So a calendar-year or whole-month report never touches the ledger, and any range reads at most the
ledger rows of two months.
"""

from datetime import date, timedelta
from typing import NamedTuple

YEAR = "Year"
MONTH = "Month"
LEDGER = "Ledger"
OPENING = "opening"
PERIOD = "period"


class Span(NamedTuple):
	"""``kind`` YEAR / MONTH: balances whose period starts from ``start`` (None: the first) to
	``end``, both inclusive; LEDGER: ledger rows posted from ``start`` to ``end``."""

	kind: str
	start: date | None
	end: date
	part: str


def month_start(day: date) -> date:
	return day.replace(day=1)


def year_start(day: date) -> date:
	return day.replace(month=1, day=1)


def next_month(day: date) -> date:
	return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def month_end(day: date) -> date:
	return next_month(day) - timedelta(days=1)


def _full_months(first: date, last: date, part: str) -> list[Span]:
	"""Spans covering the whole months ``first``..``last`` (month starts): a calendar year wholly
	inside as one YEAR balance, the rest as MONTH ranges."""
	spans: list[Span] = []
	month = first
	while month <= last:
		december = date(month.year, 12, 1)
		if month.month == 1 and december <= last:
			if spans and spans[-1].kind == YEAR:
				spans[-1] = spans[-1]._replace(end=month)
			else:
				spans.append(Span(YEAR, month, month, part))
			month = date(month.year + 1, 1, 1)
			continue
		end = min(december, last)
		spans.append(Span(MONTH, month, end, part))
		month = next_month(end)
	return spans


def bucket_plan(from_date: date, to_date: date) -> list[Span]:
	"""The spans whose sum is the opening before ``from_date`` and the movement from ``from_date``
	to ``to_date`` (inclusive)."""
	if from_date > to_date:
		raise ValueError("from_date is after to_date")
	spans: list[Span] = []
	first_month = month_start(from_date)
	if first_month.year > date.min.year:
		spans.append(Span(YEAR, None, date(first_month.year - 1, 1, 1), OPENING))
	if first_month.month > 1:
		spans.append(
			Span(MONTH, year_start(first_month), date(first_month.year, first_month.month - 1, 1), OPENING)
		)
	if from_date > first_month:
		spans.append(Span(LEDGER, first_month, from_date - timedelta(days=1), OPENING))

	last_month = month_start(to_date)
	if first_month == last_month and (from_date > first_month or to_date < month_end(to_date)):
		spans.append(Span(LEDGER, from_date, to_date, PERIOD))
		return spans
	full_from = first_month
	if from_date > first_month:
		spans.append(Span(LEDGER, from_date, month_end(from_date), PERIOD))
		full_from = next_month(first_month)
	full_to = last_month
	tail = None
	if to_date < month_end(to_date):
		tail = Span(LEDGER, last_month, to_date, PERIOD)
		full_to = date(last_month.year - (last_month.month == 1), (last_month.month - 2) % 12 + 1, 1)
	if full_from <= full_to:
		spans += _full_months(full_from, full_to, PERIOD)
	if tail:
		spans.append(tail)
	return spans
