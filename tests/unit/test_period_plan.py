"""range_plan and running_rows: any range's opening and closing are one running balance per pair plus at
most eight days of ledger each (half-month balances), and summing them reproduces a day-by-day ledger
exactly."""

import random
from datetime import date, timedelta

import pytest

from jxc_app.rules import period_plan
from jxc_app.rules.period_plan import OPEN_END, Cut, cut_before, range_plan, running_rows, valid_at

ORIGIN = date(2024, 1, 1)  # the first day of this test's ledger


def _ledger(seed: int) -> dict[date, float]:
	rng = random.Random(seed)
	return {ORIGIN + timedelta(days=rng.randrange(800)): float(rng.randint(-5, 9)) for _ in range(300)}


def _running(ledger: dict[date, float]) -> list[tuple[date, date, list[float]]]:
	periods: dict[date, float] = {}
	for day in sorted(ledger):
		start = period_plan.period_start(day)
		periods[start] = periods.get(start, 0.0) + ledger[day]
	return running_rows([(start, [amount]) for start, amount in periods.items()])


def _at(cut: Cut, ledger, balances) -> float:
	"""What a report adds up for a cut: the one balance valid at the snapshot, plus the ledger days."""
	valid = [totals[0] for start, until, totals in balances if valid_at(start, until, cut.snapshot)]
	assert len(valid) <= 1  # one balance per pair at any half month's end
	total = valid[0] if valid else 0.0
	if cut.ledger_from:
		stretch = sum(amount for day, amount in ledger.items() if cut.ledger_from <= day <= cut.ledger_to)
		total += -stretch if cut.subtract else stretch
	return total


@pytest.mark.parametrize("seed", range(5))
def test_every_range_adds_up_to_the_ledger(seed):
	ledger = _ledger(seed)
	balances = _running(ledger)
	rng = random.Random(seed)
	for _ in range(200):
		from_date = ORIGIN + timedelta(days=rng.randrange(-40, 860))
		to_date = from_date + timedelta(days=rng.randrange(0, 500))
		plan = range_plan(from_date, to_date)
		opening = sum(amount for day, amount in ledger.items() if day < from_date)
		closing = sum(amount for day, amount in ledger.items() if day <= to_date)
		assert _at(plan.opening, ledger, balances) == pytest.approx(opening)
		assert _at(plan.closing, ledger, balances) == pytest.approx(closing)
		# never more than eight days of ledger per cut: forward from the half month's first day, or back
		# from its end
		for cut in plan:
			if cut.ledger_from:
				assert period_plan.period_start(cut.ledger_to) == period_plan.period_start(cut.ledger_from)
				assert (cut.ledger_to - cut.ledger_from).days + 1 <= 8
				if cut.subtract:
					assert cut.snapshot == period_plan.period_start(cut.ledger_from)
					assert cut.ledger_to == period_plan.period_end(cut.ledger_from)
				else:
					assert cut.ledger_from.day in (1, period_plan.SECOND_HALF)
					assert cut.snapshot == period_plan.previous_period(cut.ledger_from)
		# one snapshot for both cuts: what moved is the range's own ledger
		if plan.one_snapshot:
			assert (
				_at(plan.closing, ledger, balances) - _at(plan.opening, ledger, balances)
			) == pytest.approx(sum(amount for day, amount in ledger.items() if from_date <= day <= to_date))
			assert (to_date - from_date).days < 16


def test_half_months():
	assert period_plan.period_start(date(2025, 6, 15)) == date(2025, 6, 1)
	assert period_plan.period_start(date(2025, 6, 16)) == date(2025, 6, 16)
	assert period_plan.next_period(date(2025, 6, 1)) == date(2025, 6, 16)
	assert period_plan.next_period(date(2025, 12, 20)) == date(2026, 1, 1)
	assert period_plan.previous_period(date(2025, 1, 3)) == date(2024, 12, 16)
	assert period_plan.previous_period(date(2025, 6, 30)) == date(2025, 6, 1)
	assert period_plan.period_end(date(2024, 2, 16)) == date(2024, 2, 29)
	assert period_plan.period_end(date(2025, 2, 3)) == date(2025, 2, 15)
	day, seen = date(2024, 1, 1), 0
	while day < date(2026, 1, 1):  # the half months tile the calendar
		assert period_plan.period_start(period_plan.period_end(day)) == day
		assert period_plan.previous_period(period_plan.next_period(day)) == day
		day, seen = period_plan.next_period(day), seen + 1
	assert seen == 48


