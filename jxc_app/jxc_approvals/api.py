"""What the desk form (and REST clients) need to show an approval and its buttons."""

import frappe
from frappe.utils import get_fullname

from jxc_app.jxc_approvals.approvers import acting_rows
from jxc_app.jxc_approvals.constants import PENDING
from jxc_app.jxc_approvals.requests import get_requests, is_approved
from jxc_app.jxc_approvals.rule_lookup import all_rules, match_rule
from jxc_app.utils import arguments


@frappe.whitelist()
@arguments.require_arguments
def get_approval_state(doctype: str, name: str) -> dict:
	doctype = arguments.check_doctype(doctype)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	rule = match_rule(doc) if doc.docstatus < 2 else None
	names = get_requests(doctype, name)
	request = frappe.get_doc("Approval Request", names[0]) if names else None
	user = frappe.session.user
	state = {
		"covered": bool(rule) or bool(request),
		"rule": rule["name"] if rule else None,
		"approved": is_approved(doc, rule) if rule else None,
		# submitted orders whose lines ERPNext's Update Items can change
		# (any rule of the DocType: a change may bring an order under a rule it was not under)
		"can_request_change": doc.docstatus == 1
		and doc.doctype in ("Purchase Order", "Sales Order", "Quotation")
		and doc.doctype in all_rules()
		and doc.has_permission("write"),
		"request": None,
	}
	if request:
		acting = acting_rows(request, user) if request.status == PENDING else []
		state["request"] = {
			"name": request.name,
			"status": request.status,
			"current_step": request.current_step,
			"requester": request.requester,
			"requester_name": get_fullname(request.requester),
			"is_requester": request.requester == user,
			"can_act": bool(acting),
			"on_behalf_of": [on_behalf for _row, on_behalf in acting if on_behalf],
			"steps": [
				{
					"step_no": row.step_no,
					"step_name": row.step_name,
					"mode": row.mode,
					"approver": row.approver,
					"approver_name": get_fullname(row.approver) if row.approver else None,
					"status": row.status,
					"acted_by": row.acted_by,
					"acted_by_name": get_fullname(row.acted_by) if row.acted_by else None,
					"on_behalf_of": row.on_behalf_of,
					"on_behalf_of_name": get_fullname(row.on_behalf_of) if row.on_behalf_of else None,
					"comment": row.comment,
				}
				for row in request.approvers
			],
		}
	return state
