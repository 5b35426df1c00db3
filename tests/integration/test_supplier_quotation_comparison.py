"""比价单 on a real site: requisition → approval → RFQ → supplier quotations → comparison → approval →
one Purchase Order per awarded supplier → receipt, with quantities tracked back at each link."""

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from jxc_app.jxc_approvals import actions, errors, rule_lookup
from jxc_app.jxc_purchasing import comparison as service
from jxc_app.jxc_purchasing import requisition
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	SupplierFactory,
	as_administrator,
	make_department,
	make_person,
)

PRICE_ONLY = {"price_weight": 100, "quality_weight": 0, "lead_time_weight": 0, "service_weight": 0}


@pytest.fixture
def people(company):
	head, _ = make_person(company, ["Purchase Manager"])
	department = make_department(company, head=head)
	requester, _ = make_person(company, ["Purchase User"], department=department)
	buyer, _ = make_person(company, ["Purchase User"], department=department)
	return frappe._dict(company=company, head=head, requester=requester, buyer=buyer, department=department)


@pytest.fixture
def comparison_rule(company):
	"""The rule every site starts with (比价例外审批), pinned to this test's purchase manager."""
	return ApprovalRuleFactory(
		reference_doctype=service.COMPARISON,
		priority=10,
		conditions=[{"fieldname": "requires_approval", "operator": "=", "value": "1"}],
		steps=[{"step_name": "采购经理", "approver_type": "Department Head"}],
	)


def approved_requisition(people, quantities):
	"""A requisition of one new item per quantity, approved by the department head and submitted."""
	ApprovalRuleFactory(
		reference_doctype="Purchase Requisition",
		steps=[{"step_name": "部门负责人", "approver_type": "Department Head"}],
	)
	with as_administrator():
		items = [ItemFactory() for _ in quantities]
	warehouse = frappe.db.get_value("Warehouse", {"company": people.company, "is_group": 0})
	frappe.set_user(people.requester)
	doc = frappe.get_doc(
		{
			"doctype": "Purchase Requisition",
			"company": people.company,
			"purpose": "门店补货",
			"required_by": add_days(nowdate(), 14),
			"items": [
				{
					"item_code": item.name,
					"qty": qty,
					"uom": item.stock_uom,
					"estimated_rate": 10,
					"warehouse": warehouse,
				}
				for item, qty in zip(items, quantities, strict=True)
			],
		}
	).insert()
	actions.request_approval(doc.doctype, doc.name)
	frappe.set_user(people.head)
	actions.approve(doc.doctype, doc.name)
	frappe.set_user(people.requester)
	doc.reload()
	doc.submit()
	return doc


def quoted_rfq(requisition_name, quotes: dict[str, tuple[list[float], int]], valid_till=None):
	"""An RFQ of the requisition sent to the quoting suppliers, and each supplier's submitted
	quotation: ``quotes`` = {supplier: ([rate per line], lead time in days)}. Made by an administrator
	(ERPNext lets only purchase managers submit RFQs)."""
	with as_administrator():
		return _quoted_rfq(requisition_name, quotes, valid_till)


def _quoted_rfq(requisition_name, quotes, valid_till):
	from erpnext.buying.doctype.request_for_quotation.request_for_quotation import (
		make_supplier_quotation_from_rfq,
	)

	rfq = requisition.make_request_for_quotation(requisition_name)
	for supplier in quotes:
		rfq.append("suppliers", {"supplier": supplier})
	rfq.insert()
	rfq.submit()
	for supplier, (rates, lead_time) in quotes.items():
		quotation = make_supplier_quotation_from_rfq(rfq.name, for_supplier=supplier)
		quotation.valid_till = valid_till or add_days(nowdate(), 30)
		quotation.transaction_date = min(getdate(nowdate()), getdate(add_days(quotation.valid_till, -7)))
		for row, rate in zip(quotation.items, rates, strict=True):
			row.rate, row.lead_time_days = rate, lead_time
		quotation.insert()
		quotation.submit()
	return rfq


def new_suppliers(count):
	with as_administrator():
		return [SupplierFactory().name for _ in range(count)]