def test_the_fixed_ranges():
	# calendar year: no ledger at all
	assert range_plan(date(2025, 1, 1), date(2025, 12, 31)) == (
		Cut(date(2024, 12, 16), None, None),
		Cut(date(2025, 12, 16), None, None),
	)
	# April to March across years
	assert range_plan(date(2025, 4, 1), date(2026, 3, 31)) == (
		Cut(date(2025, 3, 16), None, None),
		Cut(date(2026, 3, 16), None, None),
	)
	# 15 Feb – 20 Nov: back from the end of 1–15 February (one day), forward from the end of 1–15 November
	assert range_plan(date(2025, 2, 15), date(2025, 11, 20)) == (
		Cut(date(2025, 2, 1), date(2025, 2, 15), date(2025, 2, 15), subtract=True),
		Cut(date(2025, 11, 1), date(2025, 11, 16), date(2025, 11, 20)),
	)
	# the last 90 days to 20 March: both cuts forward (5 days, not 11)
	last_90 = range_plan(date(2025, 12, 21), date(2026, 3, 20))
	assert last_90 == (
		Cut(date(2025, 12, 1), date(2025, 12, 16), date(2025, 12, 20)),
		Cut(date(2026, 3, 1), date(2026, 3, 16), date(2026, 3, 20)),
	)
	assert not last_90.one_snapshot
	# one day: one snapshot serves both cuts, the opening takes the day back from it
	one_day = range_plan(date(2025, 6, 15), date(2025, 6, 15))
	assert one_day == (
		Cut(date(2025, 6, 1), date(2025, 6, 15), date(2025, 6, 15), subtract=True),
		Cut(date(2025, 6, 1), None, None),
	)
	assert one_day.one_snapshot
	# a few days within a half month: one snapshot
	assert range_plan(date(2026, 3, 2), date(2026, 3, 4)).one_snapshot
	# month to date to the 10th: two snapshots, the closing back from the 15th
	month_to_date = range_plan(date(2026, 3, 1), date(2026, 3, 10))
	assert month_to_date == (
		Cut(date(2026, 2, 16), None, None),
		Cut(date(2026, 3, 1), date(2026, 3, 11), date(2026, 3, 15), subtract=True),
	)
	# the last day of a month: the closing is its second half's balance
	assert range_plan(date(2025, 12, 21), date(2026, 1, 31)).closing == Cut(date(2026, 1, 16), None, None)
	# 1 January: the snapshot is the second half of December of the year before
	assert cut_before(date(2025, 1, 1)) == Cut(date(2024, 12, 16), None, None)
	assert cut_before(date(2025, 6, 16)) == Cut(date(2025, 6, 1), None, None)


def test_running_rows_chain_their_validity():
	rows = running_rows([(date(2025, 1, 1), [1.0, 2.0]), (date(2025, 4, 1), [3.0, -1.0])])
	assert rows == [
		(date(2025, 1, 1), date(2025, 4, 1), [1.0, 2.0]),
		(date(2025, 4, 1), OPEN_END, [4.0, 1.0]),
	]
	assert valid_at(date(2025, 1, 1), date(2025, 4, 1), date(2025, 3, 1))
	assert not valid_at(date(2025, 1, 1), date(2025, 4, 1), date(2025, 4, 1))
	with pytest.raises(ValueError):
		running_rows([(date(2025, 4, 1), [1.0]), (date(2025, 1, 1), [1.0])])


def test_a_range_must_not_end_before_it_starts():
	with pytest.raises(ValueError):
		range_plan(date(2025, 2, 2), date(2025, 2, 1))


def test_a_ranges_two_stretches_of_ledger_never_overlap_when_its_cuts_start_from_two_snapshots():
	"""The report reads both cuts' ledger in one statement (``ledger_sql.stretch_totals``), which needs
	them apart; when they would overlap, both cuts start from one snapshot and the report reads the
	range's own ledger instead: every range of two years, from every day to the next 120 and beyond."""
	days = [date(2025, 1, 1) + timedelta(days=number) for number in range(730)]
	together = one = 0
	for start, from_date in enumerate(days):
		for to_date in days[start : start + 120] + days[start + 120 :: 37]:
			plan = range_plan(from_date, to_date)
			if plan.one_snapshot:
				one += 1
				continue
			stretches = [(cut.ledger_from, cut.ledger_to) for cut in plan if cut.ledger_from]
			assert period_plan.apart(stretches), (from_date, to_date)
			together += len(stretches) == 2
	assert together > 10_000 and one > 1_000


def test_stretches_apart():
	day = date(2025, 1, 1)
	assert period_plan.apart([])
	assert period_plan.apart([(day, day)])
	assert period_plan.apart(
		[(day + timedelta(days=5), day + timedelta(days=9)), (day, day + timedelta(days=4))]
	)
	assert not period_plan.apart(
		[(day, day + timedelta(days=5)), (day + timedelta(days=5), day + timedelta(days=6))]
	)
	assert not period_plan.apart(
		[(day, day + timedelta(days=30)), (day + timedelta(days=9), day + timedelta(days=10))]
	)
