"""What an approval covers, probed over REST: an approved document changed in anything that matters
to the decision does not submit; changes declared free (and no change at all) do.

Each refused attempt is made by the requester over HTTP, on the site served by Frappe's WSGI app:
``PUT /api/resource/<DocType>/<name>`` with the change, then ``{"docstatus": 1}`` (or both in one
request). Each allowed change is made in-process and submitted (rolled back afterwards), since a
submitted stock or accounting document writes ledger rows no test should leave behind.

Over 500 lines on purpose: ``ATTEMPTS`` is one table with a row per bypass attempt over 12 DocTypes,
and a test fails when a DocType has none.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate

from jxc_app.jxc_approvals import actions, constants, errors, rule_lookup
from jxc_app.jxc_approvals import requests as approval_requests
from jxc_app.setup.customizations import APPROVAL_STATUS_DOCTYPES
from tests.integration.factories import (
	ApprovalRuleFactory,
	CustomerFactory,
	ItemFactory,
	SupplierFactory,
	UserFactory,
	WarehouseFactory,
	as_administrator,
	material_receipt,
	unique,
)

ROLES = [
	"Purchase User",
	"Purchase Manager",
	"Sales User",
	"Sales Manager",
	"Stock User",
	"Stock Manager",
	"Accounts User",
	"Accounts Manager",
]
# the ERPNext documents that show their approval state, and three more approvable ones
DOCTYPES = [*APPROVAL_STATUS_DOCTYPES, "Delivery Note", "Purchase Requisition", "Stock Transfer Order"]


@pytest.fixture(scope="module")
def world(site):
	"""Master data, two users and one rule per DocType, committed for the server; removed afterwards."""
	from tests.integration.factories import ensure_test_company

	company = ensure_test_company()
	frappe.set_user("Administrator")
	# rules left by a run that was killed before its teardown
	for stale in frappe.get_all("Approval Rule", {"rule_name": ("like", "审批范围%")}, pluck="name"):
		frappe.delete_doc("Approval Rule", stale, force=True, ignore_permissions=True)
	box = frappe.get_doc({"doctype": "UOM", "uom_name": unique("箱")}).insert().name
	can = frappe.get_doc({"doctype": "UOM", "uom_name": unique("罐")}).insert().name
	items = [
		ItemFactory(
			stock_uom=can, uoms=[{"uom": can, "conversion_factor": 1}, {"uom": box, "conversion_factor": 24}]
		)
		for _ in range(2)
	]
	transit = WarehouseFactory(company=company, warehouse_type="Transit").name
	w = frappe._dict(
		company=company,
		box=box,
		can=can,
		item=items[0].name,
		other_item=items[1].name,
		warehouse=WarehouseFactory(company=company).name,
		other_warehouse=WarehouseFactory(company=company).name,
		transit=transit,
		supplier=SupplierFactory().name,
		other_supplier=SupplierFactory().name,
		customer=CustomerFactory().name,
		other_customer=CustomerFactory().name,
		cash=frappe.get_cached_value("Company", company, "default_cash_account"),
		payable=frappe.get_cached_value("Company", company, "default_payable_account"),
		adjustment=frappe.get_cached_value("Company", company, "stock_adjustment_account"),
		cost_center=frappe.get_cached_value("Company", company, "cost_center"),
	)
	requester = UserFactory(roles=ROLES)
	secret = frappe.generate_hash(length=20)
	requester.api_key, requester.api_secret = frappe.generate_hash(length=15), secret
	requester.save(ignore_permissions=True)
	w.requester = requester.name
	w.headers = {"Authorization": f"token {requester.api_key}:{secret}", "Host": frappe.local.site}
	w.approver = UserFactory(roles=ROLES).name
	w.rules = {}
	frappe.db.commit()
	try:
		for doctype in DOCTYPES:
			# only this requester's documents: other tests share the company
			w.rules[doctype] = ApprovalRuleFactory(
				rule_name=unique("审批范围"),
				reference_doctype=doctype,
				company=company,
				priority=900,
				conditions=[{"fieldname": "owner", "operator": "=", "value": w.requester}],
				steps=[{"step_name": "审批", "approver_type": "User", "user": w.approver}],
			).name
		frappe.db.commit()
		rule_lookup.clear_rule_cache()
		yield w
	finally:
		_remove_world(w)


def _remove_world(w):
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for doctype in DOCTYPES:
		for name in frappe.get_all(doctype, filters={"owner": w.requester}, pluck="name"):
			if frappe.db.get_value(doctype, name, "docstatus") == 1:
				frappe.get_doc(doctype, name).cancel()
			for request in approval_requests.get_requests(doctype, name):
				frappe.delete_doc("Approval Request", request, force=True, ignore_permissions=True)
			for todo in frappe.get_all(
				"ToDo", {"reference_type": doctype, "reference_name": name}, pluck="name"
			):
				frappe.delete_doc("ToDo", todo, force=True, ignore_permissions=True)
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for rule in w.rules.values():
		frappe.delete_doc("Approval Rule", rule, force=True, ignore_permissions=True)
	for user in (w.requester, w.approver):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()
	rule_lookup.clear_rule_cache()


# --------------------------------------------------------------------------- drafts, as the requester


def _line(w, **extra):
	return {"item_code": w.item, "qty": 10, "uom": w.can, "conversion_factor": 1, "rate": 5, **extra}


def _draft(w, doctype: str):
	today, later = nowdate(), add_days(nowdate(), 7)
	party = {"currency": "CNY", "conversion_rate": 1, "company": w.company}
	values = {
		"Purchase Order": {
			**party,
			"supplier": w.supplier,
			"transaction_date": today,
			"schedule_date": later,
			"items": [_line(w, warehouse=w.warehouse, schedule_date=later)],
		},
		"Sales Order": {
			**party,
			"customer": w.customer,
			"transaction_date": today,
			"delivery_date": later,
			"items": [_line(w, warehouse=w.warehouse, delivery_date=later)],
		},
		"Quotation": {
			**party,
			"quotation_to": "Customer",
			"party_name": w.customer,
			"transaction_date": today,
			"items": [_line(w, warehouse=w.warehouse)],
		},
		"Material Request": {
			"company": w.company,
			"material_request_type": "Purchase",
			"transaction_date": today,
			"schedule_date": later,
			"items": [_line(w, warehouse=w.warehouse, schedule_date=later)],
		},
		"Stock Entry": {
			"company": w.company,
			"stock_entry_type": frappe.db.get_value("Stock Entry Type", {"purpose": "Material Receipt"}),
			"purpose": "Material Receipt",
			"items": [
				{
					"item_code": w.item,
					"qty": 10,
					"uom": w.can,
					"conversion_factor": 1,
					"basic_rate": 5,
					"t_warehouse": w.warehouse,
				}
			],
		},
		"Stock Reconciliation": {
			"company": w.company,
			"purpose": "Stock Reconciliation",
			"expense_account": w.adjustment,
			"cost_center": w.cost_center,
			"items": [{"item_code": w.item, "warehouse": w.warehouse, "qty": 10, "valuation_rate": 5}],
		},
		"Payment Entry": {
			"company": w.company,
			"payment_type": "Pay",
			"party_type": "Supplier",
			"party": w.supplier,
			"posting_date": today,
			"paid_from": w.cash,
			"paid_to": w.payable,
			"paid_amount": 50,
			"received_amount": 50,
			"source_exchange_rate": 1,
			"target_exchange_rate": 1,
		},
		"Purchase Invoice": {
			**party,
			"supplier": w.supplier,
			"posting_date": today,
			"items": [_line(w)],
		},
		"Sales Invoice": {
			**party,
			"customer": w.customer,
			"posting_date": today,
			"due_date": later,
			"items": [_line(w)],
		},
		"Delivery Note": {
			**party,
			"customer": w.customer,
			"posting_date": today,
			"items": [_line(w, warehouse=w.warehouse)],
		},
		"Purchase Requisition": {
			"company": w.company,
			"purpose": "审批范围测试",
			"transaction_date": today,
			"required_by": later,
			"items": [
				{"item_code": w.item, "qty": 10, "uom": w.can, "estimated_rate": 5, "warehouse": w.warehouse}
			],
		},
		"Stock Transfer Order": {
			"company": w.company,
			"from_warehouse": w.warehouse,
			"to_warehouse": w.other_warehouse,
			"transit_warehouse": w.transit,
			"required_date": later,
			"reason": "审批范围测试",
			"items": [{"item_code": w.item, "qty": 10, "uom": w.can}],
		},
	}[doctype]
	frappe.set_user(w.requester)
	doc = frappe.get_doc({"doctype": doctype, **values}).insert()
	frappe.set_user("Administrator")
	return doc


def _approved(w, doctype: str):
	doc = _draft(w, doctype)
	frappe.set_user(w.requester)
	actions.request_approval(doctype, doc.name)
	frappe.set_user(w.approver)
	assert actions.approve(doctype, doc.name) == constants.APPROVED
	frappe.set_user("Administrator")
	return frappe.get_doc(doctype, doc.name)


# --------------------------------------------------------------------------- changes


def _row(doc, table="items", **changes):
	"""The document's first row of ``table`` as REST expects it (every field), with ``changes``."""
	return [{**json.loads(frappe.as_json(doc.get(table)[0])), **changes}, *_rows(doc, table)[1:]]


