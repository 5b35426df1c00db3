"""Who sees an Approval Request: its requester, its approvers (and their delegates), approval managers."""

import frappe

from jxc_app.jxc_approvals.delegations import delegators_of
from jxc_app.utils.roles import APPROVAL_MANAGERS, is_in


def request_query_conditions(user: str | None = None) -> str:
	user = user or frappe.session.user
	if is_in(APPROVAL_MANAGERS, user):
		return ""
	# doctype filtering happens when acting; for visibility any delegation in force counts
	people = ", ".join(frappe.db.escape(person) for person in [user, *delegators_of(user)])
	return (
		f"(`tabApproval Request`.requester = {frappe.db.escape(user)} or `tabApproval Request`.name in "
		f"(select parent from `tabApproval Request Approver` where approver in ({people})))"
	)


def request_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	user = user or frappe.session.user
	if is_in(APPROVAL_MANAGERS, user):
		return True
	if ptype not in ("read", "print", "email", "report"):
		return False
	people = {user, *delegators_of(user)}
	return doc.requester == user or any(row.approver in people for row in doc.approvers)
