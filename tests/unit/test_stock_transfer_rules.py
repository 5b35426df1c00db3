"""库存调拨 quantity and status transfer_rules."""

import pytest

from jxc_app.rules import stock_transfer as transfer_rules
from jxc_app.rules.stock_transfer import (
	DAMAGE,
	DAMAGED,
	DISPATCHED,
	RECEIVED,
	REFUSAL,
	REFUSED,
	SHORTAGE,
	SHORTAGE_RETURNED,
	SHORTAGE_WRITTEN_OFF,
	TransferRuleError,
)


def _error(function, *args):
	with pytest.raises(TransferRuleError) as caught:
		function(*args)
	return caught.value


def test_everything_dispatched_is_in_transit_until_settled():
	moved = {DISPATCHED: 10, RECEIVED: 6, DAMAGED: 1, REFUSED: 1}
	assert transfer_rules.settled_qty(moved) == 8
	assert transfer_rules.in_transit_qty(moved) == 2
	# a declared shortage is still in transit, but cannot be received any more
	assert transfer_rules.receivable_qty(moved, open_shortage=2) == 0
	moved.update({SHORTAGE_WRITTEN_OFF: 1, SHORTAGE_RETURNED: 1})
	assert transfer_rules.in_transit_qty(moved) == 0


def test_dispatch_is_bounded_by_the_order():
	transfer_rules.check_dispatch(10, {DISPATCHED: 4}, 6)
	error = _error(transfer_rules.check_dispatch, 10, {DISPATCHED: 4}, 7)
	assert (error.code, error.figures["remaining"]) == ("over_dispatch", 6)
	assert _error(transfer_rules.check_dispatch, 10, {}, 0).code == "qty_not_positive"


def test_a_receipt_accounts_for_at_most_what_is_in_transit():
	moved = {DISPATCHED: 10, RECEIVED: 2}
	transfer_rules.check_receipt(moved, 0, 5, {SHORTAGE: 1, DAMAGE: 1, REFUSAL: 1})
	error = _error(transfer_rules.check_receipt, moved, 0, 6, {SHORTAGE: 1, DAMAGE: 1, REFUSAL: 1})
	assert (error.code, error.figures["qty"], error.figures["available"]) == ("over_receipt", 9, 8)
	# an open shortage is not receivable twice
	assert _error(transfer_rules.check_receipt, moved, 3, 6, {}).code == "over_receipt"
	assert _error(transfer_rules.check_receipt, moved, 0, 0, {SHORTAGE: 0}).code == "nothing_to_receive"
	assert _error(transfer_rules.check_receipt, moved, 0, -1, {}).code == "qty_negative"
	assert _error(transfer_rules.check_receipt, moved, 0, 1, {"Lost": 1}).code == "unknown_variance"


def test_shortage_resolution_is_bounded_by_the_open_shortage():
	transfer_rules.check_shortage_resolution(3, 3)
	assert _error(transfer_rules.check_shortage_resolution, 3, 4).code == "over_resolution"
	assert _error(transfer_rules.check_shortage_resolution, 3, 0).code == "qty_not_positive"


@pytest.mark.parametrize(
	("moved", "closed", "status"),
	[
		({}, False, transfer_rules.APPROVED),
		({DISPATCHED: 4}, False, transfer_rules.PARTIALLY_DISPATCHED),
		({DISPATCHED: 10}, False, transfer_rules.IN_TRANSIT),
		({DISPATCHED: 10, RECEIVED: 4}, False, transfer_rules.PARTIALLY_RECEIVED),
		({DISPATCHED: 4, RECEIVED: 4}, False, transfer_rules.PARTIALLY_RECEIVED),
		({DISPATCHED: 10, RECEIVED: 8, DAMAGED: 1, REFUSED: 1}, False, transfer_rules.COMPLETED),
		# an open shortage keeps the order open until it is written off or returned
		({DISPATCHED: 10, RECEIVED: 9}, False, transfer_rules.PARTIALLY_RECEIVED),
		({DISPATCHED: 10, RECEIVED: 9, SHORTAGE_WRITTEN_OFF: 1}, False, transfer_rules.COMPLETED),
		({DISPATCHED: 4, RECEIVED: 4}, True, transfer_rules.CLOSED),
	],
)
def test_order_status_follows_its_lines(moved, closed, status):
	assert transfer_rules.order_status(1, None, [{"qty": 10, "moved": moved}], closed=closed) == status


def test_order_status_before_and_after_submit():
	lines = [{"qty": 10, "moved": {}}]
	assert transfer_rules.order_status(0, None, lines) == transfer_rules.DRAFT
	assert transfer_rules.order_status(0, "Pending Approval", lines) == transfer_rules.PENDING
	assert transfer_rules.order_status(0, "Rejected", lines) == transfer_rules.REJECTED
	assert transfer_rules.order_status(2, None, lines) == transfer_rules.CANCELLED


def test_ageing_buckets_and_percent():
	assert [transfer_rules.ageing_bucket(days) for days in (0, 7, 8, 30, 31, 60, 61)] == [
		"0-7",
		"0-7",
		"8-30",
		"8-30",
		"31-60",
		"31-60",
		"60+",
	]
	assert (
		transfer_rules.percent(5, 10) == 50
		and transfer_rules.percent(12, 10) == 100
		and transfer_rules.percent(1, 0) == 0
	)


def test_serial_numbers_one_a_line_or_separated_by_commas():
	assert transfer_rules.serial_numbers(" SN1\nSN2, SN3,,\n") == ["SN1", "SN2", "SN3"]
	assert transfer_rules.serial_numbers(None) == []
