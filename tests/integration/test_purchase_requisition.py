"""采购申请 on a real site: validation, approval, ordering through ERPNext POs with quantities tracked back."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from jxc_app import compat
from jxc_app.jxc_approvals import actions, errors
from jxc_app.jxc_purchasing import requisition as service
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	SupplierFactory,
	as_administrator,
	make_department,
	make_person,
)


@pytest.fixture
def people(company):
	head, _ = make_person(company, ["Purchase Manager"])
	department = make_department(company, head=head)
	requester, _ = make_person(company, ["Purchase User"], department=department)
	return frappe._dict(company=company, head=head, requester=requester, department=department)


def new_requisition(company, qty=10, rate=5, lines=1, **extra):
	with as_administrator():  # master data is not the requester's to create
		items = [ItemFactory() for _ in range(lines)]
	warehouse = frappe.db.get_value("Warehouse", {"company": company, "is_group": 0})
	doc = frappe.get_doc(
		{
			"doctype": "Purchase Requisition",
			"company": company,
			"purpose": "办公补货",
			"transaction_date": nowdate(),
			"required_by": add_days(nowdate(), 10),
			"items": [
				{
					"item_code": item.name,
					"qty": qty,
					"uom": item.stock_uom,
					"estimated_rate": rate,
					"warehouse": warehouse,
				}
				for item in items
			],
			**extra,
		}
	)
	return doc.insert()


def test_validation_and_totals(people):
	frappe.set_user(people.requester)
	doc = new_requisition(people.company, qty=4, rate=2.5, lines=2)
	assert doc.estimated_total == 20 and doc.status == "Draft"
	assert doc.department == people.department and doc.requester == people.requester
	assert all(row.schedule_date == doc.required_by for row in doc.items)
	with pytest.raises(service.RequisitionValidationError):
		new_requisition(people.company, qty=0)
	with pytest.raises(service.RequisitionValidationError):
		new_requisition(people.company, required_by=add_days(nowdate(), -1))


@pytest.mark.smoke
def test_approval_drives_the_status(people):
	ApprovalRuleFactory(
		reference_doctype="Purchase Requisition",
		steps=[{"step_name": "部门负责人", "approver_type": "Department Head"}],
	)
	frappe.set_user(people.requester)
	doc = new_requisition(people.company)
	with pytest.raises(errors.ApprovalRequiredError):
		frappe.get_doc(doc.doctype, doc.name).submit()
	actions.request_approval(doc.doctype, doc.name)
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Pending Approval"
	frappe.set_user(people.head)
	actions.reject(doc.doctype, doc.name, comment="预算不足")
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Rejected"
	with pytest.raises(service.RequisitionNotOrderableError):
		service.make_purchase_order(doc.name)
	with pytest.raises(service.RequisitionNotOrderableError):
		service.make_request_for_quotation(doc.name)
	frappe.set_user(people.requester)
	actions.request_approval(doc.doctype, doc.name)
	actions.withdraw(doc.doctype, doc.name, comment="改数量")
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Draft"
	with pytest.raises(service.RequisitionNotOrderableError):
		service.make_purchase_order(doc.name)
	actions.request_approval(doc.doctype, doc.name)
	frappe.set_user(people.head)
	actions.approve(doc.doctype, doc.name)
	frappe.set_user(people.requester)
	submitted = frappe.get_doc(doc.doctype, doc.name)
	submitted.submit()
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Approved"

	# the zh print format, with the approval trail
	html = frappe.get_print(doc.doctype, doc.name, print_format="采购申请单")
	assert "采购申请单" in html and "预算不足" in html and "伍拾元整" in html  # 10 × 5


def _order(requisition_name, qty=None, supplier=None):
	order = service.make_purchase_order(requisition_name, supplier=supplier or SupplierFactory().name)
	order.currency, order.conversion_rate = "CNY", 1
	if qty is not None:
		order.items[0].qty = qty
	order.insert()
	order.submit()
	return order


@pytest.mark.smoke
def test_orders_track_back_and_over_ordering_is_refused(people):
	frappe.set_user(people.requester)
	doc = new_requisition(people.company, qty=10)
	doc.submit()
	frappe.set_user("Administrator")
	first = _order(doc.name, qty=4)
	assert first.items[0].jxc_purchase_requisition == doc.name
	line = frappe.get_doc("Purchase Requisition Item", doc.items[0].name)
	assert line.ordered_qty == 4
	assert frappe.db.get_value(doc.doctype, doc.name, ["status", "per_ordered"]) == ("Partially Ordered", 40)

	# the next order proposes only what is left
	draft = service.make_purchase_order(doc.name, supplier=SupplierFactory().name)
	assert draft.items[0].qty == 6
	with pytest.raises(service.OverOrderError):
		_order(doc.name, qty=7)
	_order(doc.name, qty=6)
	assert frappe.db.get_value(doc.doctype, doc.name, ["status", "per_ordered"]) == ("Ordered", 100)
	with pytest.raises(service.RequisitionNotOrderableError):
		service.make_purchase_order(doc.name)

	# cancelling an order gives its quantity back
	first.reload()
	first.cancel()
	assert frappe.db.get_value("Purchase Requisition Item", doc.items[0].name, "ordered_qty") == 6
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Partially Ordered"


def test_update_items_on_a_submitted_order_keeps_to_the_requisition(people):
	"""ERPNext's Update Items on a submitted order: more than requested is refused, and the
	requisition's ordered quantity follows a change."""
	import json

	from erpnext.controllers.accounts_controller import update_child_qty_rate

	frappe.set_user(people.requester)
	doc = new_requisition(people.company, qty=10)
	doc.submit()
	frappe.set_user("Administrator")
	first, second = _order(doc.name, qty=4), _order(doc.name, qty=3)
	line = doc.items[0].name

	def update_items(order, qty):
		row = order.items[0]
		change = [{"docname": row.name, "item_code": row.item_code, "qty": qty, "rate": row.rate}]
		update_child_qty_rate(order.doctype, json.dumps(change), order.name)

	frappe.db.savepoint("before_update_items")
	with pytest.raises(service.OverOrderError):
		update_items(first, 8)  # 8 + 3 > 10
	frappe.db.rollback(save_point="before_update_items")  # what the failed request does
	assert frappe.db.get_value("Purchase Requisition Item", line, "ordered_qty") == 7
	update_items(first, 7)  # 7 + 3 = 10
	assert frappe.db.get_value("Purchase Requisition Item", line, "ordered_qty") == 10
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Ordered"
	update_items(frappe.get_doc(second.doctype, second.name), 1)
	assert frappe.db.get_value("Purchase Requisition Item", line, "ordered_qty") == 8
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Partially Ordered"


