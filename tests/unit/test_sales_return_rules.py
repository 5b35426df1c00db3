"""销售退换货 rules: returnable quantity, claims, receipt and inspection checks, exchange difference,
what remains, and the request's status."""

import json
from pathlib import Path

import pytest

from jxc_app.rules import sales_return as r

DOCTYPE_JSON = (
	Path(__file__).resolve().parents[2]
	/ "jxc_app/jxc_returns/doctype/sales_return_request/sales_return_request.json"
)


def _error(function, *args, **kwargs):
	with pytest.raises(r.ReturnRuleError) as caught:
		function(*args, **kwargs)
	return caught.value


def test_returnable_is_delivered_less_returned_less_claimed_elsewhere():
	assert r.returnable_qty(10, 3, 4) == 3
	assert r.returnable_qty(10, 8, 4) == 0  # never below 0
	r.check_claim(10, 3, 4, 3)
	error = _error(r.check_claim, 10, 3, 4, 3.5)
	assert (error.code, error.figures["returnable"]) == ("over_return", 3)
	assert _error(r.check_claim, 10, 0, 0, 0).code == "qty_not_positive"


def test_a_line_claims_what_erpnext_does_not_count_yet():
	goods = {"qty": 5, "received_qty": 2, "resolution": r.RETURN_AND_REFUND}
	assert r.claim(goods, open_=True) == 3  # the 2 received are ERPNext's returned_qty
	assert r.claim(goods, open_=False) == 0
	refund_only = {"qty": 5, "credited_qty": 4, "resolution": r.REFUND_ONLY}
	assert r.claim(refund_only, open_=True) == 5
	assert r.claim(refund_only, open_=False) == 4  # what was refunded stays refunded


def test_receipt_is_bounded_and_refund_only_receives_nothing():
	line = {"qty": 5, "received_qty": 2, "resolution": r.EXCHANGE}
	r.check_receipt(line, 3)
	error = _error(r.check_receipt, line, 4)
	assert (error.code, error.figures["remaining"]) == ("over_receipt", 3)
	assert _error(r.check_receipt, line, -1).code == "qty_not_positive"
	assert _error(r.check_receipt, {"qty": 5, "resolution": r.REFUND_ONLY}, 1).code == "no_goods"


def test_inspection_split_fits_what_was_received_and_not_inspected():
	line = {"qty": 10, "received_qty": 8, "accepted_qty": 2}
	assert r.to_inspect(line) == 6
	assert r.check_inspection(line, {r.ACCEPTED: 1, r.SCRAPPED: 2, r.TO_SUPPLIER: 1, r.TO_REPAIR: 2}) == 6
	assert _error(r.check_inspection, line, {r.ACCEPTED: 7}).code == "over_inspection"
	assert _error(r.check_inspection, line, {r.ACCEPTED: 0}).code == "nothing_to_inspect"
	assert _error(r.check_inspection, line, {r.ACCEPTED: 3, r.SCRAPPED: -1}).code == "qty_negative"
	assert _error(r.check_inspection, line, {"Lost": 1}).code == "unknown_disposition"


def test_exchange_difference_is_receivable_when_dearer_and_refundable_when_cheaper():
	lines = [
		{"qty": 2, "rate": 50, "resolution": r.EXCHANGE},
		{"qty": 1, "rate": 999, "resolution": r.RETURN_AND_REFUND},  # not exchanged
	]
	assert r.exchange_difference(lines, [{"qty": 2, "rate": 80}]) == 60  # 应收差价
	assert r.exchange_difference(lines, [{"qty": 1, "rate": 30}]) == -70  # 应退差价
	assert r.exchange_difference(lines, []) == -100


def test_creditable_follows_resolution_and_invoicing():
	assert r.creditable_qty({"qty": 5, "received_qty": 3, "credited_qty": 1}) == 2
	assert r.creditable_qty({"qty": 5, "received_qty": 3, "resolution": r.REPAIR}) == 0
	assert r.creditable_qty({"qty": 5, "resolution": r.REFUND_ONLY}) == 5
	assert r.creditable_qty({"qty": 5, "received_qty": 5, "invoiced": False}) == 0


def test_remaining_and_shipment():
	lines = [
		{"qty": 5, "received_qty": 3, "accepted_qty": 1, "credited_qty": 1, "resolution": r.EXCHANGE},
		{"qty": 2, "resolution": r.REFUND_ONLY},
	]
	replacements = [{"qty": 4, "shipped_qty": 1, "invoiced_qty": 0}]
	assert r.remaining(lines, replacements) == {
		"to_receive": 2,
		"to_inspect": 2,
		"to_credit": 4,
		"to_ship": 3,
		"to_invoice": 1,
	}
	r.check_shipment(replacements[0], 3)
	assert _error(r.check_shipment, replacements[0], 4).code == "over_shipment"


def test_refund_is_bounded_by_what_was_credited():
	assert r.refundable_amount(300, 100, 50) == 150
	r.check_refund(150, 150)
	assert _error(r.check_refund, 150.01, 150).code == "over_refund"
	assert _error(r.check_refund, 0, 150).code == "amount_not_positive"


def test_status_follows_approval_goods_and_money():
	assert r.request_status(0, None, []) == r.DRAFT
	assert r.request_status(0, "Pending Approval", []) == r.PENDING
	assert r.request_status(0, "Rejected", []) == r.REJECTED
	assert r.request_status(0, "Approved", []) == r.APPROVED
	assert r.request_status(2, None, []) == r.CANCELLED
	line = {"qty": 4, "resolution": r.RETURN_AND_REFUND}
	assert r.request_status(1, None, [line]) == r.TO_RECEIVE
	assert r.request_status(1, None, [line], closed=True) == r.CLOSED
	assert r.request_status(1, None, [{**line, "received_qty": 2}]) == r.PARTIALLY_RECEIVED
	assert r.request_status(1, None, [{**line, "received_qty": 4, "accepted_qty": 1}]) == r.TO_INSPECT
	done = {**line, "received_qty": 4, "accepted_qty": 4}
	assert r.request_status(1, None, [done]) == r.IN_PROCESS  # to credit
	assert r.request_status(1, None, [{**done, "credited_qty": 4}]) == r.COMPLETED
	assert r.request_status(1, None, [{**done, "credited_qty": 4}], money_open=True) == r.IN_PROCESS
	refund_only = {"qty": 2, "resolution": r.REFUND_ONLY}
	assert r.request_status(1, None, [refund_only]) == r.APPROVED
	assert r.request_status(1, None, [{**refund_only, "credited_qty": 2}]) == r.COMPLETED
	exchange = {**done, "resolution": r.EXCHANGE, "credited_qty": 4}
	assert r.request_status(1, None, [exchange], [{"qty": 1, "shipped_qty": 0}]) == r.IN_PROCESS
	assert r.request_status(1, None, [exchange], [{"qty": 1, "shipped_qty": 1}]) == r.COMPLETED


def test_return_rate():
	assert r.return_rate(5, 200) == 2.5
	assert r.return_rate(5, 0) == 0


def test_statuses_match_the_doctype():
	meta = json.loads(DOCTYPE_JSON.read_text(encoding="utf-8"))
	options = next(f["options"] for f in meta["fields"] if f["fieldname"] == "status")
	assert tuple(options.split("\n")) == r.STATUSES
	resolutions = next(f["options"] for f in meta["fields"] if f["fieldname"] == "default_resolution")
	assert tuple(resolutions.split("\n")) == r.RESOLUTIONS
