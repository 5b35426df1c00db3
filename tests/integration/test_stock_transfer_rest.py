"""库存调拨 over real HTTP, with ERPNext User Permissions on Warehouse: the source's keeper dispatches,
the destination's keeper receives but cannot dispatch, a keeper of another warehouse does not see the
order, a user without stock roles gets 403 — and a refused call changes nothing.

Records are committed for the server to see and removed afterwards."""

import frappe
import pytest
import requests

from benchmarks.common import submitted_transfer_order
from tests.integration.factories import (
	ItemFactory,
	WarehouseFactory,
	api_user,
	material_receipt,
	remove_stock_records,
)

TRANSFER = "jxc_app.jxc_inventory.transfer.api"


def _restrict(user: str, warehouse: str):
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Warehouse", "for_value": warehouse}
	).insert(ignore_permissions=True)


@pytest.fixture
def shop(company, committed):
	item = ItemFactory().name
	source, target, other = (WarehouseFactory(company=company).name for _ in range(3))
	transit = WarehouseFactory(company=company, warehouse_type="Transit").name
	material_receipt(company, item, source, 20, rate=10, days_ago=1)
	order = submitted_transfer_order(company, source, target, transit, {item: 8})
	users = {}
	for key, roles, warehouse in (
		("source_keeper", ["Stock User"], source),
		("target_keeper", ["Stock User"], target),
		("other_keeper", ["Stock User"], other),
		("outsider", ["Sales User"], None),
		("manager", ["Stock Manager", "Stock User"], None),
	):
		user, headers = api_user(committed, roles)
		if warehouse:
			_restrict(user, warehouse)
		users[key] = headers
	frappe.db.commit()
	yield frappe._dict(order=order.name, line=order.items[0].name, item=item, users=users)
	frappe.db.rollback()
	for permission in frappe.get_all(
		"User Permission", {"allow": "Warehouse", "for_value": ("in", [source, target, other])}, pluck="name"
	):
		frappe.delete_doc("User Permission", permission, force=True, ignore_permissions=True)
	remove_stock_records([item], [source, target, other, transit], [order.name])


@pytest.mark.smoke
def test_warehouse_keepers_act_only_on_their_side(server, shop):
	def call(method, who, **data):
		return requests.post(
			f"{server}/api/method/{TRANSFER}.{method}", headers=shop.users[who], json=data, timeout=60
		)

	def read(who):
		return requests.get(
			f"{server}/api/resource/Stock Transfer Order/{shop.order}", headers=shop.users[who], timeout=60
		)

	def listed(who):
		response = requests.get(
			f"{server}/api/resource/Stock Transfer Order",
			headers=shop.users[who],
			params={"filters": f'[["name", "=", "{shop.order}"]]'},
			timeout=60,
		)
		return response.status_code, [row["name"] for row in response.json().get("data", [])]

	def state():
		frappe.db.rollback()
		return (
			frappe.db.get_value("Stock Transfer Order", shop.order, ["status", "in_transit_qty"]),
			frappe.db.count("Stock Entry", {"jxc_stock_transfer_order": shop.order}),
		)

	before = state()
	# no stock role: nothing at all
	assert read("outsider").status_code == 403
	assert call("dispatch", "outsider", name=shop.order).status_code == 403
	# a keeper of another warehouse neither sees nor moves the order
	assert read("other_keeper").status_code == 403
	assert listed("other_keeper") == (200, [])
	assert call("dispatch", "other_keeper", name=shop.order).status_code == 403
	# the destination's keeper sees it, but cannot dispatch from the source
	assert read("target_keeper").json()["data"]["status"] == "Approved"
	assert listed("target_keeper") == (200, [shop.order])
	response = call("dispatch", "target_keeper", name=shop.order)
	assert response.status_code == 403, response.text[:300]
	assert state() == before

	# the source's keeper dispatches 5 of 8; they cannot receive at the destination
	response = call("dispatch", "source_keeper", name=shop.order, items=[{"line": shop.line, "qty": 5}])
	assert response.status_code == 200, response.text[:500]
	assert (
		call(
			"receive", "source_keeper", name=shop.order, items=[{"line": shop.line, "received_qty": 5}]
		).status_code
		== 403
	)
	assert state()[0] == ("Partially Dispatched", 5)

	# the destination's keeper receives; a bad quantity is refused with a message and changes nothing
	response = call(
		"receive", "target_keeper", name=shop.order, items=[{"line": shop.line, "received_qty": 6}]
	)
	assert response.status_code == 417 and "TransferQuantityError" in response.json().get("exc_type", "")
	assert state()[0] == ("Partially Dispatched", 5)
	response = call(
		"receive", "target_keeper", name=shop.order, items=[{"line": shop.line, "received_qty": 5}]
	)
	assert response.status_code == 200, response.text[:500]
	assert state()[0] == ("Partially Received", 0)


def test_only_a_stock_manager_settles_a_shortage_and_only_who_may_submit_closes(server, shop):
	"""A keeper (Stock User) may receive, but writing off or returning a shortage is a Stock
	Manager's call: refused with 403 and nothing changed. The old REST path (before the transfer
	module became a package) still answers."""

	def call(method, who, path=TRANSFER, **data):
		return requests.post(
			f"{server}/api/method/{path}.{method}", headers=shop.users[who], json=data, timeout=60
		)

	def state():
		frappe.db.rollback()
		return (
			frappe.db.get_value("Stock Transfer Order", shop.order, ["status", "in_transit_qty"]),
			frappe.db.count("Stock Entry", {"jxc_stock_transfer_order": shop.order, "docstatus": 1}),
			frappe.get_all("Stock Transfer Variance", {"parent": shop.order}, ["qty", "resolved_qty"]),
		)

	assert call("dispatch", "source_keeper", name=shop.order).status_code == 200
	response = call(
		"receive",
		"target_keeper",
		name=shop.order,
		items=[{"line": shop.line, "received_qty": 6, "shortage_qty": 2, "reason": "短少两件"}],
	)
	assert response.status_code == 200, response.text[:500]
	before = state()
	assert before[0] == ("Partially Received", 2) and before[2] == [{"qty": 2, "resolved_qty": 0}]

	for resolution in ("Written Off", "Returned"):
		response = call(
			"resolve_shortage", "target_keeper", name=shop.order, line=shop.line, resolution=resolution, qty=2
		)
		assert response.status_code == 403, response.text[:300]
		assert "PermissionError" in response.json().get("exc_type", "")
		assert state() == before
	# no submit permission on the order: cannot close it
	response = call("close", "outsider", name=shop.order, reason="不再调拨")
	assert response.status_code == 403, response.text[:300]
	assert state() == before

	# the manager writes it off, through the path kept for REST callers
	response = call(
		"resolve_shortage",
		"manager",
		path="jxc_app.jxc_inventory.transfer",
		name=shop.order,
		line=shop.line,
		resolution="Written Off",
		qty=2,
	)
	assert response.status_code == 200, response.text[:500]
	status, entries, variances = state()
	assert status == ("Completed", 0) and entries == before[1] + 1
	assert variances == [{"qty": 2, "resolved_qty": 2}]
