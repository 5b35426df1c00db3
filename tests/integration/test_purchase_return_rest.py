"""到货验收 and 采购退换货 over real HTTP: who may call what (403), malformed payloads for every
whitelisted method (4xx, nothing changed), and races on the returnable quantity (threads, one
connection each, released together).

Records are committed for the server to see and removed afterwards (ledger rows included: no
document path deletes those)."""

import frappe
import pytest
import requests

from jxc_app.jxc_returns import receipt_inspection
from tests.integration.factories import ItemFactory, SupplierFactory, WarehouseFactory, api_user
from tests.integration.test_races import explain, outcomes, race_post
from tests.integration.test_receipt_inspection import REASON, draft_receipt, ensure_reason

ACTIONS = "jxc_app.jxc_returns.purchase_return_actions"
INSPECTION = "jxc_app.jxc_returns.receipt_inspection.record_inspection"
PRR = "Purchase Return Request"


def _purge(doctype: str, names: list[str]):
	"""Delete committed documents with their child rows (submitted ones too)."""
	if not names:
		return
	for field in frappe.get_meta(doctype).get_table_fields():
		child = frappe.qb.DocType(field.options)
		frappe.qb.from_(child).delete().where(child.parent.isin(names)).run()
	table = frappe.qb.DocType(doctype)
	frappe.qb.from_(table).delete().where(table.name.isin(names)).run()


@pytest.fixture(scope="module")
def world(company):
	"""A supplier, two warehouses, an item, API users; removed with everything made for them."""
	ensure_reason()
	made: list[tuple[str, str]] = []
	world = frappe._dict(
		company=company,
		supplier=SupplierFactory().name,
		warehouse=WarehouseFactory(company=company).name,
		rejected=WarehouseFactory(company=company).name,
		item=ItemFactory().name,
		buyer=api_user(made, ["Purchase User"])[1],
		keeper=api_user(made, ["Stock User"])[1],
		manager=api_user(
			made, ["Purchase Manager", "Purchase User", "Stock User", "Stock Manager", "Accounts User"]
		)[1],
		outsider=api_user(made, ["Sales User"])[1],
	)
	frappe.db.commit()
	yield world
	frappe.db.rollback()
	frappe.set_user("Administrator")
	requests_made = frappe.get_all(PRR, {"supplier": world.supplier}, pluck="name")
	for doctype in ("Approval Request", "Comment", "Version"):
		table = frappe.qb.DocType(doctype)
		field = "reference_name" if doctype != "Version" else "docname"
		if requests_made:
			frappe.qb.from_(table).delete().where(table[field].isin(requests_made)).run()
	_purge(PRR, requests_made)
	receipts = frappe.get_all("Purchase Receipt", {"supplier": world.supplier}, pluck="name")
	orders = frappe.get_all("Purchase Order", {"supplier": world.supplier}, pluck="name")
	for doctype, field, values in (
		("Stock Ledger Entry", "voucher_no", receipts),
		("GL Entry", "voucher_no", receipts),
		("Payment Ledger Entry", "voucher_no", receipts + orders),
		("Repost Item Valuation", "voucher_no", receipts),
		("Bin", "item_code", [world.item]),
	):
		if values:
			table = frappe.qb.DocType(doctype)
			frappe.qb.from_(table).delete().where(table[field].isin(values)).run()
	_purge("Purchase Receipt", receipts)
	_purge("Purchase Order", orders)
	for doctype, name in reversed(made):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for doctype, name in (("Item", world.item), ("Supplier", world.supplier)):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for warehouse in (world.warehouse, world.rejected):
		frappe.delete_doc("Warehouse", warehouse, force=True, ignore_permissions=True)
	frappe.db.commit()


def _receipt(world, qty=10, rejected=0, submit=True):
	receipt = draft_receipt(world.company, [(world.item, qty, 10)], world.warehouse, supplier=world.supplier)
	if rejected:
		receipt_inspection.record_inspection(
			receipt.name,
			[
				{
					"line": receipt.items[0].name,
					"accepted_qty": qty - rejected,
					"rejected_qty": rejected,
					"reason": REASON,
				}
			],
			rejected_warehouse=world.rejected,
		)
		receipt.reload()
	if submit:
		receipt.submit()
	return receipt


