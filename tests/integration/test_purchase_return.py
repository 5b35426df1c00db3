"""采购退换货单 on a real site: rejected goods of an inspection returned in one click, accepted goods
returned with a debit note against their invoice (stock and GL read from ERPNext's ledger rows), a
refund, a supplier exchange with its replacement receipt, approval, and the returnable limit."""

import frappe
import pytest
from erpnext.stock.doctype.purchase_receipt.purchase_receipt import make_purchase_invoice
from erpnext.stock.utils import get_stock_balance

from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.errors import ApprovalRequiredError
from jxc_app.jxc_returns import purchase_return_actions as actions
from jxc_app.jxc_returns import receipt_inspection
from jxc_app.jxc_returns.purchase_return_errors import (
	PurchaseReturnQuantityError,
	PurchaseReturnStateError,
	PurchaseReturnValidationError,
)
from jxc_app.jxc_returns.report.supplier_quality import supplier_quality
from jxc_app.jxc_returns.supplier_quality import quality_scores
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	SupplierFactory,
	UserFactory,
	WarehouseFactory,
)
from tests.integration.test_receipt_inspection import REASON, draft_receipt, ensure_reason

PRR = "Purchase Return Request"


@pytest.fixture
def setup(company):
	ensure_reason()
	# ERPNext's default: rejected goods are not billed (the site may say otherwise; rolled back)
	frappe.db.set_single_value("Buying Settings", "bill_for_rejected_quantity_in_purchase_invoice", 0)
	return frappe._dict(
		company=company,
		supplier=SupplierFactory().name,
		warehouse=WarehouseFactory(company=company).name,
		rejected=WarehouseFactory(company=company).name,
		item=ItemFactory().name,
		other=ItemFactory().name,
	)


def _receipt(setup, lines, rejected=None):
	"""A submitted receipt of ``lines`` [(item, qty, rate)]; ``rejected``: item -> rejected qty."""
	receipt = draft_receipt(setup.company, lines, setup.warehouse, supplier=setup.supplier)
	if rejected:
		receipt_inspection.record_inspection(
			receipt.name,
			[
				{
					"item_code": item,
					"accepted_qty": qty - rejected.get(item, 0),
					"rejected_qty": rejected.get(item, 0),
					"reason": REASON,
				}
				for item, qty, _rate in lines
			],
			rejected_warehouse=setup.rejected,
		)
		receipt.reload()
	receipt.submit()
	return receipt


