"""销售退换货单 (Sales Return Request) on a real site: an RMA over two delivery notes received in
part, inspected into all four dispositions, credited and refunded; exchanges dearer and cheaper
with their GL and stock; 仅退款; the returnable quantity; approval; close and cancel."""

import frappe
import pytest
from frappe.utils import flt

from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.errors import ApprovalRequiredError
from jxc_app.jxc_returns.report.return_analysis import return_analysis
from jxc_app.jxc_returns.sales_return import api
from jxc_app.jxc_returns.sales_return import errors as return_errors
from jxc_app.rules import sales_return as return_rules
from tests.integration.factories import ApprovalRuleFactory, CustomerFactory, UserFactory
from tests.integration.sales_return_helpers import (
	claimed,
	delivery_note,
	gl_balance,
	invoice,
	reload,
	request,
	returns_setup,
	stock_qty,
)


@pytest.fixture
def setup(company):
	return returns_setup(company)


def _lines_by_item(doc):
	return {(line.delivery_note, line.item_code): line for line in doc.items}


@pytest.mark.smoke
def test_rma_from_two_deliveries_received_in_part_inspected_credited_and_refunded(setup):
	first = delivery_note(setup.company, setup.customer, [(setup.a, 10, 100)], setup.stores)
	second = delivery_note(setup.company, setup.customer, [(setup.a, 5, 100), (setup.b, 4, 50)], setup.stores)
	invoices = [invoice(first.name, paid=True), invoice(second.name, paid=True)]
	doc = request(
		setup,
		[
			{"delivery_note": first.name, "item_code": setup.a, "qty": 6},
			{"delivery_note": second.name, "item_code": setup.a, "qty": 3, "reason": "运输破损"},
			{"delivery_note": second.name, "item_code": setup.b, "qty": 4},
		],
	)
	lines = _lines_by_item(doc)
	one, two, three = (
		lines[(first.name, setup.a)],
		lines[(second.name, setup.a)],
		lines[(second.name, setup.b)],
	)
	assert one.rate == 100 and three.rate == 50 and doc.total_amount == 1100
	assert one.sales_invoice == invoices[0].name and three.sales_invoice == invoices[1].name
	assert doc.status == "To Receive"
	assert claimed(one.dn_detail) == 6

	# 收货, part: one return Delivery Note per source delivery, into the returns warehouse
	notes = api.receive(doc.name, [{"line": one.name, "qty": 4}, {"line": three.name, "qty": 4}])
	assert len(notes) == 2
	assert {frappe.db.get_value("Delivery Note", n, "return_against") for n in notes} == {
		first.name,
		second.name,
	}
	assert stock_qty(setup.a, setup.returns) == 4 and stock_qty(setup.b, setup.returns) == 4
	doc = reload(doc)
	assert doc.status == "Partially Received"
	assert frappe.db.get_value("Delivery Note Item", one.dn_detail, "returned_qty") == 4
	assert claimed(one.dn_detail) == 2  # 6 claimed, 4 of them now ERPNext's returned_qty
	with pytest.raises(return_errors.SalesReturnQuantityError):
		api.receive(doc.name, [{"line": one.name, "qty": 3}])  # only 2 remain
	api.receive(doc.name)  # the rest
	doc = reload(doc)
	assert doc.status == "To Inspect"
	assert stock_qty(setup.a, setup.returns) == 9

	# 检验: all four dispositions
	with pytest.raises(return_errors.SalesReturnQuantityError):
		api.inspect(doc.name, [{"line": one.name, "accepted_qty": 5, "scrapped_qty": 2}])  # 7 > 6
	entries = api.inspect(
		doc.name,
		[
			{"line": one.name, "accepted_qty": 2, "scrapped_qty": 1, "to_supplier_qty": 1, "repair_qty": 2},
			{"line": two.name, "accepted_qty": 3},
			{"line": three.name, "accepted_qty": 4},
		],
	)
	purposes = {frappe.db.get_value("Stock Entry", e, "purpose"): e for e in entries}
	assert set(purposes) == {"Material Transfer", "Material Issue"}
	assert stock_qty(setup.a, setup.returns) == 0 and stock_qty(setup.b, setup.returns) == 0
	assert stock_qty(setup.a, setup.repair) == 2 and stock_qty(setup.a, setup.hold) == 1
	assert stock_qty(setup.a, setup.stores) == 100 - 15 + 5 and stock_qty(setup.b, setup.stores) == 100
	adjustment = frappe.get_cached_value("Company", setup.company, "stock_adjustment_account")
	assert gl_balance([purposes["Material Issue"]], adjustment) == pytest.approx(40)  # 1 × 40 scrapped
	one = reload(doc).items[0]
	assert (one.accepted_qty, one.scrapped_qty, one.to_supplier_qty, one.repair_qty) == (2, 1, 1, 2)
	assert reload(doc).status == "In Process"

	# 红字发票 and 退款: the invoices were paid, so the customer gets the money back
	notes = api.credit(doc.name)
	assert len(notes) == 2
	receivable = frappe.db.get_value("Sales Invoice", invoices[0].name, "debit_to")
	assert gl_balance(notes, receivable) == pytest.approx(-1100)
	assert all(not frappe.db.get_value("Sales Invoice", n, "update_stock") for n in notes)
	doc = reload(doc)
	assert doc.credited_amount == pytest.approx(1100) and doc.net_settlement == pytest.approx(-1100)
	assert doc.status == "In Process"  # the refund is owed
	refunds = api.refund(doc.name)
	assert sum(frappe.db.get_value("Payment Entry", r, "paid_amount") for r in refunds) == pytest.approx(1100)
	doc = reload(doc)
	assert doc.refunded_amount == pytest.approx(1100) and doc.net_settlement == 0
	assert doc.status == "Completed"
	assert claimed(one.dn_detail) == 0


