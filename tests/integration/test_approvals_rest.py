"""The approval engine over real HTTP: the site served by Frappe's WSGI app on 127.0.0.1.

These tests commit (the server has its own database connection) and delete what they made.
"""

import json
import os

import frappe
import pytest
import requests

from jxc_app.jxc_approvals import constants
from jxc_app.jxc_approvals import requests as approval_requests
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	PurchaseOrderFactory,
	SupplierFactory,
	api_user,
	unique,
)

ACTIONS = "jxc_app.jxc_approvals.actions"
OLD_PATH = "jxc_app.jxc_approvals.engine"  # re-exports the actions, kept for REST clients


@pytest.mark.smoke
def test_rest_actions_respect_approvers_and_the_guard(server, committed, company):
	made = committed
	requester, requester_headers = api_user(made, ["Purchase User"])
	approver, approver_headers = api_user(made, ["Purchase User"])
	_outsider, outsider_headers = api_user(made, ["Purchase User", "Purchase Manager"])
	rule = ApprovalRuleFactory(
		rule_name=unique("REST"), steps=[{"step_name": "一", "approver_type": "User", "user": approver}]
	)
	made.append(("Approval Rule", rule.name))
	supplier, item = SupplierFactory(), ItemFactory()
	made += [("Supplier", supplier.name), ("Item", item.name)]
	frappe.set_user(requester)
	po = PurchaseOrderFactory(company=company, supplier=supplier.name, item_code=item.name, rate=500)
	made.append(("Purchase Order", po.name))
	frappe.set_user("Administrator")
	frappe.db.commit()

	def call(method, headers, **data):
		return requests.post(f"{server}/api/method/{method}", headers=headers, data=data, timeout=60)

	# submitting over REST without approval: refused, still a draft
	response = requests.put(
		f"{server}/api/resource/Purchase Order/{po.name}",
		headers=requester_headers,
		json={"docstatus": 1},
		timeout=60,
	)
	assert response.status_code == 417 and "ApprovalRequiredError" in response.text
	response = call("frappe.client.submit", requester_headers, doc=json.dumps(po.as_dict(), default=str))
	assert response.status_code == 417
	assert frappe.db.get_value("Purchase Order", po.name, "docstatus") == 0

	assert call(f"{ACTIONS}.request_approval", requester_headers, doctype=po.doctype, name=po.name).ok
	frappe.db.rollback()  # a fresh snapshot: see what the server committed
	request_name = approval_requests.get_requests(po.doctype, po.name)[0]
	before = frappe.db.get_value("Approval Request", request_name, ["status", "modified"])

	# a purchase manager who is not in the chain: 403, nothing changes (the old path too)
	for path in (ACTIONS, OLD_PATH):
		for method in ("approve", "reject", "withdraw"):
			response = call(
				f"{path}.{method}", outsider_headers, doctype=po.doctype, name=po.name, comment="x"
			)
			assert response.status_code == 403, (path, method, response.text[:300])
	frappe.db.rollback()
	assert frappe.db.get_value("Approval Request", request_name, ["status", "modified"]) == before

	# the requester cannot approve; the approver can, and then the requester submits over REST
	assert call(f"{ACTIONS}.approve", requester_headers, doctype=po.doctype, name=po.name).status_code == 403
	# the approver uses the old path, kept for REST clients: it acts the same
	response = call(f"{OLD_PATH}.approve", approver_headers, doctype=po.doctype, name=po.name, comment="同意")
	assert response.ok and response.json()["message"] == constants.APPROVED
	response = requests.put(
		f"{server}/api/resource/Purchase Order/{po.name}",
		headers=requester_headers,
		json={"docstatus": 1},
		timeout=60,
	)
	assert response.ok, response.text[:500]
	frappe.db.rollback()
	assert frappe.db.get_value("Purchase Order", po.name, "docstatus") == 1
	# the state endpoint the desk uses
	response = requests.get(
		f"{server}/api/method/jxc_app.jxc_approvals.api.get_approval_state",
		headers=approver_headers,
		params={"doctype": po.doctype, "name": po.name},
		timeout=60,
	)
	assert response.json()["message"]["request"]["status"] == constants.APPROVED
	# cancel so the cleanup may delete it
	frappe.get_doc("Purchase Order", po.name).cancel()
	frappe.db.commit()


def test_server_env_is_the_bench(server):
	# guards the fixture: the server must answer for this site
	response = requests.get(f"{server}/api/method/ping", headers={"Host": frappe.local.site}, timeout=30)
	assert response.json() == {"message": "pong"}
	assert os.path.isdir(os.path.join(os.getcwd(), frappe.local.site))
