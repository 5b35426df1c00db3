"""采购退换货 rules: inspection, returnable quantity, request status, supplier quality."""

import json

import pytest

from jxc_app.rules import purchase_return as rules
from jxc_app.rules.purchase_return import PurchaseReturnRuleError
from tests import appinfo


def _error(function, *args):
	with pytest.raises(PurchaseReturnRuleError) as caught:
		function(*args)
	return caught.value


def test_an_inspected_line_receives_what_was_accepted_and_rejected():
	assert rules.check_inspection(8, 2, "质量问题") == 10
	assert rules.check_inspection(10, 0, None) == 10
	assert rules.check_inspection(0, 3, "运输破损") == 3


@pytest.mark.parametrize(
	("accepted", "rejected", "reason", "code"),
	[
		(-1, 2, "x", "qty_negative"),
		(1, -2, "x", "qty_negative"),
		(0, 0, None, "nothing_inspected"),
		(5, 1, "", "reason_required"),
		(5, 1, "   ", "reason_required"),
	],
)
def test_an_inspection_is_refused(accepted, rejected, reason, code):
	assert _error(rules.check_inspection, accepted, rejected, reason).code == code


def test_returnable_takes_away_returns_and_other_requests():
	assert rules.returnable_qty(10, 3, 2) == 5
	assert rules.returnable_qty(10, 8, 5) == 0  # never negative
	assert rules.open_requested_qty(5, 2) == 3
	assert rules.open_requested_qty(5, 7) == 0


def test_a_request_line_may_ask_back_up_to_what_is_returnable():
	rules.check_request_qty(5, 5)
	error = _error(rules.check_request_qty, 5.5, 5)
	assert (error.code, error.figures["returnable"]) == ("over_return", 5)
	assert _error(rules.check_request_qty, 0, 5).code == "qty_not_positive"
	assert _error(rules.check_request_qty, -1, 5).code == "qty_not_positive"


def test_a_return_and_a_replacement_stay_within_the_line():
	rules.check_return_qty(2, 5, 3)
	assert _error(rules.check_return_qty, 3, 5, 3).figures["returnable"] == 2
	rules.check_replacement_qty(2, 4, 2)
	error = _error(rules.check_replacement_qty, 3, 4, 2)
	assert (error.code, error.figures["awaited"]) == ("over_replacement", 2)


def _line(qty, returned=0, replaced=0):
	return {"qty": qty, "returned_qty": returned, "replaced_qty": replaced}


@pytest.mark.parametrize(
	("docstatus", "approval", "lines", "resolution", "closed", "expected"),
	[
		(0, None, [_line(5)], rules.RETURN_AND_REFUND, False, rules.DRAFT),
		(0, "Pending Approval", [_line(5)], rules.RETURN_AND_REFUND, False, rules.PENDING),
		(0, "Rejected", [_line(5)], rules.RETURN_AND_REFUND, False, rules.REJECTED),
		(0, "Approved", [_line(5)], rules.RETURN_AND_REFUND, False, rules.APPROVED),
		(0, "Withdrawn", [_line(5)], rules.RETURN_AND_REFUND, False, rules.DRAFT),
		(1, None, [_line(5)], rules.RETURN_AND_REFUND, False, rules.TO_RETURN),
		(1, None, [_line(5, 2), _line(3)], rules.RETURN_AND_REFUND, False, rules.PARTIALLY_RETURNED),
		(1, None, [_line(5, 5), _line(3, 3)], rules.RETURN_AND_REFUND, False, rules.COMPLETED),
		(1, None, [_line(5, 5, 2)], rules.EXCHANGE, False, rules.AWAITING_REPLACEMENT),
		(1, None, [_line(5, 5, 5)], rules.EXCHANGE, False, rules.COMPLETED),
		(1, None, [_line(5, 2)], rules.EXCHANGE, True, rules.CLOSED),
		(2, None, [_line(5, 5)], rules.EXCHANGE, False, rules.CANCELLED),
	],
)
def test_request_status(docstatus, approval, lines, resolution, closed, expected):
	assert rules.request_status(docstatus, approval, lines, resolution, closed) == expected


def test_statuses_are_the_doctypes_options():
	meta = appinfo.doctypes()["Purchase Return Request"]
	status = next(field for field in meta["fields"] if field["fieldname"] == "status")
	assert tuple(status["options"].split("\n")) == rules.STATUSES
	resolution = next(field for field in meta["fields"] if field["fieldname"] == "resolution")
	assert tuple(resolution["options"].split("\n")) == rules.RESOLUTIONS
	assert json.dumps(rules.STATUSES)  # plain strings


def test_quality_rates_and_score():
	assert rules.quality_rates(200, 10, 6) == {"rejected_rate": 5.0, "return_rate": 3.0}
	assert rules.quality_rates(0, 0, 0) == {"rejected_rate": 0.0, "return_rate": 0.0}
	assert rules.quality_score(200, 10, 6) == 92.0
	assert rules.quality_score(0, 0, 0) is None
	assert rules.quality_score(10, 10, 10) == 0.0  # never below 0
