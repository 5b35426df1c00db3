"""Purchasing over real HTTP: who may read and act on requisitions and comparisons.

Records are committed for the server to see and deleted afterwards (fixture ``committed``)."""

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate

from tests.integration.factories import ItemFactory, api_user


@pytest.mark.smoke
def test_purchasing_needs_purchase_permission(server, committed, company):
	made = committed
	_outsider, outsider_headers = api_user(made, ["Sales User", "Stock User"])
	_buyer, buyer_headers = api_user(made, ["Purchase User"])
	item = ItemFactory()
	made.append(("Item", item.name))
	requisition = frappe.get_doc(
		{
			"doctype": "Purchase Requisition",
			"company": company,
			"purpose": "REST",
			"required_by": add_days(nowdate(), 7),
			"items": [{"item_code": item.name, "qty": 3, "uom": item.stock_uom, "estimated_rate": 8}],
		}
	).insert()
	requisition.submit()
	made.append(("Purchase Requisition", requisition.name))
	frappe.db.commit()
	before = frappe.db.get_value(requisition.doctype, requisition.name, ["status", "modified"])

	def call(method, headers, **data):
		return requests.post(f"{server}/api/method/{method}", headers=headers, data=data, timeout=60)

	# someone else's requisition, and every purchasing action: 403 for a user without purchase roles
	resource = f"{server}/api/resource/Purchase Requisition/{requisition.name}"
	assert requests.get(resource, headers=outsider_headers, timeout=60).status_code == 403
	assert (
		requests.get(
			f"{server}/api/resource/Supplier Quotation Comparison", headers=outsider_headers, timeout=60
		).status_code
		== 403
	)
	for method, data in (
		("jxc_app.jxc_purchasing.requisition.close", {"name": requisition.name, "reason": "x"}),
		("jxc_app.jxc_purchasing.requisition.make_purchase_order", {"source_name": requisition.name}),
		("jxc_app.jxc_purchasing.requisition.make_request_for_quotation", {"source_name": requisition.name}),
		(
			"jxc_app.jxc_purchasing.comparison.make_from_purchase_requisition",
			{"source_name": requisition.name},
		),
	):
		response = call(method, outsider_headers, **data)
		assert response.status_code == 403, (method, response.status_code, response.text[:300])
	frappe.db.rollback()
	assert frappe.db.get_value(requisition.doctype, requisition.name, ["status", "modified"]) == before

	# a buyer reads it and maps it to a comparison and an order (drafts, nothing saved)
	assert requests.get(resource, headers=buyer_headers, timeout=60).json()["data"]["status"] == "Approved"
	response = call(
		"jxc_app.jxc_purchasing.comparison.make_from_purchase_requisition",
		buyer_headers,
		source_name=requisition.name,
	)
	assert response.ok, response.text[:500]
	mapped = response.json()["message"]
	assert mapped["doctype"] == "Supplier Quotation Comparison"
	assert mapped["items"][0]["purchase_requisition_item"] == requisition.items[0].name
	response = call(
		"jxc_app.jxc_purchasing.requisition.make_purchase_order", buyer_headers, source_name=requisition.name
	)
	assert response.ok and response.json()["message"]["items"][0]["qty"] == 3
	# cancel so the cleanup may delete it
	frappe.get_doc(requisition.doctype, requisition.name).cancel()
	frappe.db.commit()