def _exchange(setup, replacement_rate: float, replacement_qty: float = 2):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 5, 100)], setup.stores)
	sale = invoice(note.name, paid=True)
	doc = request(
		setup,
		[{"delivery_note": note.name, "qty": 2, "resolution": "Exchange"}],
		[{"item_code": setup.c, "qty": replacement_qty, "rate": replacement_rate, "warehouse": setup.stores}],
	)
	api.receive(doc.name)
	api.inspect(doc.name, [{"line": doc.items[0].name, "accepted_qty": 2}])
	credit_notes = api.credit(doc.name)
	shipment = api.ship_replacement(doc.name)
	invoices = api.invoice_replacement(doc.name)
	return frappe._dict(
		note=note, sale=sale, doc=reload(doc), credit_notes=credit_notes, shipment=shipment, invoices=invoices
	)


@pytest.mark.smoke
def test_exchange_for_a_dearer_item_invoices_the_difference(setup):
	run = _exchange(setup, replacement_rate=130)
	doc = run.doc
	assert doc.exchange_difference == pytest.approx(60)  # 2 × 130 − 2 × 100: 应收差价
	assert doc.net_settlement == pytest.approx(60)
	assert doc.status == "Completed"  # the customer owes the difference: an ordinary receivable
	# stock: A back into the stores after inspection, C out to the customer
	assert stock_qty(setup.a, setup.stores) == 100 - 5 + 2
	assert stock_qty(setup.c, setup.stores) == 98
	# GL: the customer's account moves by the difference; income by the same
	receivable = frappe.db.get_value("Sales Invoice", run.sale.name, "debit_to")
	vouchers = run.credit_notes + run.invoices
	assert gl_balance(vouchers, receivable) == pytest.approx(60)
	income = frappe.db.get_value("Sales Invoice Item", {"parent": run.invoices[0]}, "income_account")
	assert gl_balance(vouchers, income) == pytest.approx(-60)
	# the replacement delivery's cost of goods at C's valuation
	cogs = frappe.db.get_value("Delivery Note Item", {"parent": run.shipment}, "expense_account")
	assert gl_balance([run.shipment], cogs) == pytest.approx(120)
	assert doc.replacements[0].shipped_qty == 2 and doc.replacements[0].invoiced_qty == 2


def test_exchange_for_a_cheaper_item_refunds_the_difference(setup):
	run = _exchange(setup, replacement_rate=150, replacement_qty=1)
	doc = run.doc
	assert doc.exchange_difference == pytest.approx(-50)  # 150 − 200: 应退差价
	assert doc.net_settlement == pytest.approx(-50)
	assert doc.status == "In Process"
	with pytest.raises(return_errors.SalesReturnQuantityError):
		api.refund(doc.name, 60)
	refunds = api.refund(doc.name)
	assert frappe.db.get_value("Payment Entry", refunds[0], "paid_amount") == pytest.approx(50)
	doc = reload(doc)
	assert doc.status == "Completed" and doc.net_settlement == 0
	assert stock_qty(setup.c, setup.stores) == 99
	receivable = frappe.db.get_value("Sales Invoice", run.sale.name, "debit_to")
	assert gl_balance(run.credit_notes + run.invoices + refunds, receivable) == pytest.approx(0)


def test_replacement_without_stock_is_refused_and_changes_nothing(setup):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 5, 100)], setup.stores)
	doc = request(
		setup,
		[{"delivery_note": note.name, "qty": 1, "resolution": "Exchange"}],
		[{"item_code": setup.c, "qty": 500, "rate": 100, "warehouse": setup.stores}],
	)
	with pytest.raises(frappe.ValidationError):
		api.ship_replacement(doc.name)
	assert not frappe.get_all("Delivery Note", filters={"jxc_sales_return_request": doc.name, "docstatus": 1})
	assert reload(doc).replacements[0].shipped_qty == 0


