"""Which stored running balances and which ledger days make up a report's opening and closing (pure).

The 进销存汇总表 keeps **running balances** (``JXC Stock Period Balance``, period type ``Running``):
per item × warehouse and month with movement, the totals by business type of everything posted up
to the end of that month, valid until the next month the pair moved. Everything posted before a
day ``D`` is then one ``Cut``: the running balance at the end of the month before ``D``'s month
(one row per pair), plus the ledger from the first of ``D``'s month to the day before ``D`` — or, when
that is the shorter stretch, the running balance at the end of ``D``'s month less the ledger from ``D``
to that month's end.

A report from ``from_date`` to ``to_date`` takes two cuts, before ``from_date`` (the opening) and
before the day after ``to_date`` (the closing); what moved in the period is their difference. So
any range, a day or ten years, reads at most two balances per pair and at most two half months of
ledger; when both cuts read forward from one snapshot, one snapshot and one stretch of ledger.
"""

from datetime import date, timedelta
from itertools import pairwise
from typing import NamedTuple

RUNNING = "Running"
# the end of a running balance that still holds (no later movement)
OPEN_END = date(9999, 12, 1)


class Cut(NamedTuple):
	"""Everything posted before a day: the running balances valid at the end of month ``snapshot``
	(a month start), plus the ledger rows posted from ``ledger_from`` to ``ledger_to`` (both
	inclusive; None when the day is the first of its month) — or, with ``subtract``, minus them: the
	snapshot is the day's own month and the rows are those from the day to the month's end, whichever
	is the shorter stretch of ledger."""

	snapshot: date
	ledger_from: date | None
	ledger_to: date | None
	subtract: bool = False


class RangePlan(NamedTuple):
	opening: Cut
	closing: Cut

	@property
	def shared(self) -> bool:
		"""Both cuts start from one snapshot and add the ledger after it: one ledger stretch serves
		both (its rows before ``from_date`` count in the opening and the closing, the others in the
		closing only)."""
		return (
			self.opening.snapshot == self.closing.snapshot
			and not self.opening.subtract
			and not self.closing.subtract
		)


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
	"""What is posted before ``day``: from the month before and the ledger since the first of the
	month, or from the day's own month less the ledger from the day on, whichever reads fewer days (at
	most half a month; a tie reads forward)."""
	first = month_start(day)
	if day == first:
		return Cut(previous_month(first), None, None)
	last = month_end(day)
	if (last - day).days + 1 < (day - first).days:
		return Cut(first, day, last, subtract=True)
	return Cut(previous_month(first), first, day - timedelta(days=1))


def range_plan(from_date: date, to_date: date) -> RangePlan:
	"""The opening (before ``from_date``) and the closing (through ``to_date``) of a report."""
	if from_date > to_date:
		raise ValueError("from_date is after to_date")
	return RangePlan(cut_before(from_date), cut_before(to_date + timedelta(days=1)))


def apart(stretches) -> bool:
	"""Whether stretches of days ((first, last), inclusive) have no day in common. A range's two cuts'
	stretches are apart unless both read back from the same month (from the 20th to the 25th: the
	20th to the month's end, and the 26th to it)."""
	days = sorted(stretches)
	return all(earlier[1] < later[0] for earlier, later in pairwise(days))


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
