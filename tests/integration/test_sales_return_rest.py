"""销售退换货单 over real HTTP: ERPNext's roles decide who acts (Sales User requests and receives,
Stock User inspects, Accounts User credits and refunds; a user without them gets 403), and every
malformed call to every action answers 4xx with a message and changes nothing.

Records are committed for the server to see and removed afterwards."""

import json

import frappe
import pytest
import requests

from tests.integration.factories import api_user
from tests.integration.sales_return_helpers import (
	delivery_note,
	invoice,
	remove_world,
	request,
	returns_setup,
)

API = "jxc_app.jxc_returns.sales_return.api"
METHODS = ("receive", "inspect", "credit", "refund", "ship_replacement", "invoice_replacement", "close")


@pytest.fixture
def world(company, committed):
	setup = returns_setup(company)
	note = delivery_note(setup.company, setup.customer, [(setup.a, 10, 100)], setup.stores)
	sale = invoice(note.name, paid=True)
	doc = request(
		setup,
		[{"delivery_note": note.name, "qty": 4, "resolution": "Exchange"}],
		[{"item_code": setup.c, "qty": 1, "rate": 150, "warehouse": setup.stores}],
	)
	users = {}
	for key, roles in (
		("outsider", ["Purchase User"]),
		("sales", ["Sales User"]),
		("stock", ["Stock User"]),
		("accounts", ["Accounts User"]),
	):
		users[key] = api_user(committed, roles)[1]
	frappe.db.commit()
	yield frappe._dict(
		setup=setup, doc=doc.name, line=doc.items[0].name, replacement=doc.replacements[0].name, users=users
	)
	remove_world(
		setup,
		[("Delivery Note", note.name), ("Sales Invoice", sale.name), ("Sales Return Request", doc.name)],
	)


def _call(server, world, method, who, **data):
	return requests.post(
		f"{server}/api/method/{API}.{method}", headers=world.users[who], data=data, timeout=120
	)


def _state(world):
	frappe.db.rollback()
	line = frappe.db.get_value(
		"Sales Return Request Item",
		world.line,
		["received_qty", "accepted_qty", "scrapped_qty", "credited_qty", "claimed_qty"],
	)
	return (
		frappe.db.get_value(
			"Sales Return Request", world.doc, ["status", "credited_amount", "refunded_amount"]
		),
		line,
		frappe.db.get_value("Sales Return Replacement", world.replacement, "shipped_qty"),
		frappe.db.count("Delivery Note", {"jxc_sales_return_request": world.doc}),
		frappe.db.count("Stock Entry", {"jxc_sales_return_request": world.doc}),
		frappe.db.count("Sales Invoice", {"jxc_sales_return_request": world.doc}),
		frappe.db.count("Payment Entry", {"jxc_sales_return_request": world.doc}),
	)


@pytest.mark.smoke
def test_roles_decide_who_acts_and_a_refusal_changes_nothing(server, world):
	before = _state(world)
	read = requests.get(
		f"{server}/api/resource/Sales Return Request/{world.doc}", headers=world.users["outsider"], timeout=60
	)
	assert read.status_code == 403
	for method in METHODS:
		items = json.dumps([{"line": world.line, "qty": 1, "accepted_qty": 1}])
		response = _call(server, world, method, "outsider", name=world.doc, reason="x", items=items)
		assert response.status_code == 403, (method, response.text[:300])
	assert _call(server, world, "get_remaining", "outsider", name=world.doc).status_code == 403
	# a Sales User makes no stock entries nor invoices
	for method, data in (
		("inspect", {"items": json.dumps([{"line": world.line, "accepted_qty": 1}])}),
		("credit", {}),
		("refund", {}),
	):
		response = _call(server, world, method, "sales", name=world.doc, **data)
		assert response.status_code == 403, (method, response.text[:300])
	assert _state(world) == before

	# the flow, each step by its role
	response = _call(
		server, world, "receive", "sales", name=world.doc, items=json.dumps([{"line": world.line, "qty": 4}])
	)
	assert response.status_code == 200, response.text[:500]
	response = _call(
		server,
		world,
		"inspect",
		"stock",
		name=world.doc,
		items=json.dumps([{"line": world.line, "accepted_qty": 3, "scrapped_qty": 1}]),
	)
	assert response.status_code == 200, response.text[:500]
	assert _call(server, world, "credit", "accounts", name=world.doc).status_code == 200
	assert _call(server, world, "ship_replacement", "stock", name=world.doc).status_code == 200
	assert _call(server, world, "invoice_replacement", "accounts", name=world.doc).status_code == 200
	remaining = _call(server, world, "get_remaining", "sales", name=world.doc).json()["message"]
	assert remaining["net_due"] == pytest.approx(-250)  # 150 − 4 × 100: 应退
	assert _call(server, world, "refund", "accounts", name=world.doc).status_code == 200
	state = _state(world)
	assert state[0][0] == "Completed" and state[1][:4] == (4, 3, 1, 4)