def _rows(doc, table="items"):
	return [json.loads(frappe.as_json(row)) for row in doc.get(table)]


def _party_field(doctype):
	return {
		"Purchase Order": ("supplier", "other_supplier"),
		"Purchase Invoice": ("supplier", "other_supplier"),
		"Payment Entry": ("party", "other_supplier"),
		"Sales Order": ("customer", "other_customer"),
		"Sales Invoice": ("customer", "other_customer"),
		"Delivery Note": ("customer", "other_customer"),
		"Quotation": ("party_name", "other_customer"),
	}.get(doctype)


@dataclass
class Attempt:
	doctype: str
	label: str
	change: Callable  # (world, doc) -> the PUT payload
	one_request: bool = False  # the change and docstatus 1 in the same PUT
	extra: dict = field(default_factory=dict)


def _line_attempts(doctype, warehouse_field="warehouse", rate_field="rate", uom=True):
	attempts = [
		# with a rate, the amount stays the same: twice the quantity at half the rate
		Attempt(
			doctype,
			"qty x2, rate /2" if rate_field else "qty x2",
			lambda w, d: {"items": _row(d, qty=20, **({rate_field: 2.5} if rate_field else {}))},
		),
		Attempt(doctype, "another item", lambda w, d: {"items": _row(d, item_code=w.other_item)}),
	]
	if uom:
		# 罐 → 箱 (24 per box) with the same quantity and rate: 240 cans instead of 10
		attempts.append(
			Attempt(doctype, "UOM 罐→箱", lambda w, d: {"items": _row(d, uom=w.box, conversion_factor=24)})
		)
	if warehouse_field:
		attempts.append(
			Attempt(
				doctype,
				f"line {warehouse_field}",
				lambda w, d: {"items": _row(d, **{warehouse_field: w.other_warehouse})},
			)
		)
	return attempts


