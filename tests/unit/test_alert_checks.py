from datetime import date, timedelta

import pytest

from jxc_app.rules import alert_checks as checks
from jxc_app.rules.alerts import CRITICAL, INFO, WARNING

TODAY = date(2026, 11, 30)


def test_stock_limit_problems():
	rows = [
		{"idx": 1, "warehouse": "A", "min_qty": 5, "max_qty": 10, "safety_qty": 3},
		{"idx": 2, "warehouse": "B", "min_qty": 20, "max_qty": 10},
		{"idx": 3, "warehouse": "A", "min_qty": 1},
		{"idx": 4, "warehouse": "C", "max_value": -1},
		{"idx": 5, "warehouse": "", "min_qty": 1},
		{"idx": 6, "warehouse": "D", "safety_qty": 12, "max_qty": 10},
		{"idx": 7, "warehouse": "E", "min_qty": 20},  # no maximum: any minimum
	]
	found = [(problem.idx, problem.problem) for problem in checks.stock_limit_problems(rows)]
	assert found == [
		(2, checks.MIN_ABOVE_MAX),
		(3, checks.DUPLICATE_WAREHOUSE),
		(4, checks.NEGATIVE),
		(5, checks.NO_WAREHOUSE),
		(6, checks.SAFETY_ABOVE_MAX),
	]
	assert checks.stock_limit_problems([{"warehouse": "A", "min_qty": 10, "max_qty": 10}]) == []


def test_low_stock_uses_the_higher_level_and_counts_open_requisitions():
	assert checks.low_stock(12, 0, min_qty=10, safety_qty=5) is None
	assert checks.low_stock(10, 0, min_qty=10, safety_qty=5) is None  # at the level: not below
	assert checks.low_stock(8, 3, min_qty=10, safety_qty=5) is None  # requisitions fill it
	found = checks.low_stock(8, 0, min_qty=10, safety_qty=5, max_qty=30)
	assert found["value"] == 8 and found["threshold"] == 10 and found["severity"] == WARNING
	assert found["shortfall_qty"] == 2 and found["suggested_qty"] == 22
	assert checks.low_stock(4, 0, min_qty=10, safety_qty=5)["severity"] == CRITICAL
	assert checks.low_stock(0, 0, min_qty=10, safety_qty=0)["severity"] == CRITICAL
	assert checks.low_stock(-5, 0, min_qty=0, safety_qty=0) is None  # no level: no alert
	assert checks.low_stock(8, 0, min_qty=0, safety_qty=10, severity=INFO)["severity"] == INFO
	assert checks.low_stock(8, 0, 10, 0)["suggested_qty"] == 2  # no maximum: up to the level


def test_pick_surplus_warehouse():
	candidates = [
		{"warehouse": "B", "actual_qty": 15, "min_qty": 10},
		{"warehouse": "C", "actual_qty": 40, "safety_qty": 10},
		{"warehouse": "D", "actual_qty": 5, "min_qty": 10},
	]
	assert checks.pick_surplus_warehouse(candidates, 50) == {
		"warehouse": "C",
		"surplus_qty": 30,
		"transfer_qty": 30,
	}
	assert checks.pick_surplus_warehouse(candidates, 4)["transfer_qty"] == 4
	assert checks.pick_surplus_warehouse(candidates[2:], 4) is None
	assert checks.pick_surplus_warehouse([], 4) is None


def test_overstock_by_qty_and_value():
	assert checks.overstock(10, 1000, max_qty=10, max_value=1000) is None
	assert checks.overstock(10, 1000, max_qty=0, max_value=0) is None
	by_qty = checks.overstock(12, 100, max_qty=10, max_value=0)
	assert (by_qty["measure"], by_qty["value"], by_qty["threshold"], by_qty["excess"]) == ("qty", 12, 10, 2)
	assert by_qty["severity"] == WARNING
	by_value = checks.overstock(5, 2500, max_qty=10, max_value=1000)
	assert by_value["measure"] == "value" and by_value["severity"] == CRITICAL