@pytest.mark.smoke
def test_refund_only_credits_without_goods(setup):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 10, 100)], setup.stores)
	sale = invoice(note.name, paid=True)
	doc = request(
		setup, [{"delivery_note": note.name, "qty": 2, "resolution": "Refund Only", "reason": "客户原因"}]
	)
	assert doc.status == "Approved"
	with pytest.raises(return_errors.SalesReturnQuantityError):
		api.receive(doc.name)  # nothing comes back
	notes = api.credit(doc.name)
	assert frappe.db.get_value(
		"Sales Invoice", notes[0], ["is_return", "update_stock", "return_against"]
	) == (
		1,
		0,
		sale.name,
	)
	assert not frappe.get_all("Stock Ledger Entry", filters={"voucher_no": notes[0]})
	api.refund(doc.name)
	doc = reload(doc)
	assert doc.status == "Completed" and doc.items[0].credited_qty == 2
	# what was refunded stays claimed: 8 of 10 remain returnable
	assert claimed(doc.items[0].dn_detail) == 2
	with pytest.raises(return_errors.SalesReturnQuantityError):
		request(setup, [{"delivery_note": note.name, "qty": 9}])
	request(setup, [{"delivery_note": note.name, "qty": 8}])


def test_credit_of_an_unpaid_invoice_lowers_what_it_owes(setup):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 4, 100)], setup.stores)
	sale = invoice(note.name)
	doc = request(setup, [{"delivery_note": note.name, "qty": 1}])
	api.receive(doc.name)
	api.inspect(doc.name, [{"line": doc.items[0].name, "accepted_qty": 1}])
	api.credit(doc.name)
	assert frappe.db.get_value("Sales Invoice", sale.name, "outstanding_amount") == pytest.approx(300)
	assert reload(doc).status == "Completed"  # nothing to refund


def test_returnable_quantity_holds_across_requests(setup):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 5, 100)], setup.stores)
	first = request(setup, [{"delivery_note": note.name, "qty": 3}], submit=False)
	with pytest.raises(return_errors.SalesReturnQuantityError):
		request(setup, [{"delivery_note": note.name, "qty": 3}], submit=False)
	second = request(setup, [{"delivery_note": note.name, "qty": 2}], submit=False)
	# a draft's quantity lowered releases what it claimed; deleting it releases the rest
	first.items[0].qty = 1
	first.save()
	assert claimed(first.items[0].dn_detail) == 3
	frappe.delete_doc("Sales Return Request", second.name)
	assert claimed(first.items[0].dn_detail) == 1
	request(setup, [{"delivery_note": note.name, "qty": 4}])


def test_lines_must_be_of_the_customer_and_submitted_sales(setup):
	other = CustomerFactory().name
	foreign = delivery_note(setup.company, other, [(setup.a, 2, 100)], setup.stores)
	with pytest.raises(return_errors.SalesReturnValidationError):
		request(setup, [{"delivery_note": foreign.name, "qty": 1}])
	draft = delivery_note(setup.company, setup.customer, [(setup.a, 2, 100)], setup.stores, submit=False)
	with pytest.raises(return_errors.SalesReturnValidationError):
		request(setup, [{"delivery_note": draft.name, "qty": 1}])
	note = delivery_note(setup.company, setup.customer, [(setup.a, 2, 100)], setup.stores)
	with pytest.raises(return_errors.SalesReturnValidationError):
		request(setup, [{"delivery_note": note.name, "qty": 1, "reason": ""}])
	with pytest.raises(return_errors.SalesReturnValidationError):
		request(setup, [{"delivery_note": note.name, "qty": 1, "resolution": "Refund Only"}])  # not invoiced


def test_approval_rule_holds_the_request(setup):
	manager = UserFactory(roles=["Sales Manager"]).name
	ApprovalRuleFactory(
		reference_doctype="Sales Return Request",
		company=setup.company,
		amount_field="total_amount",
		min_amount=500,
		steps=[{"step_name": "销售经理", "approver_type": "User", "user": manager}],
	)
	note = delivery_note(setup.company, setup.customer, [(setup.a, 10, 100)], setup.stores)
	small = request(setup, [{"delivery_note": note.name, "qty": 1}])  # 100: under the rule
	assert small.status == "To Receive"
	doc = request(setup, [{"delivery_note": note.name, "qty": 6}], submit=False)
	with pytest.raises(ApprovalRequiredError):
		doc.submit()
	approval_actions.request_approval(doc.doctype, doc.name)
	assert reload(doc).status == "Pending Approval"
	frappe.set_user(manager)
	approval_actions.approve(doc.doctype, doc.name)
	frappe.set_user("Administrator")
	doc = reload(doc)
	assert doc.status == "Approved"
	# a dearer request than the one approved does not submit on the old approval
	doc.items[0].qty = 8
	doc.save()
	with pytest.raises(ApprovalRequiredError):
		reload(doc).submit()
	doc = reload(doc)
	doc.items[0].qty = 6
	doc.save()
	doc.submit()
	assert reload(doc).status == "To Receive"