@pytest.mark.smoke
def test_whole_flow_awards_two_suppliers_and_orders_track_back(people, comparison_rule):
	s1, s2, s3 = new_suppliers(3)
	doc = approved_requisition(people, [10, 20])
	frappe.set_user(people.buyer)
	rfq = quoted_rfq(doc.name, {s1: ([10, 20], 5), s2: ([9, 22], 10), s3: ([11, 19], 3)})

	comparison = service.make_from_request_for_quotation(rfq.name)
	comparison.update(PRICE_ONLY)
	service.load_quotes(comparison)
	line_a, line_b = comparison.items
	assert len(comparison.quotes) == 6
	assert (line_a.suggested_supplier, line_b.suggested_supplier) == (s2, s3)
	assert comparison.purchase_requisition == doc.name
	assert line_a.purchase_requisition_item == doc.items[0].name

	# the buyer overrides line B (s1: neither cheapest nor best) with a reason
	line_b.awarded_supplier = s1
	with pytest.raises(service.ComparisonError):
		comparison.insert()  # no reason given
	line_b.award_reason = "s1 质量稳定，长期合作"
	comparison.insert()
	assert comparison.requires_approval == 1 and "Row #2" in comparison.approval_reasons
	assert comparison.total_amount == pytest.approx(10 * 9 + 20 * 20)
	with pytest.raises(errors.ApprovalRequiredError):
		frappe.get_doc(comparison.doctype, comparison.name).submit()

	actions.request_approval(comparison.doctype, comparison.name)
	assert frappe.db.get_value(comparison.doctype, comparison.name, "status") == "Pending Approval"
	frappe.set_user(people.head)
	actions.approve(comparison.doctype, comparison.name)

	# approval submits the comparison (as the buyer) and makes one order per awarded supplier
	comparison.reload()
	assert comparison.docstatus == 1 and comparison.status == "Ordered"
	orders = {line.awarded_supplier: line.purchase_order for line in comparison.items}
	assert set(orders) == {s1, s2} and len(set(orders.values())) == 2
	frappe.set_user(people.buyer)
	for supplier, name in orders.items():
		order = frappe.get_doc("Purchase Order", name)
		assert order.supplier == supplier and order.owner == people.buyer
		assert order.jxc_supplier_quotation_comparison == comparison.name
		(row,) = order.items
		assert row.supplier_quotation and row.jxc_purchase_requisition == doc.name
		order.submit()
	order_a = frappe.get_doc("Purchase Order", orders[s2])
	assert (order_a.items[0].qty, order_a.items[0].rate) == (10, 9)
	assert frappe.get_doc("Purchase Order", orders[s1]).items[0].rate == 20

	# the requisition sees both lines ordered
	doc.reload()
	assert [row.ordered_qty for row in doc.items] == [10, 20]
	assert doc.status == "Ordered" and doc.per_ordered == 100

	# a partial receipt: ERPNext's own received percentage on the order
	from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt

	with as_administrator():
		receipt = make_purchase_receipt(order_a.name)
		receipt.items[0].qty = 4
		receipt.insert()
		receipt.submit()
	assert frappe.db.get_value("Purchase Order", order_a.name, "per_received") == pytest.approx(40)
	assert frappe.db.get_value("Purchase Order Item", order_a.items[0].name, "received_qty") == 4

	# the zh print format shows the matrix, the awards and the amount in words
	html = frappe.get_print(comparison.doctype, comparison.name, print_format="比价单")
	assert "比价单" in html and s3 in html and "s1 质量稳定" in html
	assert "肆佰玖拾元整" in html  # 10 × 9 + 20 × 20 = 490


def test_awards_follow_the_scoring_rule(people):
	s1, s2 = new_suppliers(2)
	doc = approved_requisition(people, [10])
	frappe.set_user(people.buyer)
	rfq = quoted_rfq(doc.name, {s1: ([10], 5), s2: ([12], 2)})
	comparison = service.make_from_request_for_quotation(rfq.name)
	# default weights: s1 cheaper (50·100 + 20·40) vs s2 faster (50·83.3 + 20·100)
	(line,) = comparison.items
	scores = {row.supplier: row.total_score for row in comparison.quotes}
	assert scores[s1] == pytest.approx(58) and scores[s2] == pytest.approx(61.67, abs=0.01)
	assert line.suggested_supplier == s2 and line.awarded_supplier == s2
	comparison.insert()
	assert not comparison.requires_approval

	# awarding the lowest price needs no approval either, but a reason (not the suggestion)
	line = comparison.items[0]
	line.awarded_supplier, line.award_reason = s1, "价格优先"
	comparison.save()
	assert not comparison.requires_approval and comparison.items[0].rate == 10

	# a supplier who did not quote cannot be awarded
	(outsider,) = new_suppliers(1)
	comparison.items[0].awarded_supplier = outsider
	with pytest.raises(service.ComparisonError):
		comparison.save()

	# nothing awarded: nothing to submit
	comparison.reload()
	comparison.items[0].awarded_supplier = None
	comparison.save()
	with pytest.raises(service.ComparisonError):
		comparison.submit()