def _request(setup, lines, resolution="Return and Refund", submit=True):
	doc = frappe.get_doc(
		{
			"doctype": PRR,
			"supplier": setup.supplier,
			"company": setup.company,
			"resolution": resolution,
			"reason": REASON,
			"items": lines,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


def _reload(doc):
	return frappe.get_doc(doc.doctype, doc.name)


def _gl(voucher: str) -> dict[str, tuple[float, float]]:
	rows = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": voucher, "is_cancelled": 0},
		fields=["account", "debit", "credit"],
	)
	totals: dict[str, list[float]] = {}
	for row in rows:
		total = totals.setdefault(row.account, [0.0, 0.0])
		total[0] += row.debit
		total[1] += row.credit
	return {account: tuple(values) for account, values in totals.items()}


@pytest.mark.smoke
def test_rejected_goods_of_an_inspection_go_back_in_one_click(setup):
	receipt = _receipt(setup, [(setup.item, 10, 100), (setup.other, 5, 20)], rejected={setup.item: 3})
	name = actions.make_purchase_return_request(receipt.name)
	doc = frappe.get_doc(PRR, name)
	assert [(row.item_code, row.qty, row.from_rejected, row.warehouse, row.reason) for row in doc.items] == [
		(setup.item, 3, 1, setup.rejected, REASON)
	]
	doc.submit()
	assert _reload(doc).status == "To Return"
	# nothing more of the rejected goods may be asked back while this request holds them
	with pytest.raises(PurchaseReturnQuantityError):
		actions.make_purchase_return_request(receipt.name)

	(returned,) = actions.make_returns(name)
	ret = frappe.get_doc("Purchase Receipt", returned)
	assert (ret.is_return, ret.return_against, ret.jxc_purchase_return_request) == (1, receipt.name, name)
	assert [
		(row.item_code, row.qty, row.warehouse, row.return_qty_from_rejected_warehouse) for row in ret.items
	] == [(setup.item, -3, setup.rejected, 1)]
	assert get_stock_balance(setup.item, setup.rejected) == 0
	assert get_stock_balance(setup.item, setup.warehouse) == 7
	doc = _reload(doc)
	assert (doc.status, doc.items[0].returned_qty, doc.per_returned) == ("Completed", 3, 100)
	# rejected goods were never invoiced: no debit note for them
	with pytest.raises(PurchaseReturnStateError):
		actions.make_debit_note(name)
	# cancelling the return puts the request back
	ret.cancel()
	assert _reload(doc).status == "To Return"


@pytest.mark.smoke
def test_accepted_goods_returned_with_a_debit_note_against_their_invoice(setup):
	receipt = _receipt(setup, [(setup.item, 10, 100)], rejected={setup.item: 2})
	invoice = make_purchase_invoice(receipt.name)
	invoice.bill_no = frappe.generate_hash(length=8)
	invoice.insert()
	invoice.submit()
	assert invoice.grand_total == 800
	line = receipt.items[0].name
	# ERPNext counts every return of a receipt line together (accepted and rejected alike): a
	# request returns one part of a line, here the accepted goods
	doc = _request(setup, [{"purchase_receipt": receipt.name, "purchase_receipt_item": line, "qty": 4}])
	assert doc.total_amount == 400
	returned = actions.make_returns(doc.name, [{"line": doc.items[0].name, "qty": 1}])
	assert _reload(doc).status == "Partially Returned"
	with pytest.raises(PurchaseReturnQuantityError):
		actions.make_returns(doc.name, [{"line": doc.items[0].name, "qty": 3.5}])
	returned += actions.make_returns(doc.name)
	assert _reload(doc).status == "Completed"
	assert get_stock_balance(setup.item, setup.warehouse) == 4  # 8 accepted, 4 sent back
	assert get_stock_balance(setup.item, setup.rejected) == 2
	# the stock ledger of the returns: 4 out of the warehouse at the receipt's rate
	ledger = frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_no": ("in", returned), "is_cancelled": 0},
		fields=["warehouse", "actual_qty", "stock_value_difference"],
	)
	assert sum(row.actual_qty for row in ledger) == -4
	assert sum(row.stock_value_difference for row in ledger) == -400
	assert {row.warehouse for row in ledger} == {setup.warehouse}
	stock_account = frappe.db.get_value("Warehouse", setup.warehouse, "account") or frappe.get_cached_value(
		"Company", setup.company, "default_inventory_account"
	)
	assert sum(_gl(voucher)[stock_account][1] for voucher in returned) == 400

	debit_note = frappe.get_doc("Purchase Invoice", actions.make_debit_note(doc.name))
	assert (debit_note.is_return, debit_note.return_against, debit_note.docstatus) == (1, invoice.name, 1)
	assert debit_note.grand_total == -400
	assert _reload(doc).debit_note == debit_note.name
	payable = frappe.get_cached_value("Company", setup.company, "default_payable_account")
	gl = _gl(debit_note.name)
	assert gl[payable] == (400, 0)
	assert sum(debit for debit, _credit in gl.values()) == sum(credit for _debit, credit in gl.values())
	# the invoice was not paid: the debit note lowers what is owed on it
	assert frappe.db.get_value("Purchase Invoice", invoice.name, "outstanding_amount") == 400
	with pytest.raises(PurchaseReturnStateError):
		actions.make_debit_note(doc.name)  # one debit note
	with pytest.raises(PurchaseReturnStateError):
		actions.make_refund(doc.name)  # nothing outstanding on the debit note itself


def test_refund_of_returned_goods_not_yet_invoiced(setup):
	receipt = _receipt(setup, [(setup.item, 5, 60)])
	doc = _request(setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 2}])
	actions.make_returns(doc.name)
	debit_note = actions.make_debit_note(doc.name)
	assert frappe.db.get_value("Purchase Invoice", debit_note, "outstanding_amount") == -120
	entry = frappe.get_doc("Payment Entry", actions.make_refund(doc.name))
	assert (entry.payment_type, entry.party, entry.paid_amount, entry.docstatus) == (
		"Receive",
		setup.supplier,
		120,
		1,
	)
	assert entry.jxc_purchase_return_request == doc.name
	assert frappe.db.get_value("Purchase Invoice", debit_note, "outstanding_amount") == 0
	assert _reload(doc).refund_entry == entry.name