def _party_attempts(doctype):
	fieldname, other = _party_field(doctype)
	return [
		Attempt(doctype, f"party ({fieldname})", lambda w, d: {fieldname: w[other]}),
		Attempt(
			doctype, f"party ({fieldname}) + submit in one PUT", lambda w, d: {fieldname: w[other]}, True
		),
	]


ATTEMPTS = [
	*_party_attempts("Purchase Order"),
	*_line_attempts("Purchase Order"),
	Attempt("Purchase Order", "header set_warehouse", lambda w, d: {"set_warehouse": w.other_warehouse}),
	*_party_attempts("Sales Order"),
	*_line_attempts("Sales Order"),
	*_party_attempts("Quotation"),
	*_line_attempts("Quotation"),
	*_line_attempts("Material Request", rate_field=None),
	Attempt(
		"Material Request",
		"type Purchase → Material Issue",
		lambda w, d: {"material_request_type": "Material Issue"},
	),
	*_line_attempts("Stock Entry", warehouse_field="t_warehouse", rate_field="basic_rate"),
	Attempt(
		"Stock Reconciliation", "counted qty", lambda w, d: {"items": _row(d, qty=100, valuation_rate=0.5)}
	),
	Attempt(
		"Stock Reconciliation", "warehouse", lambda w, d: {"items": _row(d, warehouse=w.other_warehouse)}
	),
	Attempt("Stock Reconciliation", "item", lambda w, d: {"items": _row(d, item_code=w.other_item)}),
	*_party_attempts("Payment Entry"),
	Attempt("Payment Entry", "paid from another account", lambda w, d: {"paid_from": w.adjustment_cash}),
	*_party_attempts("Purchase Invoice"),
	*_line_attempts("Purchase Invoice", warehouse_field=None),
	*_party_attempts("Sales Invoice"),
	*_line_attempts("Sales Invoice", warehouse_field=None),
	*_party_attempts("Delivery Note"),
	*_line_attempts("Delivery Note"),
	*_line_attempts("Purchase Requisition", rate_field="estimated_rate"),
	Attempt("Purchase Requisition", "department", lambda w, d: {"department": w.other_department}),
	Attempt("Stock Transfer Order", "destination", lambda w, d: {"to_warehouse": w.transit_other}),
	Attempt("Stock Transfer Order", "qty", lambda w, d: {"items": _row(d, qty=20)}),
	Attempt("Stock Transfer Order", "item", lambda w, d: {"items": _row(d, item_code=w.other_item)}),
	Attempt("Stock Transfer Order", "UOM 罐→箱", lambda w, d: {"items": _row(d, uom=w.box)}),
]


