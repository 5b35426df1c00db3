"""Which stored running balances and which ledger days make up a report's opening and closing (pure).

The 进销存汇总表 keeps **running balances** (``JXC Stock Period Balance``, period type ``Running``):
per item × warehouse and month with movement, the totals by business type of everything posted up
to the end of that month, valid until the next month the pair moved. Everything posted before a
day ``D`` is then one ``Cut``: the running balance at the end of the month before ``D``'s month
(one row per pair), plus the ledger from the first of ``D``'s month to the day before ``D``.

A report from ``from_date`` to ``to_date`` takes two cuts, before ``from_date`` (the opening) and
before the day after ``to_date`` (the closing); what moved in the period is their difference. So
any range, a day or ten years, reads at most two balances per pair and the ledger of at most two
partial months; when both cuts fall in one month, one snapshot and one stretch of ledger.
"""

from datetime import date, timedelta
from typing import NamedTuple

RUNNING = "Running"
# the end of a running balance that still holds (no later movement)
OPEN_END = date(9999, 12, 1)


class Cut(NamedTuple):
	"""Everything posted before a day: the running balances valid at the end of month ``snapshot``
	(a month start), plus the ledger rows posted from ``ledger_from`` to ``ledger_to`` (both
	inclusive; None when the day is the first of its month)."""

	snapshot: date
	ledger_from: date | None
	ledger_to: date | None


class RangePlan(NamedTuple):
	opening: Cut
	closing: Cut

	@property
	def shared(self) -> bool:
		"""Both cuts start from one snapshot: one ledger stretch serves both (its rows before
		``from_date`` count in the opening and the closing, the others in the closing only)."""
		return self.opening.snapshot == self.closing.snapshot


def month_start(day: date) -> date:
	return day.replace(day=1)


def year_start(day: date) -> date:
	return day.replace(month=1, day=1)


def next_month(day: date) -> date:
	return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def previous_month(day: date) -> date:
	return date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)


def month_end(day: date) -> date:
	return next_month(day) - timedelta(days=1)


def cut_before(day: date) -> Cut:
	"""What is posted before ``day``."""
	first = month_start(day)
	snapshot = previous_month(first)
	if day == first:
		return Cut(snapshot, None, None)
	return Cut(snapshot, first, day - timedelta(days=1))


def range_plan(from_date: date, to_date: date) -> RangePlan:
	"""The opening (before ``from_date``) and the closing (through ``to_date``) of a report."""
	if from_date > to_date:
		raise ValueError("from_date is after to_date")
	return RangePlan(cut_before(from_date), cut_before(to_date + timedelta(days=1)))


def valid_at(period_start: date, valid_until: date, snapshot: date) -> bool:
	"""Whether the running balance of month ``period_start`` (valid until the month start
	``valid_until``, exclusive) is the pair's balance at the end of month ``snapshot``."""
	return period_start <= snapshot < valid_until


def running_rows(months: list[tuple[date, list[float]]]) -> list[tuple[date, date, list[float]]]:
	"""From one pair's month movements (month start, amounts), in month order, its running balances:
	(month, valid until, totals so far)."""
	result: list[tuple[date, date, list[float]]] = []
	running: list[float] | None = None
	for index, (month, amounts) in enumerate(months):
		if index and months[index - 1][0] >= month:
			raise ValueError("months must be in increasing order")
		running = list(amounts) if running is None else [a + b for a, b in zip(running, amounts, strict=True)]
		until = months[index + 1][0] if index + 1 < len(months) else OPEN_END
		result.append((month, until, running))
	return result
