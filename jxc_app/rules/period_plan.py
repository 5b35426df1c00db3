"""Which stored running balances and which ledger days make up a report's opening and closing (pure).

The 进销存汇总表 keeps **running balances** (``JXC Stock Period Balance``, period type ``Running``):
per item × warehouse and **half month** with movement (the 1st to the 15th, the 16th to the month's
end: ``period_start``), the totals by business type of everything posted up to the end of that half
month, valid until the next half month the pair moved. Everything posted before a day ``D`` is then
one ``Cut``: the running balance at the end of the half month before ``D``'s (one row per pair), plus
the ledger from the first day of ``D``'s half month to the day before ``D`` — or, when that is the
shorter stretch, the running balance at the end of ``D``'s half month less the ledger from ``D`` to
that half month's end.

A report from ``from_date`` to ``to_date`` takes two cuts, before ``from_date`` (the opening) and
before the day after ``to_date`` (the closing); what moved in the period is their difference. So
any range, a day or ten years, reads at most two balances per pair and at most two stretches of
ledger of eight days; when both cuts start from one snapshot, one snapshot and the range's own
ledger. Half months, not months (issue #16): after the balances, a report's time goes to its ledger
days — half as many at most, a quarter on the benchmark's ranges — for a quarter more balances to
build.
"""

from datetime import date, timedelta
from itertools import pairwise
from typing import NamedTuple

RUNNING = "Running"
# the end of a running balance that still holds (no later movement)
OPEN_END = date(9999, 12, 1)
# the day of the month the second half month starts on
SECOND_HALF = 16


class Cut(NamedTuple):
	"""Everything posted before a day: the running balances valid at the end of the half month
	``snapshot`` (its first day), plus the ledger rows posted from ``ledger_from`` to ``ledger_to``
	(both inclusive; None when the day starts its half month) — or, with ``subtract``, minus them: the
	snapshot is the day's own half month and the rows are those from the day to its end, whichever is
	the shorter stretch of ledger."""

	snapshot: date
	ledger_from: date | None
	ledger_to: date | None
	subtract: bool = False


class RangePlan(NamedTuple):
	opening: Cut
	closing: Cut

	@property
	def one_snapshot(self) -> bool:
		"""Both cuts start from one snapshot: what moved in the period is then the ledger of the
		range itself, and the snapshot gives only the opening's quantity and value."""
		return self.opening.snapshot == self.closing.snapshot


def next_month(day: date) -> date:
	return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def previous_month(day: date) -> date:
	return date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)


def period_start(day: date) -> date:
	"""The first day of ``day``'s half month (the 1st or the 16th)."""
	return day.replace(day=SECOND_HALF if day.day >= SECOND_HALF else 1)


def next_period(day: date) -> date:
	"""The first day of the half month after ``day``'s."""
	return day.replace(day=SECOND_HALF) if day.day < SECOND_HALF else next_month(day)


def previous_period(day: date) -> date:
	"""The first day of the half month before ``day``'s."""
	return day.replace(day=1) if day.day >= SECOND_HALF else previous_month(day).replace(day=SECOND_HALF)


def period_end(day: date) -> date:
	"""The last day of ``day``'s half month."""
	return next_period(day) - timedelta(days=1)


def cut_before(day: date) -> Cut:
	"""What is posted before ``day``: from the half month before and the ledger since the first day of
	``day``'s half month, or from the day's own half month less the ledger from the day on, whichever
	reads fewer days (at most eight; a tie reads forward)."""
	first = period_start(day)
	if day == first:
		return Cut(previous_period(first), None, None)
	last = period_end(day)
	if (last - day).days + 1 < (day - first).days:
		return Cut(first, day, last, subtract=True)
	return Cut(previous_period(first), first, day - timedelta(days=1))


def range_plan(from_date: date, to_date: date) -> RangePlan:
	"""The opening (before ``from_date``) and the closing (through ``to_date``) of a report."""
	if from_date > to_date:
		raise ValueError("from_date is after to_date")
	return RangePlan(cut_before(from_date), cut_before(to_date + timedelta(days=1)))


def apart(stretches) -> bool:
	"""Whether stretches of days ((first, last), inclusive) have no day in common. A range's two cuts'
	stretches share days only when both cuts start from one snapshot (from the 20th to the 25th: the
	20th to the month's end, and the 26th to it), and the report then reads the range's own ledger."""
	days = sorted(stretches)
	return all(earlier[1] < later[0] for earlier, later in pairwise(days))


def valid_at(period_start: date, valid_until: date, snapshot: date) -> bool:
	"""Whether the running balance of the half month ``period_start`` (valid until the half month
	``valid_until``, exclusive) is the pair's balance at the end of the half month ``snapshot``."""
	return period_start <= snapshot < valid_until


def running_rows(months: list[tuple[date, list[float]]]) -> list[tuple[date, date, list[float]]]:
	"""From one pair's movements per half month (its first day, amounts), in order, its running
	balances: (half month, valid until, totals so far)."""
	result: list[tuple[date, date, list[float]]] = []
	running: list[float] | None = None
	for index, (month, amounts) in enumerate(months):
		if index and months[index - 1][0] >= month:
			raise ValueError("half months must be in increasing order")
		running = list(amounts) if running is None else [a + b for a, b in zip(running, amounts, strict=True)]
		until = months[index + 1][0] if index + 1 < len(months) else OPEN_END
		result.append((month, until, running))
	return result
