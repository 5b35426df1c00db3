"""Who approves: a rule step's approvers (role, user, department head, reports-to, document field,
cost center manager), its escalation users, and who may act on a request's current step now."""

import frappe
from frappe import _
from frappe.permissions import get_user_permissions
from frappe.utils import nowdate
from frappe.utils.user import get_users_with_role

from jxc_app.jxc_approvals.delegations import active_delegations
from jxc_app.jxc_approvals.requests import rows_of_step
from jxc_app.jxc_approvals.rule_lookup import department_of
from jxc_app.rules import approval as approval_rules


def _user_of_employee(employee: str | None) -> str | None:
	return frappe.db.get_value("Employee", employee, "user_id") if employee else None


def _department_head(department: str | None) -> str | None:
	"""Walk up the department tree to the nearest department that has a head."""
	while department:
		head, parent = frappe.db.get_value(
			"Department", department, ["jxc_department_head", "parent_department"]
		) or (None, None)
		if head:
			return head  # a User
		department = parent
	return None


def approvers_for_step(step: dict, doc, requester: str) -> list[str]:
	approver_type = step["approver_type"]
	if approver_type == "Role":
		return users_with_role_for_company(step["role"], doc.get("company"))
	if approver_type == "User":
		return [step["user"]]
	employee = frappe.db.get_value(
		"Employee", {"user_id": requester, "status": "Active"}, ["department", "reports_to"], as_dict=True
	)
	if approver_type == "Department Head":
		return [
			user
			for user in [_department_head(department_of(doc) or (employee or {}).get("department"))]
			if user
		]
	if approver_type == "Reports To":
		return [user for user in [_user_of_employee((employee or {}).get("reports_to"))] if user]
	if approver_type == "Document Field":
		value = doc.get(step["document_field"])
		field = doc.meta.get_field(step["document_field"])
		if field and field.fieldtype == "Link" and field.options == "Employee":
			value = _user_of_employee(value)
		return [value] if value else []
	if approver_type == "Cost Center Manager":
		cost_center = doc.get("cost_center") or next(
			(row.cost_center for row in doc.get("items") or [] if row.get("cost_center")), None
		)
		manager = (
			frappe.db.get_value("Cost Center", cost_center, "jxc_cost_center_manager")
			if cost_center
			else None
		)
		return [manager] if manager else []
	frappe.throw(_("Unknown approver type {0}").format(approver_type))


def escalation_targets(step: dict, company: str | None = None, doc=None) -> list[str]:
	"""The step's escalation users; given ``doc``, only those who may read it (``may_read``)."""
	users = [step["escalate_to_user"]] if step.get("escalate_to_user") else []
	if step.get("escalate_to_role"):
		users += users_with_role_for_company(step["escalate_to_role"], company)
	if doc is not None:
		users = [user for user in users if may_read(doc, user)]
	return users


def users_with_role_for_company(role: str, company: str | None) -> list[str]:
	"""Holders of the role, less those whose user permissions keep them out of the company."""
	users = sorted(get_users_with_role(role))
	if not company:
		return users
	allowed = []
	for user in users:
		companies = get_user_permissions(user).get("Company")
		if not companies or any(permission.get("doc") == company for permission in companies):
			allowed.append(user)
	return allowed


def may_read(doc, user: str) -> bool:
	"""Whether ``user`` may read ``doc`` by their own roles and user permissions (company, warehouse…):
	a share does not count, since the engine's own ToDo would share the document with them."""
	return frappe.has_permission(doc.doctype, "read", doc=doc, user=user, ignore_share_permissions=True)


def acting_rows(request, user: str) -> list[tuple]:
	"""Rows of the current step that ``user`` may decide, as (row, on_behalf_of)."""
	if user == request.requester:
		return []
	delegations = active_delegations()
	acting = []
	for row in rows_of_step(request, request.current_step):
		if row.status != "Pending":
			continue
		if row.approver == user:
			acting.append((row, None))
		elif (
			approval_rules.delegate_of(row.approver, nowdate(), request.reference_doctype, delegations)
			== user
		):
			acting.append((row, row.approver))
	return acting