def test_close_releases_what_was_not_received_and_cancel_what_was_claimed(setup):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 5, 100)], setup.stores)
	doc = request(setup, [{"delivery_note": note.name, "qty": 4}])
	api.receive(doc.name, [{"line": doc.items[0].name, "qty": 1}])
	with pytest.raises(return_errors.SalesReturnStateError):
		api.close(doc.name, "客户不再退回")  # 1 waits for inspection
	api.inspect(doc.name, [{"line": doc.items[0].name, "accepted_qty": 1}])
	with pytest.raises(return_errors.SalesReturnValidationError):
		api.close(doc.name, " ")
	assert api.close(doc.name, "客户不再退回") == "Closed"
	assert claimed(doc.items[0].dn_detail) == 0
	with pytest.raises(return_errors.SalesReturnStateError):
		api.receive(doc.name)
	other = request(setup, [{"delivery_note": note.name, "qty": 4}])  # 5 − 1 returned
	assert claimed(other.items[0].dn_detail) == 4
	api.receive(other.name, [{"line": other.items[0].name, "qty": 1}])
	with pytest.raises(return_errors.SalesReturnStateError):
		reload(other).cancel()  # goods came back
	fresh = delivery_note(setup.company, setup.customer, [(setup.a, 3, 100)], setup.stores)
	third = request(setup, [{"delivery_note": fresh.name, "qty": 3}])
	reload(third).cancel()
	assert reload(third).status == "Cancelled" and claimed(third.items[0].dn_detail) == 0


def test_cancelled_return_delivery_takes_its_receipt_back(setup):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 5, 100)], setup.stores)
	doc = request(setup, [{"delivery_note": note.name, "qty": 2}])
	(returned,) = api.receive(doc.name)
	assert reload(doc).items[0].received_qty == 2
	frappe.get_doc("Delivery Note", returned).cancel()
	doc = reload(doc)
	assert doc.items[0].received_qty == 0 and doc.status == "To Receive"
	assert claimed(doc.items[0].dn_detail) == 2
	assert flt(frappe.db.get_value("Delivery Note Item", doc.items[0].dn_detail, "returned_qty")) == 0


def test_return_analysis_matches_the_documents(setup):
	note = delivery_note(setup.company, setup.customer, [(setup.a, 10, 100), (setup.b, 5, 50)], setup.stores)
	invoice(note.name, paid=True)
	doc = request(
		setup,
		[
			{"delivery_note": note.name, "item_code": setup.a, "qty": 2},
			{
				"delivery_note": note.name,
				"item_code": setup.b,
				"qty": 1,
				"resolution": "Refund Only",
				"reason": "客户原因",
			},
		],
	)
	api.receive(doc.name)
	api.credit(doc.name, [{"line": doc.items[1].name, "qty": 1}])
	filters = {"company": setup.company, "customer": setup.customer, "group_by": "Item"}
	_columns, rows, _message, chart = return_analysis.execute(filters)
	by_item = {row.group: row for row in rows}
	assert by_item[setup.a].returned_qty == 2 and by_item[setup.a].returned_amount == pytest.approx(200)
	assert by_item[setup.a].delivered_qty == 10 and by_item[setup.a].return_rate == pytest.approx(20)
	assert by_item[setup.b].returned_qty == 1 and by_item[setup.b].return_rate == pytest.approx(20)
	assert chart["type"] == "bar"
	_columns, rows, *_rest = return_analysis.execute({**filters, "group_by": "Reason"})
	by_reason = {row.group: row for row in rows}
	assert by_reason["质量问题"].returned_qty == 2 and by_reason["客户原因"].returned_amount == pytest.approx(
		50
	)
	assert by_reason["质量问题"].delivered_qty == 15  # everything delivered to the customer
	# the zh print 退换货单 with the amount in 大写
	html = frappe.get_print("Sales Return Request", doc.name, "退换货单")
	assert "退换货单" in html and "贰佰伍拾元整" in html


def test_demo_has_a_request_in_every_status(demo_company):
	statuses = set(frappe.get_all("Sales Return Request", filters={"company": demo_company}, pluck="status"))
	assert statuses == set(return_rules.STATUSES), set(return_rules.STATUSES) - statuses
	assert frappe.db.exists(
		"Approval Rule", {"reference_doctype": "Sales Return Request", "company": demo_company}
	)