def test_single_and_expired_quotes(people, comparison_rule):
	s1, s2 = new_suppliers(2)
	doc = approved_requisition(people, [5])
	frappe.set_user(people.buyer)
	rfq = quoted_rfq(doc.name, {s1: ([10], 5)})
	comparison = service.make_from_purchase_requisition(doc.name)
	assert comparison.items[0].purchase_requisition_item == doc.items[0].name
	assert [row.supplier for row in comparison.quotes] == [s1]
	comparison.insert()
	# one quote only: the award needs approval
	assert comparison.requires_approval and comparison.items[0].approval_reason

	# a quotation (to a second RFQ) that expired before the comparison date is set aside
	with as_administrator():
		second = _quoted_rfq(doc.name, {s2: ([1], 5)}, valid_till=add_days(nowdate(), -1))
	assert second.name != rfq.name
	comparison.refresh_quotes()
	expired = next(row for row in comparison.quotes if row.supplier == s2)
	assert expired.ineligible_reason and expired.rank == 0
	assert comparison.items[0].suggested_supplier == s1
	comparison.items[0].awarded_supplier = s2
	comparison.items[0].award_reason = "最低价"
	with pytest.raises(service.ComparisonError):
		comparison.save()


def test_no_rule_means_no_award_that_needs_approval(people):
	"""An exceptional award is refused when an administrator removed every comparison rule."""
	s1, s2 = new_suppliers(2)
	with as_administrator():
		for name in frappe.get_all("Approval Rule", {"reference_doctype": service.COMPARISON}, pluck="name"):
			frappe.db.set_value("Approval Rule", name, "enabled", 0)
	rule_lookup.clear_rule_cache()
	doc = approved_requisition(people, [3])
	frappe.set_user(people.buyer)
	rfq = quoted_rfq(doc.name, {s1: ([10], 5), s2: ([12], 5)})
	comparison = service.make_from_request_for_quotation(rfq.name)
	comparison.items[0].awarded_supplier, comparison.items[0].award_reason = s2, "交期"
	comparison.insert()
	assert comparison.requires_approval
	with pytest.raises(errors.ApprovalRequiredError):
		comparison.submit()


def test_cancel_takes_back_draft_orders_but_not_submitted_ones(people):
	s1, s2 = new_suppliers(2)
	doc = approved_requisition(people, [6, 7])
	frappe.set_user(people.buyer)
	rfq = quoted_rfq(doc.name, {s1: ([10, 30], 5), s2: ([12, 20], 5)})
	comparison = service.make_from_request_for_quotation(rfq.name)
	comparison.update(PRICE_ONLY)
	comparison.insert()
	comparison.submit()  # best price per line: no approval needed
	orders = [line.purchase_order for line in comparison.items]
	assert len(set(orders)) == 2

	frappe.get_doc("Purchase Order", orders[0]).submit()
	with pytest.raises(service.ComparisonError):
		frappe.get_doc(comparison.doctype, comparison.name).cancel()

	frappe.get_doc("Purchase Order", orders[0]).cancel()
	frappe.get_doc(comparison.doctype, comparison.name).cancel()
	assert not frappe.db.exists("Purchase Order", orders[1])  # the draft went with it
	assert frappe.db.get_value(comparison.doctype, comparison.name, "status") == "Cancelled"
	assert frappe.db.get_value("Purchase Requisition", doc.name, "status") == "Approved"


def test_a_buyer_compares_only_the_quotations_and_scorecards_they_may_read(people):
	from frappe.permissions import add_user_permission

	s1, s2 = new_suppliers(2)
	doc = approved_requisition(people, [10])
	frappe.set_user(people.buyer)
	quoted_rfq(doc.name, {s1: ([10], 5), s2: ([9], 7)})
	with as_administrator():
		for supplier, score in ((s1, 80), (s2, 60)):
			# a scorecard's score as ERPNext's evaluation leaves it
			frappe.get_doc(
				{
					"doctype": "Supplier Scorecard",
					"name": supplier,
					"supplier": supplier,
					"supplier_score": score,
				}
			).db_insert()
		restricted, _ = make_person(people.company, ["Purchase User"])
		add_user_permission("Supplier", s1, restricted)

	def quotes_seen_by(user):
		frappe.set_user(user)
		comparison = service.make_from_purchase_requisition(doc.name)
		return {row.supplier: row.quality_score for row in comparison.quotes}

	# scorecards are for who may read them (ERPNext: System Manager)
	assert quotes_seen_by("Administrator") == {s1: 80, s2: 60}
	assert quotes_seen_by(people.buyer) == {s1: 0, s2: 0}
	# a buyer restricted to one supplier compares that supplier's quotation only
	assert quotes_seen_by(restricted) == {s1: 0}
	with as_administrator():
		frappe.get_doc("User", restricted).add_roles("System Manager")
	assert quotes_seen_by(restricted) == {s1: 80}