def _request(world, receipt, qty, submit=True):
	doc = frappe.get_doc(
		{
			"doctype": PRR,
			"supplier": world.supplier,
			"company": world.company,
			"reason": REASON,
			"items": [{"purchase_receipt": receipt.name, "item_code": world.item, "qty": qty}],
		}
	).insert()
	if submit:
		doc.submit()
	return doc


def _post(server, method, headers, **data):
	return requests.post(f"{server}/api/method/{method}", headers=headers, json=data, timeout=120)


@pytest.mark.smoke
def test_who_may_call_what(server, world):
	receipt = _receipt(world, rejected=2)
	draft = _receipt(world, submit=False)
	request = _request(world, receipt, 3)
	frappe.db.commit()
	line = {"line": draft.items[0].name, "accepted_qty": 9, "rejected_qty": 1, "reason": REASON}
	# a sales user may do none of it
	for method, data in (
		(INSPECTION, {"purchase_receipt": draft.name, "items": [line], "rejected_warehouse": world.rejected}),
		(f"{ACTIONS}.make_purchase_return_request", {"purchase_receipt": receipt.name}),
		(f"{ACTIONS}.make_returns", {"name": request.name}),
		(f"{ACTIONS}.make_debit_note", {"name": request.name}),
		(f"{ACTIONS}.make_refund", {"name": request.name}),
		(f"{ACTIONS}.make_replacement_receipt", {"name": request.name}),
		(f"{ACTIONS}.close", {"name": request.name, "reason": "x"}),
	):
		response = _post(server, method, world.outsider, **data)
		assert response.status_code == 403, (method, response.text[:300])
	# a buyer asks for the return but does not settle money; a keeper moves goods but does not close
	assert _post(server, f"{ACTIONS}.make_debit_note", world.buyer, name=request.name).status_code == 403
	assert _post(server, f"{ACTIONS}.make_refund", world.keeper, name=request.name).status_code == 403
	assert _post(server, f"{ACTIONS}.close", world.keeper, name=request.name, reason="x").status_code == 403
	response = _post(
		server, f"{ACTIONS}.make_purchase_return_request", world.buyer, purchase_receipt=receipt.name
	)
	assert response.status_code == 200, response.text[:300]
	response = _post(server, f"{ACTIONS}.make_returns", world.keeper, name=request.name)
	assert response.status_code == 200, response.text[:300]
	frappe.db.rollback()
	assert frappe.db.get_value(PRR, request.name, "status") == "Completed"
	# only a POST
	response = requests.get(
		f"{server}/api/method/{ACTIONS}.make_returns",
		headers=world.keeper,
		params={"name": request.name},
		timeout=60,
	)
	assert response.status_code in (403, 405)


MALFORMED = [
	(INSPECTION, {}, 417),
	(INSPECTION, {"purchase_receipt": "nope", "items": [{"line": "x", "accepted_qty": 1}]}, 404),
	(INSPECTION, {"purchase_receipt": "{draft}", "items": "not json"}, 417),
	(INSPECTION, {"purchase_receipt": "{draft}", "items": []}, 417),
	(INSPECTION, {"purchase_receipt": "{draft}", "items": [{"line": "{line}", "accepted_qty": "ten"}]}, 417),
	(
		INSPECTION,
		{
			"purchase_receipt": "{draft}",
			"items": [{"line": "{line}", "accepted_qty": 1}],
			"rejected_warehouse": "nope",
		},
		404,
	),
	(
		INSPECTION,
		{"purchase_receipt": "{draft}", "items": [{"line": "{line}", "accepted_qty": 1, "reason": ["x"]}]},
		417,
	),
	(f"{ACTIONS}.make_purchase_return_request", {}, 417),
	(f"{ACTIONS}.make_purchase_return_request", {"purchase_receipt": "nope"}, 404),
	(f"{ACTIONS}.make_purchase_return_request", {"purchase_receipt": "{draft}"}, 417),
	(f"{ACTIONS}.make_purchase_return_request", {"purchase_receipt": "{receipt}", "reason": "nope"}, 404),
	(f"{ACTIONS}.make_returns", {}, 417),
	(f"{ACTIONS}.make_returns", {"name": "nope"}, 404),
	(f"{ACTIONS}.make_returns", {"name": "{request}", "items": "{"}, 417),
	(
		f"{ACTIONS}.make_returns",
		{"name": "{request}", "items": [{"line": "{request_line}", "qty": "x"}]},
		417,
	),
	(f"{ACTIONS}.make_returns", {"name": "{request}", "items": [{"line": "{request_line}", "qty": 99}]}, 417),
	(f"{ACTIONS}.make_returns", {"name": "{request}", "items": [{"line": "nope", "qty": 1}]}, 417),
	(f"{ACTIONS}.make_returns", {"name": "{request}", "posting_date": "yesterday"}, 417),
	(f"{ACTIONS}.make_debit_note", {}, 417),
	(f"{ACTIONS}.make_debit_note", {"name": "nope"}, 404),
	(f"{ACTIONS}.make_debit_note", {"name": "{request}"}, 417),
	(f"{ACTIONS}.make_refund", {"name": "{request}"}, 417),
	(f"{ACTIONS}.make_replacement_receipt", {"name": "{request}"}, 417),
	(f"{ACTIONS}.make_replacement_receipt", {"name": ["x"]}, 417),
	(f"{ACTIONS}.close", {"name": "{request}"}, 417),
	(f"{ACTIONS}.close", {"name": "{request}", "reason": "  "}, 417),
	(f"{ACTIONS}.close", {"name": "nope", "reason": "x"}, 404),
]


