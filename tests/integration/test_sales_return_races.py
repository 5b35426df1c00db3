"""The returnable and receivable quantities of 销售退换货 hold when requests race: ten requests over
the same delivery line at once claim no more than was delivered, and ten receipts at once on one
request receive no more than it asks. Real HTTP, one thread and connection per call (the ``race``
of ``test_races``).

Records are committed for the server to see and removed afterwards."""

import json

import frappe
import pytest
from frappe.utils import getdate

from tests.integration.factories import api_user
from tests.integration.sales_return_helpers import delivery_note, remove_world, request, returns_setup
from tests.integration.test_races import explain, outcomes, race_post

CALLS = 10


@pytest.fixture
def world(company, committed):
	setup = returns_setup(company)
	note = delivery_note(setup.company, setup.customer, [(setup.a, 10, 100)], setup.stores)
	_user, headers = api_user(committed, ["Sales User", "Stock User"])
	# the request's naming series exists (its first row, made by two requests at once, deadlocks
	# in Frappe's naming before any of our code runs)
	frappe.db.sql(
		"INSERT IGNORE INTO `tabSeries` (`name`, `current`) VALUES (%s, 0)", (f"SRR-{getdate().year}-",)
	)
	frappe.db.commit()
	world = frappe._dict(
		setup=setup, note=note.name, dn_detail=note.items[0].name, headers=headers, requests=[]
	)
	yield world
	frappe.db.rollback()
	made = frappe.get_all("Sales Return Request Item", filters={"dn_detail": world.dn_detail}, pluck="parent")
	remove_world(
		setup, [("Delivery Note", note.name), *[("Sales Return Request", name) for name in sorted(set(made))]]
	)


@pytest.mark.smoke
def test_ten_requests_at_once_claim_no_more_than_was_delivered(server, world):
	payload = {
		"data": json.dumps(
			{
				"company": world.setup.company,
				"customer": world.setup.customer,
				"items": [
					{
						"delivery_note": world.note,
						"dn_detail": world.dn_detail,
						"qty": 3,
						"reason": "质量问题",
					}
				],
			}
		)
	}
	answers = race_post(f"{server}/api/resource/Sales Return Request", world.headers, [payload] * CALLS)
	counted = outcomes(answers)
	assert counted[(200, None)] == 3, explain(answers)  # 3 × 3 ≤ 10 < 4 × 3
	assert sum(counted.values()) == CALLS and all(status in (200, 417) for status, _exc in counted), explain(
		answers
	)
	claims = frappe.get_all(
		"Sales Return Request Item", filters={"dn_detail": world.dn_detail}, pluck="claimed_qty"
	)
	assert sum(claims) == 9
	assert frappe.db.get_value("Delivery Note Item", world.dn_detail, "jxc_return_claimed_qty") == 9


def test_ten_receipts_at_once_receive_no_more_than_requested(server, world):
	doc = request(world.setup, [{"delivery_note": world.note, "qty": 4}])
	frappe.db.commit()
	line = doc.items[0].name
	payload = {"name": doc.name, "items": json.dumps([{"line": line, "qty": 1}])}
	answers = race_post(
		f"{server}/api/method/jxc_app.jxc_returns.sales_return.api.receive", world.headers, [payload] * CALLS
	)
	counted = outcomes(answers)
	assert counted[(200, None)] == 4, explain(answers)
	assert frappe.db.get_value("Sales Return Request Item", line, "received_qty") == 4
	assert frappe.db.get_value("Delivery Note Item", world.dn_detail, "returned_qty") == 4
	assert frappe.db.count("Delivery Note", {"jxc_sales_return_request": doc.name, "docstatus": 1}) == 4