MALFORMED = [
	("receive", {}),
	("receive", {"name": "无此记录"}),
	("receive", {"name": "{doc}", "items": "not json"}),
	("receive", {"name": "{doc}", "items": "{}"}),
	("receive", {"name": "{doc}", "items": "[]"}),
	("receive", {"name": "{doc}", "items": json.dumps([1, 2])}),
	("receive", {"name": "{doc}", "items": json.dumps([{"line": "{line}", "qty": "many"}])}),
	("receive", {"name": "{doc}", "items": json.dumps([{"line": "{line}", "qty": 5}])}),
	("receive", {"name": "{doc}", "items": json.dumps([{"line": "{line}", "qty": -1}])}),
	("receive", {"name": "{doc}", "items": json.dumps([{"line": "nope", "qty": 1}])}),
	("receive", {"name": "{doc}", "items": json.dumps([{"line": "{line}", "qty": "1e999"}])}),
	("receive", {"name": "{doc}", "posting_date": "2026-13-45"}),
	("inspect", {"name": "{doc}"}),
	(
		"inspect",
		{"name": "{doc}", "items": json.dumps([{"line": "{line}", "accepted_qty": 1}])},
	),  # nothing received
	("inspect", {"name": "{doc}", "items": json.dumps([{"line": "{line}", "scrapped_qty": "x"}])}),
	("inspect", {"name": "{doc}", "items": "garbage"}),
	("credit", {"name": "{doc}"}),  # nothing received yet
	("credit", {"name": "{doc}", "items": json.dumps([{"line": "{line}", "qty": 1}])}),
	("credit", {"name": "{doc}", "items": json.dumps({"line": "{line}"})}),
	("refund", {"name": "{doc}"}),  # nothing credited
	("refund", {"name": "{doc}", "amount": "lots"}),
	("refund", {"name": "{doc}", "amount": "-5"}),
	("refund", {"name": "{doc}", "mode_of_payment": "无此方式"}),
	("ship_replacement", {"name": "{doc}", "items": json.dumps([{"line": "{replacement}", "qty": 2}])}),
	("ship_replacement", {"name": "{doc}", "items": json.dumps([{"line": "{replacement}", "qty": "x"}])}),
	("ship_replacement", {"name": "{doc}", "posting_date": "yesterday"}),
	("invoice_replacement", {"name": "{doc}"}),  # nothing shipped
	("invoice_replacement", {}),
	("close", {"name": "{doc}"}),
	("close", {"name": "{doc}", "reason": " "}),
	("close", {"name": "无此记录", "reason": "x"}),
	("get_remaining", {}),
	("get_remaining", {"name": "无此记录"}),
]


def test_malformed_calls_answer_4xx_and_change_nothing(server, world):
	before = _state(world)
	for method, data in MALFORMED:
		payload = {
			key: value.replace("{doc}", world.doc)
			.replace("{line}", world.line)
			.replace("{replacement}", world.replacement)
			for key, value in data.items()
		}
		response = _call(
			server,
			world,
			method,
			"accounts" if method in ("credit", "refund", "invoice_replacement") else "stock",
			**payload,
		)
		if method in ("receive", "ship_replacement", "close") and response.status_code == 403:
			response = _call(server, world, method, "sales", **payload)
		assert 400 <= response.status_code < 500, (method, data, response.status_code, response.text[:400])
		assert response.json().get("_server_messages") or response.json().get("exc_type"), (method, data)
	# a GET on an action that writes
	response = requests.get(
		f"{server}/api/method/{API}.receive",
		headers=world.users["sales"],
		params={"name": world.doc},
		timeout=60,
	)
	assert 400 <= response.status_code < 500
	assert _state(world) == before