def _filled(value, names):
	if isinstance(value, str):
		return (
			value.format(**names)
			if value.startswith("{") and value.endswith("}") and value[1:-1] in names
			else value
		)
	if isinstance(value, list):
		return [_filled(item, names) for item in value]
	if isinstance(value, dict):
		return {key: _filled(item, names) for key, item in value.items()}
	return value


def test_malformed_payloads_are_refused_and_change_nothing(server, world):
	receipt = _receipt(world)
	draft = _receipt(world, submit=False)
	request = _request(world, receipt, 2)
	frappe.db.commit()
	before = frappe.db.count(PRR, {"supplier": world.supplier})
	names = {
		"draft": draft.name,
		"line": draft.items[0].name,
		"receipt": receipt.name,
		"request": request.name,
		"request_line": request.items[0].name,
	}
	for method, data, status in MALFORMED:
		response = _post(server, method, world.manager, **_filled(data, names))
		assert response.status_code == status, (method, data, response.status_code, response.text[:300])
	frappe.db.rollback()
	assert frappe.db.get_value(PRR, request.name, ["status", "per_returned"]) == ("To Return", 0)
	assert frappe.db.get_value("Purchase Receipt Item", draft.items[0].name, ["qty", "rejected_qty"]) == (
		10,
		0,
	)
	assert frappe.db.count(PRR, {"supplier": world.supplier}) == before


def test_concurrent_requests_never_ask_back_more_than_was_rejected(server, world):
	receipt = _receipt(world, rejected=3)
	frappe.db.commit()
	answers = race_post(
		f"{server}/api/method/{ACTIONS}.make_purchase_return_request",
		world.manager,
		[{"purchase_receipt": receipt.name} for _ in range(6)],
	)
	counts = outcomes(answers)
	assert counts[(200, None)] == 1, explain(answers)
	assert sum(counts.values()) == 6 and set(counts) <= {(200, None), (417, "PurchaseReturnQuantityError")}, (
		explain(answers)
	)
	requested = frappe.get_all(
		"Purchase Return Request Item", {"purchase_receipt": receipt.name, "from_rejected": 1}, pluck="qty"
	)
	assert sum(requested) == 3


def test_concurrent_returns_of_one_request_return_exactly_its_quantity(server, world):
	receipt = _receipt(world, qty=10)
	request = _request(world, receipt, 3)
	frappe.db.commit()
	answers = race_post(
		f"{server}/api/method/{ACTIONS}.make_returns",
		world.manager,
		[{"name": request.name, "items": [{"line": request.items[0].name, "qty": 1}]} for _ in range(6)],
	)
	counts = outcomes(answers)
	assert counts[(200, None)] == 3, explain(answers)
	refused = {(417, "PurchaseReturnStateError"), (417, "PurchaseReturnQuantityError")}
	assert sum(counts.values()) == 6 and set(counts) <= {(200, None)} | refused, explain(answers)
	returned = frappe.get_all(
		"Purchase Receipt",
		{"jxc_purchase_return_request": request.name, "docstatus": 1, "is_return": 1},
		pluck="name",
	)
	assert len(returned) == 3
	assert frappe.db.get_value(PRR, request.name, "status") == "Completed"
