"""库存盘点 rules: ABC classes, cycle counts, summed entries, variance, tolerance, recounters."""

import pytest

from jxc_app.rules import stocktake as stocktake_rules


def test_abc_classes_follow_the_pareto_shares():
	consumption = {"a": 700, "b": 150, "c": 80, "d": 40, "e": 30, "idle": 0}
	classes = stocktake_rules.abc_classes(consumption)
	# cumulative share where each starts: a 0, b 70 %, c 85 %, d 93 %, e 97 %
	assert classes == {"a": "A", "b": "A", "c": "B", "d": "B", "e": "C", "idle": "C"}
	assert stocktake_rules.abc_classes({"only": 5}) == {"only": "A"}
	assert stocktake_rules.abc_classes({"x": 0, "y": 0}) == {"x": "C", "y": "C"}
	with pytest.raises(ValueError):
		stocktake_rules.abc_classes({}, a_share=0.9, b_share=0.5)


def test_cycle_count_walks_the_catalogue_and_starts_over():
	catalogue = ["e", "a", "d", "b", "c"]
	days = [stocktake_rules.cycle_items(catalogue, 2, day) for day in range(3)]
	assert days == [["a", "b"], ["c", "d"], ["e", "a"]]
	# every item once per round
	counted = [item for day in range(5) for item in stocktake_rules.cycle_items(catalogue, 1, day)]
	assert sorted(counted) == sorted(catalogue)
	assert stocktake_rules.cycle_items([], 3, 7) == []
	with pytest.raises(ValueError):
		stocktake_rules.cycle_items(catalogue, 0, 1)


def test_entries_for_the_same_line_are_summed():
	entries = [{"line": "L1", "qty": 3}, {"line": "L2", "qty": 1}, {"line": "L1", "qty": 4.5}]
	assert stocktake_rules.summed_counts(entries) == {"L1": 7.5, "L2": 1}


def test_variance_against_book_plus_movements():
	assert stocktake_rules.variance(10, 0, 8, 2.5) == (10, -2, -5.0)
	# track mode: 3 left after the snapshot, so 7 are expected
	assert stocktake_rules.variance(10, -3, 7, 2.5) == (7, 0, 0)


@pytest.mark.parametrize(
	("expected", "variance_qty", "variance_value", "qty_percent", "value", "recount"),
	[
		(100, 0, 0, 0, 0, False),
		(100, 1, 10, 0, 0, True),  # no tolerance: any difference
		(100, 4, 40, 5, 0, False),
		(100, 6, 60, 5, 0, True),
		(100, 4, 40, 0, 50, False),
		(100, 6, 60, 0, 50, True),
		(100, 4, 60, 5, 50, True),  # within the quantity tolerance, beyond the value one
		(0, 1, 1, 50, 100, True),  # found where nothing was expected
	],
)
def test_tolerance(expected, variance_qty, variance_value, qty_percent, value, recount):
	assert (
		stocktake_rules.beyond_tolerance(expected, variance_qty, variance_value, qty_percent, value)
		is recount
	)


def test_recount_goes_to_someone_else():
	counters = ["ann", "bob", "cat"]
	assert stocktake_rules.recounter(counters, ["ann"], turn=0) == "bob"
	assert stocktake_rules.recounter(counters, ["ann"], turn=1) == "cat"
	assert stocktake_rules.recounter(counters, ["ann", "bob", "cat"]) is None


def test_gain_and_loss_split_the_variance_values():
	# 盘盈 adds the positive values, 盘亏 the negative ones as a positive figure; empty values are 0
	assert stocktake_rules.gain_and_loss([10, -4, 2.5, None, 0, -6]) == (12.5, 10)
	assert stocktake_rules.gain_and_loss([-3]) == (0, 3)
	assert stocktake_rules.gain_and_loss([7]) == (7, 0)
	assert stocktake_rules.gain_and_loss([]) == (0, 0)
	assert stocktake_rules.gain_and_loss(value for value in (1, -1)) == (1, 1)  # any iterable, once
