"""range_plan and running_rows: any range's opening and closing are one running balance per pair plus at
most a partial month of ledger each, and summing them reproduces a day-by-day ledger exactly."""

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
	months: dict[date, float] = {}
	for day in sorted(ledger):
		month = period_plan.month_start(day)
		months[month] = months.get(month, 0.0) + ledger[day]
	return running_rows([(month, [amount]) for month, amount in months.items()])


def _at(cut: Cut, ledger, balances) -> float:
	"""What a report adds up for a cut: the one balance valid at the snapshot, plus the ledger days."""
	valid = [totals[0] for start, until, totals in balances if valid_at(start, until, cut.snapshot)]
	assert len(valid) <= 1  # one balance per pair at any month end
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
		# never more than half a month of ledger per cut: forward from the 1st, or back from the month's end
		for cut in plan:
			if cut.ledger_from:
				assert cut.ledger_to.month == cut.ledger_from.month
				assert (cut.ledger_to - cut.ledger_from).days + 1 <= 16
				if cut.subtract:
					assert cut.snapshot == period_plan.month_start(cut.ledger_from)
					assert cut.ledger_to == period_plan.month_end(cut.ledger_from)
				else:
					assert cut.ledger_from.day == 1


def test_the_fixed_ranges():
	# calendar year: no ledger at all
	assert range_plan(date(2025, 1, 1), date(2025, 12, 31)) == (
		Cut(date(2024, 12, 1), None, None),
		Cut(date(2025, 12, 1), None, None),
	)
	# April to March across years
	assert range_plan(date(2025, 4, 1), date(2026, 3, 31)) == (
		Cut(date(2025, 3, 1), None, None),
		Cut(date(2026, 3, 1), None, None),
	)
	# 15 Feb – 20 Nov: forward from January's end (a tie: 14 days either way), back from November's
	assert range_plan(date(2025, 2, 15), date(2025, 11, 20)) == (
		Cut(date(2025, 1, 1), date(2025, 2, 1), date(2025, 2, 14)),
		Cut(date(2025, 11, 1), date(2025, 11, 21), date(2025, 11, 30), subtract=True),
	)
	# the last 90 days to 20 March: both cuts back from their month's end (11 days, not 20)
	last_90 = range_plan(date(2025, 12, 21), date(2026, 3, 20))
	assert last_90 == (
		Cut(date(2025, 12, 1), date(2025, 12, 21), date(2025, 12, 31), subtract=True),
		Cut(date(2026, 3, 1), date(2026, 3, 21), date(2026, 3, 31), subtract=True),
	)
	assert not last_90.shared
	# one day and month to date: one snapshot serves both cuts
	one_day = range_plan(date(2025, 6, 15), date(2025, 6, 15))
	assert one_day.shared and one_day.closing == Cut(date(2025, 5, 1), date(2025, 6, 1), date(2025, 6, 15))
	month_to_date = range_plan(date(2026, 3, 1), date(2026, 3, 10))
	assert month_to_date.shared and month_to_date.opening == Cut(date(2026, 2, 1), None, None)
	# to the 20th: the closing reads back from March's end instead
	assert range_plan(date(2026, 3, 1), date(2026, 3, 20)).closing.subtract
	# the last day of a month: the closing is that month's balance
	assert range_plan(date(2025, 12, 21), date(2026, 1, 31)).closing == Cut(date(2026, 1, 1), None, None)
	# 1 January: the snapshot is December of the year before
	assert cut_before(date(2025, 1, 1)) == Cut(date(2024, 12, 1), None, None)


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


def test_a_ranges_two_stretches_of_ledger_overlap_only_when_both_read_back_from_one_month():
	"""The report reads both cuts' ledger in one statement (``ledger_sql.stretch_totals``) when they are
	apart, else one each: every range of two years, from every day to the next 120 and beyond."""
	days = [date(2025, 1, 1) + timedelta(days=number) for number in range(730)]
	together = overlapping = 0
	for start, from_date in enumerate(days):
		for to_date in days[start : start + 120] + days[start + 120 :: 37]:
			plan = range_plan(from_date, to_date)
			if plan.shared or not (plan.opening.ledger_from and plan.closing.ledger_from):
				continue
			stretches = [(cut.ledger_from, cut.ledger_to) for cut in plan]
			if period_plan.apart(stretches):
				together += 1
			else:
				overlapping += 1
				assert plan.opening.subtract and plan.closing.subtract, (from_date, to_date)
				assert plan.opening.snapshot == plan.closing.snapshot
	assert together > 10_000 and overlapping > 100


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