def test_preferred_supplier_lines_and_closing(people):
	supplier, other = SupplierFactory().name, SupplierFactory().name
	frappe.set_user(people.requester)
	doc = new_requisition(people.company, lines=2)
	doc.items[0].preferred_supplier = supplier
	doc.items[1].preferred_supplier = other
	doc.save()
	doc.submit()
	frappe.set_user("Administrator")
	order = service.make_purchase_order(doc.name, supplier=supplier)
	assert [row.item_code for row in order.items] == [doc.items[0].item_code]

	with pytest.raises(service.RequisitionValidationError):
		service.close(doc.name, reason=" ")
	frappe.set_user(people.requester)
	assert service.close(doc.name, reason="需求取消") == "Closed"
	with pytest.raises(service.RequisitionNotOrderableError):
		service.make_purchase_order(doc.name)


def test_rfq_supplier_quotation_and_order_carry_the_requisition_line(people):
	"""Requisition → RFQ (ours) → Supplier Quotation → Purchase Order (ERPNext's own mappings)."""
	from erpnext.buying.doctype.request_for_quotation.request_for_quotation import (
		make_supplier_quotation_from_rfq,
	)
	from erpnext.buying.doctype.supplier_quotation.supplier_quotation import make_purchase_order

	supplier = SupplierFactory().name
	frappe.set_user(people.requester)
	doc = new_requisition(people.company, qty=8, rate=12)
	doc.items[0].preferred_supplier = supplier
	doc.save()
	doc.submit()
	frappe.set_user("Administrator")

	rfq = service.make_request_for_quotation(doc.name)
	assert [row.supplier for row in rfq.suppliers] == [supplier]
	assert rfq.items[0].qty == 8 and rfq.items[0].jxc_purchase_requisition_item == doc.items[0].name
	rfq.insert()
	rfq.submit()

	quotation = make_supplier_quotation_from_rfq(rfq.name, for_supplier=supplier)
	quotation.items[0].rate = 11
	quotation.insert()
	quotation.submit()
	assert quotation.items[0].jxc_purchase_requisition_item == doc.items[0].name

	order = make_purchase_order(quotation.name)
	order.schedule_date = order.schedule_date or add_days(nowdate(), 7)
	order.insert()
	order.submit()
	assert frappe.db.get_value("Purchase Requisition Item", doc.items[0].name, "ordered_qty") == 8
	assert frappe.db.get_value(doc.doctype, doc.name, "status") == "Ordered"


