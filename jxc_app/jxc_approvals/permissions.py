"""Who sees an Approval Request: its requester, its approvers (and their delegates), managers."""

import frappe

from jxc_app.jxc_approvals.engine import MANAGER_ROLES, active_delegations


def _is_manager(user: str) -> bool:
	return user == "Administrator" or bool(MANAGER_ROLES & set(frappe.get_roles(user)))


def _delegators_of(user: str) -> list[str]:
	return [d["delegator"] for d in active_delegations_for_any_doctype() if d["delegate"] == user]


def active_delegations_for_any_doctype() -> list[dict]:
	# doctype filtering happens when acting; for visibility any active delegation counts
	return active_delegations(doctype="")


def request_query_conditions(user: str | None = None) -> str:
	user = user or frappe.session.user
	if _is_manager(user):
		return ""
	people = ", ".join(frappe.db.escape(person) for person in [user, *_delegators_of(user)])
	return (
		f"(`tabApproval Request`.requester = {frappe.db.escape(user)} or `tabApproval Request`.name in "
		f"(select parent from `tabApproval Request Approver` where approver in ({people})))"
	)


def request_has_permission(doc, ptype: str = "read", user: str | None = None) -> bool:
	user = user or frappe.session.user
	if _is_manager(user):
		return True
	if ptype not in ("read", "print", "email", "report"):
		return False
	people = {user, *_delegators_of(user)}
	return doc.requester == user or any(row.approver in people for row in doc.approvers)
