"""Who may close a count: the manager's actions on a stocktake (start, finish the count or the recount,
retry the posting, call it off) need a Stock Manager role *and* write (submit) permission on the
stocktake. A user who may only read it — a Stock User, a General Manager, its own 盘点员 — is refused
with a 403 and nothing changes; so is a Stock Manager whose write permission is withdrawn.

The REST part commits its records for the server to see and removes them afterwards."""

import frappe
import pytest
import requests

from jxc_app.jxc_inventory.stocktake import counting, permissions, posting, snapshot, states, variance
from tests.integration.factories import (
	ItemFactory,
	UserFactory,
	WarehouseFactory,
	api_user,
	material_receipt,
	remove_stock_records,
)

S = "jxc_app.jxc_inventory.stocktake"
READ_ONLY = {
	"Stock User": ["Stock User"],
	"General Manager": ["General Manager"],
	"盘点员": [permissions.COUNTER_ROLE],
}


def _stocktake(company: str, warehouse: str, items: list[str], counters: list[str], **fields):
	return frappe.get_doc(
		{
			"doctype": "Stocktake",
			"company": company,
			"warehouses": [{"warehouse": warehouse}],
			"scope": "Chosen Items",
			"scope_items": [{"item_code": item} for item in items],
			"counters": [{"user": user} for user in counters],
			**fields,
		}
	).insert()


def _state(name: str) -> dict:
	"""What a refused action must leave as it was: the stocktake's status and figures, its lines,
	its assignments and comments."""
	doc = frappe.get_doc("Stocktake", name)
	fields = ("counted_qty", "counted", "final_qty", "variance_qty", "recount_required", "recounted_qty")
	return {
		"stocktake": (doc.status, doc.counted_lines, doc.recount_lines, doc.variance_value, doc.modified),
		"lines": sorted((line.item_code, *(line.get(field) for field in fields)) for line in doc.lines),
		"todos": frappe.db.count("ToDo", {"reference_type": "Stocktake", "reference_name": name}),
		"comments": frappe.db.count("Comment", {"reference_doctype": "Stocktake", "reference_name": name}),
	}


@pytest.fixture
def store(company, committed):
	"""A stocktake being counted (one line counted) and one still a draft, both naming a 盘点员
	as counter; users who may read them but not write, each with an API key."""
	warehouse = WarehouseFactory(company=company).name
	items = [ItemFactory().name for _ in range(2)]
	for item in items:
		material_receipt(company, item, warehouse, 10, rate=4, days_ago=1)
	users = {label: api_user(committed, roles) for label, roles in READ_ONLY.items()}
	counter = users["盘点员"][0]
	draft = _stocktake(company, warehouse, items, [counter])
	counted = _stocktake(company, warehouse, items, [counter], freeze_mode="Track")
	snapshot.start_counting(counted.name)
	frappe.set_user(counter)
	counting.add_count(counted.name, items[0], 9)
	frappe.set_user("Administrator")
	frappe.db.commit()
	yield frappe._dict(draft=draft.name, counting=counted.name, users=users)
	frappe.db.rollback()
	for name in (draft.name, counted.name):
		frappe.db.delete("Stocktake Count Entry", {"stocktake": name})
		frappe.delete_doc("Stocktake", name, force=True, ignore_permissions=True)
	states.drop_freeze_cache()
	remove_stock_records(items, [warehouse])


def _call(server: str, headers: dict, method: str, **data) -> tuple[int, str | None]:
	response = requests.post(f"{server}/api/method/{S}.{method}", headers=headers, json=data, timeout=60)
	return response.status_code, response.json().get("exc_type") if response.content else None


@pytest.mark.smoke
def test_who_may_only_read_a_stocktake_is_refused_its_actions(server, store):
	before = {name: _state(name) for name in (store.draft, store.counting)}
	for label, (_user, headers) in store.users.items():
		# they do read both stocktakes
		for name in (store.draft, store.counting):
			response = requests.get(f"{server}/api/resource/Stocktake/{name}", headers=headers, timeout=60)
			assert response.status_code == 200, (label, name, response.text[:300])
		for method, name, extra in (
			("snapshot.start_counting", store.draft, {}),
			("variance.finish_counting", store.counting, {"uncounted_as_zero": 1}),
			("variance.finish_recount", store.counting, {}),
			("posting.retry_posting", store.counting, {}),
			("posting.cancel_draft", store.counting, {}),
			("posting.cancel_draft", store.draft, {}),
		):
			answer = _call(server, headers, method, name=name, **extra)
			assert answer == (403, "PermissionError"), (label, method, answer)
	frappe.db.rollback()  # see what the server committed
	assert {name: _state(name) for name in (store.draft, store.counting)} == before
	assert frappe.db.get_value("Stocktake", store.counting, "status") == states.COUNTING


@pytest.fixture
def manager_without_write(monkeypatch):
	"""A Stock Manager whose write permission on stocktakes is withdrawn (as an administrator may in
	Role Permission Manager, here through the has_permission hook): role and read stay."""
	manager = UserFactory(roles=["Stock Manager"]).name
	granted = permissions.has_permission

	def has_permission(doc, ptype=None, user=None, debug=False):
		if (user or frappe.session.user) == manager and ptype in ("write", "submit"):
			return False
		return granted(doc, ptype=ptype, user=user, debug=debug)

	monkeypatch.setattr(permissions, "has_permission", has_permission)
	return manager


def test_a_manager_without_write_permission_is_refused(company, manager_without_write, monkeypatch):
	warehouse = WarehouseFactory(company=company).name
	items = [ItemFactory().name for _ in range(2)]
	for item in items:
		material_receipt(company, item, warehouse, 10, rate=4, days_ago=1)
	first, second = (UserFactory(roles=["Stock User"]).name for _ in range(2))
	draft = _stocktake(company, warehouse, items, [first, second]).name
	counted = _stocktake(company, warehouse, items, [first, second], qty_tolerance_percent=1).name
	recount = _stocktake(company, warehouse, items, [first, second], qty_tolerance_percent=1).name
	for name in (counted, recount):
		snapshot.start_counting(name)
		frappe.set_user(first)
		counting.add_count(name, items[0], 10)
		counting.add_count(name, items[1], 5)  # half short: recount by the second counter
		frappe.set_user("Administrator")
	variance.finish_counting(recount)
	assert frappe.db.get_value("Stocktake", recount, "status") == states.RECOUNT
	frappe.set_user(second)
	counting.add_count(recount, items[1], 10)

	frappe.set_user(manager_without_write)
	assert frappe.has_permission("Stocktake", "read", doc=counted)
	before = {name: _state(name) for name in (draft, counted, recount)}
	for action, name in (
		(snapshot.start_counting, draft),
		(lambda name: variance.finish_counting(name, True), counted),
		(variance.finish_recount, recount),
		(posting.cancel_draft, counted),
	):
		with pytest.raises(frappe.PermissionError):
			action(name)
	assert {name: _state(name) for name in (draft, counted, recount)} == before

	# the same manager with write permission: the refusal was the write check
	monkeypatch.undo()
	assert variance.finish_counting(counted, True)["status"] == states.RECOUNT
	assert variance.finish_recount(recount) == {"status": states.COUNTED}
