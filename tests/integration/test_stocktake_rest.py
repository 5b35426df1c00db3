"""A blind count over real HTTP: a counter reads the stocktake and counts, but no book quantity,
valuation or variance reaches them — not in the form's document, the list, child-table queries,
get_value, or the variance report.

Records are committed for the server to see and removed afterwards."""

import json

import frappe
import pytest
import requests

from jxc_app.jxc_inventory import stocktake
from jxc_app.jxc_inventory.stocktake import counting, posting, snapshot, variance
from tests.integration.factories import (
	ItemFactory,
	WarehouseFactory,
	api_user,
	material_receipt,
	remove_stock_records,
)

BOOK_FIELDS = {"book_qty", "valuation_rate", "expected_qty", "variance_qty", "variance_value", "moved_qty"}
BOOK_QTY = 37.0  # a figure that appears nowhere else


@pytest.fixture
def blind(company, committed):
	warehouse = WarehouseFactory(company=company).name
	item = ItemFactory().name
	material_receipt(company, item, warehouse, BOOK_QTY, rate=3, days_ago=1)
	counter, headers = api_user(committed, ["Stock User"])
	_manager, manager_headers = api_user(committed, ["Stock Manager", "Stock User"])
	doc = frappe.get_doc(
		{
			"doctype": "Stocktake",
			"company": company,
			"count_mode": "Blind",
			"warehouses": [{"warehouse": warehouse}],
			"scope": "Chosen Items",
			"scope_items": [{"item_code": item}],
			"counters": [{"user": counter}],
		}
	).insert()
	snapshot.start_counting(doc.name)
	frappe.db.commit()
	yield frappe._dict(name=doc.name, item=item, headers=headers, manager=manager_headers)
	frappe.db.rollback()
	for name in frappe.get_all("Stocktake Count Entry", {"stocktake": doc.name}, pluck="name"):
		frappe.delete_doc("Stocktake Count Entry", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Stocktake", doc.name, force=True, ignore_permissions=True)
	remove_stock_records([item], [warehouse])


def _leaks(payload) -> set[str]:
	"""Book fields present with a value anywhere in a JSON answer, and the book quantity itself."""
	found = set()

	def walk(value):
		if isinstance(value, dict):
			for key, inner in value.items():
				if key in BOOK_FIELDS and inner not in (None, 0, 0.0, ""):
					found.add(key)
				walk(inner)
		elif isinstance(value, list):
			for inner in value:
				walk(inner)
		elif isinstance(value, int | float) and float(value) == BOOK_QTY:
			found.add(f"value {BOOK_QTY}")

	walk(payload)
	return found


@pytest.mark.smoke
def test_blind_counters_never_receive_book_quantities(server, blind):
	def get(path, headers, **params):
		response = requests.get(f"{server}{path}", headers=headers, params=params, timeout=60)
		return response.status_code, response.json() if response.content else {}

	# the document (what the form loads)
	status, body = get(f"/api/resource/Stocktake/{blind.name}", blind.headers)
	assert status == 200 and body["data"]["lines"], body
	assert _leaks(body) == set()
	status, body = get(
		"/api/method/frappe.desk.form.load.getdoc", blind.headers, doctype="Stocktake", name=blind.name
	)
	assert status == 200 and _leaks(body) == set()
	# the list, asking for the fields by name
	status, body = get(
		"/api/resource/Stocktake",
		blind.headers,
		fields=json.dumps(["name", "variance_value", "gain_value", "loss_value"]),
	)
	assert _leaks(body) == set(), body
	# the child table directly
	status, body = get(
		"/api/resource/Stocktake Line",
		blind.headers,
		parent="Stocktake",
		fields=json.dumps(["item_code", "book_qty", "valuation_rate", "variance_qty"]),
	)
	assert status in (200, 403) and _leaks(body) == set(), body
	status, body = get(
		"/api/method/frappe.client.get_value",
		blind.headers,
		doctype="Stocktake Line",
		fieldname=json.dumps(["book_qty"]),
		filters=json.dumps({"parent": blind.name}),
		parent="Stocktake",
	)
	assert _leaks(body) == set(), body
	# the variance report is for managers
	status, body = get(
		"/api/method/frappe.desk.query_report.run",
		blind.headers,
		report_name="Stocktake Variance",
		filters=json.dumps({"stocktake": blind.name}),
	)
	assert status == 403 and _leaks(body) == set(), body

	# counting works, and answers with the counter's own total only (through the path integrators
	# used before the stocktake became a package: it still answers)
	response = requests.post(
		f"{server}/api/method/jxc_app.jxc_inventory.stocktake.add_count",
		headers=blind.headers,
		json={"stocktake": blind.name, "item": blind.item, "qty": 30},
		timeout=60,
	)
	assert response.status_code == 200, response.text[:300]
	assert response.json()["message"]["my_total"] == 30 and _leaks(response.json()) == set()

	# a manager sees the book
	status, body = get(f"/api/resource/Stocktake/{blind.name}", blind.manager)
	assert body["data"]["lines"][0]["book_qty"] == BOOK_QTY


def test_the_whitelisted_methods_keep_their_old_rest_paths():
	"""``/api/method/jxc_app.jxc_inventory.stocktake.<name>``: the same whitelisted function as its
	canonical path, for every whitelisted method of the stocktake."""
	canonical = {
		function.__name__: function
		for module in (counting, posting, snapshot, variance)
		for function in vars(module).values()
		if callable(function)
		and getattr(function, "__module__", None) == module.__name__  # not ERPNext's, imported
		and function in frappe.whitelisted
	}
	assert set(canonical) == set(stocktake.__all__)
	for name, function in canonical.items():
		assert frappe.get_attr(f"jxc_app.jxc_inventory.stocktake.{name}") is function, name
		assert frappe.get_attr(f"{function.__module__}.{name}") is function, name