def test_supplier_exchange_waits_for_the_replacement_receipt(setup):
	receipt = _receipt(setup, [(setup.item, 6, 30)])
	doc = _request(
		setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 4}], resolution="Exchange"
	)
	with pytest.raises(PurchaseReturnStateError):
		actions.make_replacement_receipt(doc.name)  # nothing returned yet
	actions.make_returns(doc.name)
	doc = _reload(doc)
	assert (doc.status, doc.per_replaced) == ("Awaiting Replacement", 0)
	with pytest.raises(PurchaseReturnStateError):
		actions.make_refund(doc.name)  # an exchange is not refunded
	replacement = frappe.get_doc("Purchase Receipt", actions.make_replacement_receipt(doc.name))
	assert (replacement.is_return, replacement.jxc_purchase_return_request, replacement.docstatus) == (
		0,
		doc.name,
		0,
	)
	assert [(row.item_code, row.qty, row.warehouse) for row in replacement.items] == [
		(setup.item, 4, setup.warehouse)
	]
	with pytest.raises(PurchaseReturnQuantityError):
		actions.make_replacement_receipt(doc.name)  # already drafted
	# more than awaited is refused at submit
	replacement.items[0].qty = 5
	replacement.items[0].received_qty = 5
	replacement.save()
	with pytest.raises(PurchaseReturnQuantityError):
		replacement.submit()
	replacement.reload()
	replacement.items[0].qty = 3
	replacement.items[0].received_qty = 3
	replacement.save()
	replacement.submit()
	doc = _reload(doc)
	assert (doc.status, doc.items[0].replaced_qty, doc.per_replaced) == ("Awaiting Replacement", 3, 75)
	second = frappe.get_doc("Purchase Receipt", actions.make_replacement_receipt(doc.name))
	assert second.items[0].qty == 1
	second.submit()
	assert _reload(doc).status == "Completed"
	assert get_stock_balance(setup.item, setup.warehouse) == 6  # 6 in, 4 back, 4 replaced


def test_approval_holds_the_request(setup):
	manager = UserFactory(roles=["Purchase Manager"]).name
	ApprovalRuleFactory(
		reference_doctype=PRR,
		company=setup.company,
		steps=[{"step_name": "采购经理", "approver_type": "User", "user": manager}],
	)
	receipt = _receipt(setup, [(setup.item, 5, 10)])
	doc = _request(
		setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 1}], submit=False
	)
	with pytest.raises(ApprovalRequiredError):
		doc.submit()
	approval_actions.request_approval(PRR, doc.name)
	assert _reload(doc).status == "Pending Approval"
	frappe.set_user(manager)
	approval_actions.approve(PRR, doc.name)
	frappe.set_user("Administrator")
	doc = _reload(doc)
	assert doc.status == "Approved"
	# a request for more than was approved does not submit on the old approval
	doc.items[0].qty = 2
	doc.save()
	with pytest.raises(ApprovalRequiredError):
		_reload(doc).submit()
	doc = _reload(doc)
	doc.items[0].qty = 1
	doc.save()
	doc.submit()
	assert _reload(doc).status == "To Return"


def test_a_request_never_asks_back_more_than_is_returnable(setup):
	receipt = _receipt(setup, [(setup.item, 5, 10)], rejected={setup.item: 1})
	line = {"purchase_receipt": receipt.name, "item_code": setup.item}
	with pytest.raises(PurchaseReturnQuantityError):
		_request(setup, [{**line, "qty": 5}])  # 4 accepted
	with pytest.raises(PurchaseReturnQuantityError):
		_request(setup, [{**line, "qty": 3}, {**line, "qty": 2}])  # twice the same line
	first = _request(setup, [{**line, "qty": 3}], submit=False)  # a draft holds its lines too
	with pytest.raises(PurchaseReturnQuantityError):
		_request(setup, [{**line, "qty": 2}])
	_request(setup, [{**line, "qty": 1}, {**line, "qty": 1, "from_rejected": 1}])
	first.delete()
	_request(setup, [{**line, "qty": 3}])