@pytest.fixture(scope="module")
def more(world):
	"""Records only some attempts need, committed with the world."""
	frappe.set_user("Administrator")
	world.adjustment_cash = (
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": unique("备用金"),
				"parent_account": frappe.db.get_value("Account", world.cash, "parent_account"),
				"company": world.company,
				"account_type": "Cash",
			}
		)
		.insert()
		.name
	)
	world.transit_other = WarehouseFactory(company=world.company).name
	world.other_department = (
		frappe.get_doc({"doctype": "Department", "department_name": unique("部门"), "company": world.company})
		.insert()
		.name
	)
	frappe.db.commit()
	yield world
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for doctype, name in (
		("Account", world.adjustment_cash),
		("Warehouse", world.transit_other),
		("Department", world.other_department),
	):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()


def _put(server, w, doctype, name, payload):
	return requests.put(
		f"{server}/api/resource/{doctype}/{name}",
		headers=w.headers,
		data=json.dumps(payload, default=str),
		timeout=120,
	)


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=lambda a: f"{a.doctype}: {a.label}")
def test_a_change_after_approval_needs_a_new_approval(server, more, attempt):
	w = more
	doc = _approved(w, attempt.doctype)
	payload = attempt.change(w, doc)
	frappe.db.commit()
	if attempt.one_request:
		response = _put(server, w, doc.doctype, doc.name, {**payload, "docstatus": 1})
	else:
		response = _put(server, w, doc.doctype, doc.name, payload)
		assert response.ok, response.text[:800]  # the draft may change ...
		response = _put(server, w, doc.doctype, doc.name, {"docstatus": 1})
	# ... but it does not submit on the old approval
	assert response.status_code == 417, response.text[:800]
	assert "ApprovalRequiredError" in response.text, response.text[:800]
	frappe.db.rollback()
	assert frappe.db.get_value(doc.doctype, doc.name, "docstatus") == 0
	if not attempt.one_request:
		# the change really reached the draft: the refusal is about it, not a failed edit
		assert rule_lookup.signature_of(
			frappe.get_doc(doc.doctype, doc.name), rule_lookup.match_rule(doc)
		) != (
			frappe.db.get_value(
				"Approval Request",
				approval_requests.get_requests(doc.doctype, doc.name, constants.APPROVED)[0],
				"signature",
			)
		)


def test_the_probe_covers_every_doctype_and_enough_attempts():
	assert {attempt.doctype for attempt in ATTEMPTS} == set(DOCTYPES)
	assert len(ATTEMPTS) >= 40


# --------------------------------------------------------------------------- what may change


def _submit_in_process(w, doc):
	frappe.set_user(w.requester)
	doc = frappe.get_doc(doc.doctype, doc.name)
	doc.submit()
	frappe.set_user("Administrator")
	return doc


