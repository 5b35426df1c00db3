"""The one way jxc_app asks "may this user …": named role groups, and a check that refuses with a 403.

Every capability asks here, never with its own role list, a "cancel" permission as a stand-in or a
read permission on another doctype:

- ``is_in(STOCK_MANAGERS)`` — a yes/no question (lists, visibility);
- ``require(STOCK_MANAGERS, message)`` — a refusal (403) with a message that says who may;
- before a write on a record, ``doc.check_permission("write")`` (Frappe's own check, role permissions,
  user permissions and sharing included) — role groups add to it, never replace it.

The groups are ERPNext's own roles; an administrator grants them in Role Permission Manager / User.
"""

import frappe
from frappe import _

# who runs stock: stocktake plans and postings, transfer write-offs and closures, freezes
STOCK_MANAGERS = frozenset({"Stock Manager", "System Manager"})
# who oversees approvals: sees every request, acts for absent approvers, manages others' delegations
APPROVAL_MANAGERS = frozenset({"General Manager", "System Manager"})
# who sees a party's statement (对账单): accounts, and sales for customers, purchasing for suppliers
CUSTOMER_STATEMENT_VIEWERS = frozenset({"Accounts User", "Accounts Manager", "Sales Manager"})
SUPPLIER_STATEMENT_VIEWERS = frozenset({"Accounts User", "Accounts Manager", "Purchase Manager"})


def is_in(group: frozenset[str] | set[str], user: str | None = None) -> bool:
	"""The user (default: the session's) has one of the roles in ``group``; Administrator always."""
	user = user or frappe.session.user
	return user == "Administrator" or bool(set(group) & set(frappe.get_roles(user)))


def require(group: frozenset[str] | set[str], message: str | None = None, user: str | None = None) -> None:
	"""Refuse (403, ``frappe.PermissionError``) unless the user has one of the roles in ``group``."""
	if is_in(group, user):
		return
	frappe.throw(
		message
		or _("Only a user with one of these roles can do this: {0}").format(
			", ".join(_(r) for r in sorted(group))
		),
		title=_("Not Permitted"),
		exc=frappe.PermissionError,
	)
