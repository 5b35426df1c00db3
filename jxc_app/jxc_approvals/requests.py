"""A document's Approval Requests: approvals' public interface for capabilities (``latest_request``).

Capabilities import this module at their top; documents that follow their approval implement the
controller method ``on_approval_change(self)``, which the engine runs with ``run_method``.
"""

import frappe

from jxc_app.jxc_approvals.constants import APPROVED, PENDING
from jxc_app.jxc_approvals.rule_lookup import match_rule, signature_of


def get_requests(doctype: str, name: str, status: str | None = None) -> list[str]:
	"""Names of the document's Approval Requests, newest first (of one status if given)."""
	filters = {"reference_doctype": doctype, "reference_name": name}
	if status:
		filters["status"] = status
	return frappe.get_all("Approval Request", filters=filters, pluck="name", order_by="creation desc")


def latest_request(doctype: str, name: str) -> dict | None:
	"""The document's most recent Approval Request (status and requester), whatever its status."""
	return frappe.db.get_value(
		"Approval Request",
		{"reference_doctype": doctype, "reference_name": name},
		["status", "requester"],
		as_dict=True,
		order_by="creation desc",
	)


def open_request(doctype: str, name: str):
	"""The document's Approval Request under way (Pending Approval), if any."""
	names = get_requests(doctype, name, PENDING)
	return frappe.get_doc("Approval Request", names[0]) if names else None


def is_approved(doc, rule: dict | None = None, signature: str | None = None) -> bool:
	"""``doc`` as it is now has an approval (of exactly this signature), or no rule applies to it."""
	rule = rule or match_rule(doc)
	if not rule:
		return True
	signature = signature or signature_of(doc, rule)
	for request_name in get_requests(doc.doctype, doc.name, APPROVED):
		if frappe.db.get_value("Approval Request", request_name, "signature") == signature:
			return True
	return False


def rows_of_step(request, step_no: int) -> list:
	"""The request's approver rows of one step."""
	return [row for row in request.approvers if row.step_no == step_no]
