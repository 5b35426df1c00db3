import pytest

from jxc_app.rules.delivery import (
	DeliveryRuleError,
	alternatives,
	invoice_paid_share,
	order_progress,
	pending_stock_qty,
	percent,
	shortfalls,
	transfer_incoming_qty,
	transfer_lines,
)


def test_pending_is_what_is_left_to_deliver_in_stock_units():
	assert pending_stock_qty(5, 2, 12) == 36  # 5 boxes of 12, 2 delivered
	assert pending_stock_qty(5, 5, 12) == 0
	assert pending_stock_qty(5, 6, 1) == 0  # over-delivered: nothing pending, never negative
	assert pending_stock_qty(3, None, None) == 3


def test_shortfall_is_what_the_lines_warehouse_cannot_cover():
	rows = shortfalls(
		[{"item_code": "A", "warehouse": "W1", "pending": 10, "name": "l1"}],
		{("A", "W1"): 4},
	)
	assert rows == [
		{
			"item_code": "A",
			"warehouse": "W1",
			"pending": 10,
			"name": "l1",
			"required": 10,
			"available": 4,
			"incoming": 0,
			"shortfall": 6,
		}
	]


def test_open_transfers_to_the_warehouse_reduce_the_shortfall_in_line_order():
	rows = shortfalls(
		[
			{"item_code": "A", "warehouse": "W1", "pending": 10},
			{"item_code": "A", "warehouse": "W1", "pending": 5},
			{"item_code": "A", "warehouse": "W2", "pending": 4},
		],
		{("A", "W1"): 3},
		{("A", "W1"): 9, ("A", "W3"): 100},  # nothing on its way to W2
	)
	# line 1: 3 on hand + 7 of the 9 coming; line 2: the 2 still coming, 3 short
	assert [(r["available"], r["incoming"], r["shortfall"]) for r in rows] == [
		(3, 9, 0),
		(0, 2, 3),
		(0, 0, 4),
	]
	# more coming than needed: nothing short, never negative
	(row,) = shortfalls([{"item_code": "A", "warehouse": "W", "pending": 2}], {}, {("A", "W"): 50})
	assert row["shortfall"] == 0


def test_what_an_open_transfer_line_still_brings():
	assert transfer_incoming_qty("Draft", 10, 0, 0, 0) == 10
	assert transfer_incoming_qty("Pending Approval", 10, 0, 0, 0) == 10
	# 6 dispatched, 2 received, 1 declared short: 4 not yet dispatched + 3 on the way
	assert transfer_incoming_qty("Partially Received", 10, 6, 4, 1) == 7
	assert transfer_incoming_qty("In Transit", 10, 10, 10, 0) == 10
	for closed in ("Completed", "Closed", "Cancelled", "Rejected"):
		assert transfer_incoming_qty(closed, 10, 0, 0, 0) == 0


def test_lines_of_one_item_and_warehouse_share_its_stock_in_line_order():
	rows = shortfalls(
		[
			{"item_code": "A", "warehouse": "W1", "pending": 3},
			{"item_code": "A", "warehouse": "W1", "pending": 5},
			{"item_code": "A", "warehouse": "W2", "pending": 2},
			{"item_code": "B", "warehouse": "W1", "pending": 0},  # fully delivered: left out
		],
		{("A", "W1"): 6, ("A", "W2"): 9, ("B", "W1"): -2},
	)
	assert [(r["available"], r["shortfall"]) for r in rows] == [(6, 0), (3, 2), (9, 0)]


def test_negative_stock_counts_as_none():
	(row,) = shortfalls([{"item_code": "A", "warehouse": "W", "pending": 2}], {("A", "W"): -5})
	assert row["available"] == 0 and row["shortfall"] == 2


def test_alternatives_are_other_warehouses_with_stock_most_first():
	stock = {("A", "W1"): 5, ("A", "W2"): 2, ("A", "W3"): 7, ("A", "W4"): 0, ("A", "W5"): -1, ("B", "W2"): 50}
	assert alternatives("A", "W1", stock) == [{"warehouse": "W3", "qty": 7}, {"warehouse": "W2", "qty": 2}]
	assert alternatives("C", "W1", stock) == []


def test_transfer_moves_the_shortfall_capped_at_the_source():
	short = [
		{"item_code": "A", "shortfall": 4},
		{"item_code": "B", "shortfall": 10},
		{"item_code": "A", "shortfall": 1.5},
		{"item_code": "C", "shortfall": 0},
	]
	assert transfer_lines(short, {"A": 100, "B": 3}) == [
		{"item_code": "A", "qty": 5.5, "shortfall": 5.5},
		{"item_code": "B", "qty": 3, "shortfall": 10},
	]


def test_transfer_refuses_when_nothing_is_short_or_nothing_is_there():
	with pytest.raises(DeliveryRuleError) as error:
		transfer_lines([{"item_code": "A", "shortfall": 0}], {"A": 5})
	assert error.value.code == "no_shortfall"
	with pytest.raises(DeliveryRuleError) as error:
		transfer_lines([{"item_code": "A", "shortfall": 2}], {"A": 0, "B": 9})
	assert error.value.code == "none_available" and error.value.figures["items"] == ["A"]


def test_percent_is_bounded_and_safe():
	assert percent(25, 200) == 12.5
	assert percent(300, 200) == 100
	assert percent(5, 0) == 0
	assert percent(-5, 10) == 0


def test_an_invoice_pays_an_order_in_proportion_to_its_lines():
	assert invoice_paid_share(1130, 130, 500, 1000) == 500  # 1000 of 1130 paid, half of it the order's
	assert invoice_paid_share(1000, 0, 1000, 1000) == 1000
	assert invoice_paid_share(1000, 1000, 1000, 1000) == 0
	assert invoice_paid_share(1000, 0, 1000, 0) == 0


def test_order_progress_uses_erpnext_percentages_and_caps_paid():
	progress = order_progress(1130, 600, 565, 2000, per_delivered=60, per_billed=50)
	assert progress == {
		"grand_total": 1130,
		"delivered_amount": 600,
		"per_delivered": 60,
		"billed_amount": 565,
		"per_billed": 50,
		"paid_amount": 1130,
		"per_paid": 100,
	}
	assert order_progress(200, 50, 0, 20, net_total=100)["per_delivered"] == 50
	assert order_progress(200, 0, 0, 20)["per_paid"] == 10