def test_batches():
	assert checks.expiring_batch(TODAY + timedelta(days=31), TODAY, 30) is None
	assert checks.expiring_batch(TODAY - timedelta(days=1), TODAY, 30) is None  # expired, not expiring
	soon = checks.expiring_batch(TODAY + timedelta(days=20), TODAY, 30)
	assert soon["value"] == 20 and soon["threshold"] == 30 and soon["severity"] == WARNING
	assert checks.expiring_batch(TODAY + timedelta(days=5), TODAY, 30)["severity"] == CRITICAL
	assert checks.expiring_batch(TODAY, TODAY, 0)["days_to_expiry"] == 0
	assert checks.expired_batch(TODAY, TODAY) is None
	gone = checks.expired_batch(TODAY - timedelta(days=3), TODAY)
	assert gone["days_expired"] == 3 and gone["severity"] == CRITICAL


def test_slow_moving():
	long_ago = TODAY - timedelta(days=100)
	assert checks.slow_moving(5000, long_ago, long_ago, TODAY, 90, 1000)["idle_days"] == 100
	assert checks.slow_moving(500, long_ago, long_ago, TODAY, 90, 1000) is None  # worth too little
	assert checks.slow_moving(5000, TODAY - timedelta(days=10), long_ago, TODAY, 90, 1000) is None
	# never sold: counted from the first movement
	assert checks.slow_moving(5000, None, long_ago, TODAY, 90, 0)["value"] == 100
	assert checks.slow_moving(5000, None, TODAY - timedelta(days=3), TODAY, 90, 0) is None
	assert checks.slow_moving(5000, None, None, TODAY, 90, 0) is None
	assert checks.slow_moving(0, None, long_ago, TODAY, 90, 0) is None  # nothing in stock
	assert checks.slow_moving(5000, None, TODAY - timedelta(days=200), TODAY, 90, 0)["severity"] == CRITICAL


def test_receivable_and_payable():
	assert checks.receivable_overdue(0, 40, 0, 0) is None
	assert checks.receivable_overdue(500, 10, 1000, 0) is None
	assert checks.receivable_overdue(5000, 10, 1000, 10) is None  # not later than the days
	owed = checks.receivable_overdue(5000, 11, 1000, 10)
	assert owed["value"] == 5000 and owed["max_days_overdue"] == 11 and owed["severity"] == WARNING
	assert checks.receivable_overdue(5000, 95, 0, 0)["severity"] == CRITICAL

	assert checks.payable_due(100, TODAY + timedelta(days=8), TODAY, 7) is None
	due = checks.payable_due(100, TODAY + timedelta(days=7), TODAY, 7)
	assert due["value"] == 7 and due["severity"] == WARNING
	assert checks.payable_due(100, TODAY - timedelta(days=1), TODAY, 7)["severity"] == CRITICAL
	assert checks.payable_due(0, TODAY, TODAY, 7) is None
	assert checks.payable_due(100, TODAY, TODAY, 7, min_amount=500) is None


def test_orders_and_receipts():
	assert checks.order_overdue(3, 3) is None
	assert checks.order_overdue(4, 3)["severity"] == WARNING
	assert checks.order_overdue(30, 0)["severity"] == CRITICAL
	assert checks.short_receipt(10, 0) is None  # nothing received yet: not short, just pending
	assert checks.short_receipt(10, 10) is None
	short = checks.short_receipt(10, 8)
	assert short["value"] == 2 and short["short_percent"] == 20 and short["severity"] == WARNING
	assert checks.short_receipt(10, 8, min_short_percent=20) is None
	assert checks.short_receipt(10, 4)["severity"] == CRITICAL