def test_lines_must_be_the_suppliers_submitted_receipts(setup):
	receipt = _receipt(setup, [(setup.item, 5, 10)])
	draft = draft_receipt(setup.company, [(setup.item, 5, 10)], setup.warehouse, supplier=setup.supplier)
	other = _receipt(frappe._dict(setup, supplier=SupplierFactory().name), [(setup.item, 5, 10)])
	for line in (
		{"purchase_receipt": draft.name, "item_code": setup.item, "qty": 1},
		{"purchase_receipt": other.name, "item_code": setup.item, "qty": 1},
		{"purchase_receipt": receipt.name, "item_code": setup.other, "qty": 1},
		{"purchase_receipt": receipt.name, "purchase_receipt_item": other.items[0].name, "qty": 1},
	):
		with pytest.raises(PurchaseReturnValidationError):
			_request(setup, [line])
	with pytest.raises(PurchaseReturnValidationError):
		frappe.get_doc(
			{
				"doctype": PRR,
				"supplier": setup.supplier,
				"company": setup.company,
				"items": [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 1}],
			}
		).insert()  # no reason on the line nor the request


def test_close_and_cancel(setup):
	receipt = _receipt(setup, [(setup.item, 5, 10)])
	doc = _request(setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 2}])
	actions.make_returns(doc.name, [{"line": doc.items[0].name, "qty": 1}])
	with pytest.raises(PurchaseReturnStateError):
		_reload(doc).cancel()  # goods already went back
	assert actions.close(doc.name, "供应商只收回一件") == "Closed"
	with pytest.raises(PurchaseReturnStateError):
		actions.make_returns(doc.name)
	# a closed request holds nothing back: the rest may be asked again
	_request(setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 3.5}])
	untouched = _request(
		setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 0.5}], submit=True
	)
	untouched = _reload(untouched)
	untouched.cancel()
	assert _reload(untouched).status == "Cancelled"


def test_supplier_quality_report(setup):
	receipt = _receipt(setup, [(setup.item, 16, 10), (setup.other, 4, 10)], rejected={setup.item: 2})
	doc = _request(setup, [{"purchase_receipt": receipt.name, "item_code": setup.other, "qty": 1}])
	actions.make_returns(doc.name)
	actions.make_returns(
		frappe.get_doc(PRR, actions.make_purchase_return_request(receipt.name)).submit().name
	)
	_columns, rows = supplier_quality.execute({"company": setup.company, "supplier": setup.supplier})
	(row,) = rows
	# 20 received, 2 rejected at inspection (and sent back: not counted again), 1 returned later
	assert (row["received_qty"], row["rejected_qty"], row["returned_qty"]) == (20, 2, 1)
	assert (row["rejected_rate"], row["return_rate"], row["quality_score"]) == (10, 5, 85)
	assert quality_scores([setup.supplier], setup.company) == {setup.supplier: 85}
	_columns, rows = supplier_quality.execute(
		{"company": setup.company, "supplier": setup.supplier, "to_date": "2000-01-01"}
	)
	assert rows == []


def test_the_zh_return_print(setup):
	receipt = _receipt(setup, [(setup.item, 5, 20)])
	doc = _request(
		setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 2}], resolution="Exchange"
	)
	html = frappe.get_print(PRR, doc.name, print_format="采购退货单")
	assert "采购退货单" in html and "换货" in html and "肆拾元整" in html and receipt.name in html


def test_an_approved_request_with_a_fractional_amount_submits(setup):
	"""6 × 1.2 is 7.199999999999999 in floats: the amount computed at submit must be the one approved."""
	manager = UserFactory(roles=["Purchase Manager"]).name
	ApprovalRuleFactory(
		reference_doctype=PRR,
		company=setup.company,
		steps=[{"step_name": "采购经理", "approver_type": "User", "user": manager}],
	)
	receipt = _receipt(setup, [(setup.item, 10, 1.2)])
	doc = _request(
		setup, [{"purchase_receipt": receipt.name, "item_code": setup.item, "qty": 6}], submit=False
	)
	approval_actions.request_approval(PRR, doc.name)
	frappe.set_user(manager)
	approval_actions.approve(PRR, doc.name)
	frappe.set_user("Administrator")
	doc = _reload(doc)
	assert doc.total_amount == 7.2
	doc.submit()
	assert _reload(doc).status == "To Return"