FREE_CHANGES = {
	"Purchase Order": lambda w, d: (
		d.update({"schedule_date": add_days(nowdate(), 20)})
		or [row.update({"schedule_date": add_days(nowdate(), 20)}) for row in d.items]
	),
	"Material Request": lambda w, d: (
		d.update({"schedule_date": add_days(nowdate(), 20)})
		or [row.update({"schedule_date": add_days(nowdate(), 20)}) for row in d.items]
	),
	"Sales Order": lambda w, d: d.update({"terms": "送货上门"}),
	"Quotation": lambda w, d: d.update({"terms": "报价有效期 30 天"}),
	"Stock Entry": lambda w, d: d.update({"remarks": "补录"}),
	"Stock Reconciliation": lambda w, d: d.update({"posting_date": add_days(nowdate(), -1)}),
	"Payment Entry": lambda w, d: d.update({"remarks": "预付款"}),
	"Purchase Invoice": lambda w, d: d.update({"remarks": "发票备注"}),
	"Sales Invoice": lambda w, d: d.update({"remarks": "发票备注"}),
	"Delivery Note": lambda w, d: d.update({"instructions": "轻拿轻放"}),
	"Purchase Requisition": lambda w, d: d.update({"required_by": add_days(nowdate(), 30)}),
	"Stock Transfer Order": lambda w, d: d.update({"required_date": add_days(nowdate(), 30)}),
}


def _stock_for(w, doctype):
	# (a first reconciliation of an item would be an opening entry, with other accounts)
	if doctype in ("Delivery Note", "Stock Transfer Order", "Stock Reconciliation"):
		material_receipt(w.company, w.item, w.warehouse, 100, rate=5, days_ago=3)


@pytest.mark.parametrize("doctype", DOCTYPES)
@pytest.mark.smoke
def test_an_unchanged_approved_document_submits(world, doctype):
	_stock_for(world, doctype)
	doc = _submit_in_process(world, _approved(world, doctype))
	assert doc.docstatus == 1


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_a_declared_free_change_keeps_the_approval(world, doctype):
	_stock_for(world, doctype)
	doc = _approved(world, doctype)
	doc = frappe.get_doc(doctype, doc.name)
	if doctype == "Stock Reconciliation":
		doc.set_posting_time = 0  # ERPNext posts it now: the date is not the user's
	FREE_CHANGES[doctype](world, doc)
	frappe.set_user(world.requester)
	doc.save()
	doc.submit()
	assert doc.docstatus == 1


@pytest.fixture
def rule_changes(world):
	"""Rule edits are committed (the rule cache is shared by every process) and undone afterwards."""
	made, restore = [], []
	yield made, restore
	frappe.db.rollback()
	with as_administrator():
		for rule in made:
			frappe.delete_doc("Approval Rule", rule, force=True, ignore_permissions=True)
		for rule, steps in restore:
			doc = frappe.get_doc("Approval Rule", rule)
			doc.set("steps", steps)
			doc.save()
	frappe.db.commit()
	rule_lookup.clear_rule_cache()


def test_a_rule_whose_chain_changed_after_approval_needs_a_new_approval(world, rule_changes):
	_made, restore = rule_changes
	doc = _approved(world, "Purchase Order")
	with as_administrator():
		rule = frappe.get_doc("Approval Rule", world.rules["Purchase Order"])
		restore.append((rule.name, [step.as_dict() for step in rule.steps]))
		rule.append("steps", {"step_name": "总经理", "approver_type": "Role", "role": "General Manager"})
		rule.save()
	frappe.db.commit()
	frappe.set_user(world.requester)
	with pytest.raises(errors.ApprovalRequiredError):
		frappe.get_doc("Purchase Order", doc.name).submit()


def test_a_document_now_matching_another_rule_needs_a_new_approval(world, rule_changes):
	made, _restore = rule_changes
	doc = _approved(world, "Purchase Order")
	made.append(
		ApprovalRuleFactory(
			rule_name=unique("更高优先级"),
			reference_doctype="Purchase Order",
			company=world.company,
			priority=950,
			conditions=[
				{"fieldname": "owner", "operator": "=", "value": world.requester},
				{"fieldname": "supplier", "operator": "=", "value": world.supplier},
			],
			steps=[{"step_name": "审批", "approver_type": "User", "user": world.approver}],
		).name
	)
	frappe.db.commit()
	assert rule_lookup.match_rule(doc)["name"] == made[0]
	frappe.set_user(world.requester)
	with pytest.raises(errors.ApprovalRequiredError):
		frappe.get_doc("Purchase Order", doc.name).submit()