def test_approval_overdue_and_return_rate():
	assert checks.approval_overdue(2, 2) is None
	assert checks.approval_overdue(3, 2)["severity"] == WARNING
	assert checks.approval_overdue(4, 2)["severity"] == CRITICAL

	assert checks.return_rate(1, 10, 10) is None  # 10 % is not above 10 %
	rate = checks.return_rate(-3, 10, 10)  # return quantities are negative on ERPNext's returns
	assert rate["value"] == 30 and rate["severity"] == CRITICAL
	assert checks.return_rate(2, 10, 15)["severity"] == WARNING
	assert checks.return_rate(5, 0, 10) is None
	assert checks.return_rate(3, 10, 10, min_delivered=20) is None


def test_bands_of_rule():
	bands = checks.bands_of_rule(
		"R1",
		"grand_total",
		10000,
		[
			{"fieldname": "grand_total", "operator": ">=", "value": "50000"},
			{"fieldname": "base_grand_total", "operator": ">", "value": "20000"},
			{"fieldname": "grand_total", "operator": "<", "value": "90000"},
			{"fieldname": "supplier", "operator": "=", "value": "X"},
			{"fieldname": "grand_total", "operator": ">=", "value": "abc"},
		],
		("grand_total", "base_grand_total"),
	)
	assert bands == [
		checks.Band("R1", "grand_total", 10000),
		checks.Band("R1", "grand_total", 50000),
		checks.Band("R1", "base_grand_total", 20000, inclusive=False),
	]
	assert checks.bands_of_rule("R2", None, 5000, [], ("grand_total",)) == []


def order(name, group, day, amount):
	return {"name": name, "group": group, "date": TODAY - timedelta(days=day), "amount": amount}


def test_split_orders_groups_orders_just_under_a_band():
	band = checks.Band("R", "grand_total", 10000)
	orders = [
		order("PO-1", "alice", 6, 9500),
		order("PO-2", "alice", 4, 9800),
		order("PO-3", "alice", 1, 9000),
		order("PO-4", "alice", 2, 3000),  # far under: not a split
		order("PO-5", "alice", 40, 9900),  # too long ago
		order("PO-6", "bob", 1, 9900),  # alone
		order("PO-7", "carol", 1, 10000),  # at the band: approved in it
		order("PO-8", "carol", 2, 9999),
	]
	found = checks.split_orders(orders, band, days=7)
	assert len(found) == 1
	assert found[0]["group"] == "alice" and found[0]["orders"] == ["PO-1", "PO-2", "PO-3"]
	assert found[0]["total"] == 28300 and found[0]["count"] == 3
	assert checks.split_severity(found[0]["total"], band) == CRITICAL
	assert checks.split_severity(19000, band) == WARNING
	# a narrow window keeps only the orders within it
	# a narrow window: the two within it with the larger total
	assert checks.split_orders(orders, band, days=3)[0]["orders"] == ["PO-1", "PO-2"]
	assert checks.split_orders(orders, band, days=1) == []
	# a narrow margin: only the orders within it
	assert checks.split_orders(orders, band, days=7, margin_percent=6)[0]["orders"] == ["PO-1", "PO-2"]
	assert checks.split_orders(orders, band, days=7, margin_percent=3) == []


def test_split_orders_needs_the_sum_to_reach_the_band():
	band = checks.Band("R", "grand_total", 100, inclusive=False)
	assert checks.split_orders([order("A", "x", 1, 40), order("B", "x", 1, 40)], band, 7, 70) == []
	assert checks.split_orders([order("A", "x", 1, 50), order("B", "x", 1, 50)], band, 7, 70) == []
	assert (
		checks.split_orders([order("A", "x", 1, 100), order("B", "x", 1, 2)], band, 7, 99)[0]["total"] == 102
	)
	assert checks.just_under(100, band, 10) and not checks.just_under(100.01, band, 10)


@pytest.mark.parametrize("severities, expected", [([], WARNING), ([INFO, CRITICAL, WARNING], CRITICAL)])
def test_worst(severities, expected):
	assert checks.worst(severities) == expected
