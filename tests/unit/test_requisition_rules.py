import pytest

from jxc_app.rules import requisition as r
from tests import appinfo


def lines(*pairs):
	return [{"qty": qty, "ordered_qty": ordered} for qty, ordered in pairs]


@pytest.mark.parametrize(
	("docstatus", "approval", "pairs", "closed", "status"),
	[
		(0, None, [(10, 0)], False, r.DRAFT),
		(0, "Pending Approval", [(10, 0)], False, r.PENDING),
		(0, "Rejected", [(10, 0)], False, r.REJECTED),
		(0, "Withdrawn", [(10, 0)], False, r.DRAFT),
		(1, "Approved", [(10, 0), (5, 0)], False, r.APPROVED),
		(1, "Approved", [(10, 4), (5, 0)], False, r.PARTIALLY_ORDERED),
		(1, "Approved", [(10, 10), (5, 5)], False, r.ORDERED),
		(1, "Approved", [(10, 4)], True, r.CLOSED),
		(2, "Approved", [(10, 4)], False, r.CANCELLED),
	],
)
def test_status(docstatus, approval, pairs, closed, status):
	assert r.requisition_status(docstatus, approval, lines(*pairs), closed) == status


def test_per_ordered_caps_each_line():
	assert r.per_ordered(lines((10, 5), (10, 0))) == 25
	assert r.per_ordered(lines((10, 20), (10, 0))) == 50  # one line over-ordered cannot fill another
	assert r.per_ordered([]) == 0


def test_over_ordered_and_remaining():
	requested = {"a": 10, "b": 5}
	assert r.over_ordered(requested, {"a": 6}, {"a": 4, "b": 5}) == {}
	assert r.over_ordered(requested, {"a": 6}, {"a": 5}) == {"a": 1}
	assert r.over_ordered(requested, {}, {"c": 1}) == {"c": 1}  # not requested at all
	assert r.remaining_qty(10, 4) == 6 and r.remaining_qty(10, 12) == 0


def test_low_stock_shortfall_follows_erpnext_reorder_rule():
	assert r.low_stock_shortfall(projected_qty=30, reorder_level=100, reorder_qty=50) == 70
	assert r.low_stock_shortfall(projected_qty=80, reorder_level=100, reorder_qty=50) == 50
	assert r.low_stock_shortfall(projected_qty=100, reorder_level=100, reorder_qty=50) == 50  # at the level
	assert r.low_stock_shortfall(projected_qty=101, reorder_level=100, reorder_qty=50) == 0
	# open requisitions count: what they cover is not asked again
	assert (
		r.low_stock_shortfall(projected_qty=80, reorder_level=100, reorder_qty=50, already_requested=40) == 10
	)
	assert (
		r.low_stock_shortfall(projected_qty=0, reorder_level=100, reorder_qty=30, already_requested=100) == 0
	)
	assert r.low_stock_shortfall(projected_qty=-5, reorder_level=0, reorder_qty=0) == 0  # no reorder set


def test_statuses_are_the_doctypes_status_options():
	fields = appinfo.doctypes()["Purchase Requisition"]["fields"]
	options = next(field["options"] for field in fields if field["fieldname"] == "status")
	assert tuple(options.split("\n")) == r.STATUSES