@pytest.fixture
def budget(company):
	"""A submitted cost-center budget of 1 000 on an expense account, checked on requests (Stop)."""
	from erpnext.accounts.utils import get_fiscal_year

	account = frappe.db.get_value(
		"Account", {"company": company, "root_type": "Expense", "is_group": 0, "account_type": ""}
	)
	cost_center = frappe.db.get_value("Cost Center", {"company": company, "is_group": 0})
	with as_administrator():
		doc = compat.budget_document(
			company,
			cost_center,
			account,
			1000,
			get_fiscal_year(add_days(nowdate(), 10), company=company)[0],
			applicable_on_material_request=1,
			applicable_on_purchase_order=1,
			applicable_on_booking_actual_expenses=1,
			action_if_annual_budget_exceeded_on_mr="Stop",
			action_if_accumulated_monthly_budget_exceeded_on_mr="Ignore",
			action_if_accumulated_monthly_budget_exceeded_on_po="Ignore",
			action_if_accumulated_monthly_budget_exceeded="Ignore",
		).insert()
		doc.submit()
	return frappe._dict(doc=doc, account=account, cost_center=cost_center)


def test_budget_stop_blocks_and_warn_warns(people, budget):
	from erpnext.accounts.doctype.budget.budget import BudgetError

	on_budget = {"cost_center": budget.cost_center, "expense_account": budget.account}
	frappe.set_user(people.requester)
	over = new_requisition(people.company, qty=100, rate=20, **on_budget)  # 2 000 > 1 000
	with pytest.raises(BudgetError):
		frappe.get_doc(over.doctype, over.name).submit()
	assert frappe.db.get_value(over.doctype, over.name, "docstatus") == 0

	# within budget: submitted, and what it still asks for counts against the next request
	new_requisition(people.company, qty=10, rate=20, **on_budget).submit()  # 200
	with pytest.raises(BudgetError):
		new_requisition(people.company, qty=45, rate=20, **on_budget).submit()  # 200 + 900 > 1 000
	new_requisition(people.company, qty=40, rate=20, **on_budget).submit()  # 200 + 800 = 1 000

	# another cost center or account is not this budget's business
	new_requisition(people.company, qty=100, rate=20).submit()

	# Warn: submitted, with ERPNext's budget message
	budget.doc.db_set("action_if_annual_budget_exceeded_on_mr", "Warn")
	frappe.clear_messages()
	warned = new_requisition(people.company, qty=100, rate=20, **on_budget)
	warned.submit()
	assert warned.docstatus == 1
	assert any(budget.account in str(message) for message in frappe.message_log)


@pytest.mark.parametrize(
	("doctype", "linked"),
	[
		("Purchase Order", {"Purchase Requisition", "Supplier Quotation Comparison"}),
		("Request for Quotation", {"Purchase Requisition", "Supplier Quotation Comparison"}),
		("Supplier Quotation", {"Purchase Requisition"}),
	],
)
def test_buying_documents_show_requisitions_and_comparisons_in_their_connections(site, doctype, linked):
	"""override_doctype_dashboards (jxc_app/overrides/<doctype>.py): the Connections tab lists them."""
	data = frappe.get_meta(doctype).get_dashboard_data()
	shown = {name for group in data.transactions for name in group["items"]}
	assert linked <= shown
	assert {"Purchase Requisition"} <= set(data.internal_links)
