"""Which Stock Transfer Orders a warehouse keeper sees and may act on.

With ERPNext User Permissions on Warehouse, a keeper sees the orders leaving from or arriving at
their warehouses (the ``permission_query_conditions`` and ``has_permission`` hooks), dispatches only
from theirs and receives only at theirs (``check_warehouse``). Who may do what otherwise is the
DocType's role permissions and ``jxc_app.utils.roles``."""

import frappe
from frappe import _

from jxc_app.jxc_inventory.transfer.constants import STOCK_TRANSFER_ORDER


def restricted_warehouses(user: str | None = None) -> set[str] | None:
	"""The warehouses a user's User Permissions allow for transfer orders; None: no restriction."""
	allowed = frappe.permissions.get_user_permissions(user or frappe.session.user).get("Warehouse")
	if not allowed:
		return None
	return {
		entry.get("doc")
		for entry in allowed
		if not entry.get("applicable_for") or entry.get("applicable_for") == STOCK_TRANSFER_ORDER
	}


def query_conditions(user: str | None = None) -> str:
	"""A keeper restricted to some warehouses sees the orders leaving from or arriving at them."""
	warehouses = restricted_warehouses(user)
	if warehouses is None:
		return ""
	if not warehouses:
		return "1=0"
	names = ", ".join(frappe.db.escape(name) for name in sorted(warehouses))
	return f"(`tabStock Transfer Order`.from_warehouse in ({names}) or `tabStock Transfer Order`.to_warehouse in ({names}))"


def has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	warehouses = restricted_warehouses(user)
	if warehouses is None:
		return True  # not denied: the roles decide (v16 reads None as a denial, v15 as no opinion)
	return doc.from_warehouse in warehouses or doc.to_warehouse in warehouses


def check_warehouse(warehouse: str, action: str):
	"""Refuse (403) an action at a warehouse the user's User Permissions leave out."""
	warehouses = restricted_warehouses()
	if warehouses is not None and warehouse not in warehouses:
		frappe.throw(
			_("You may not {0} here: you have no permission on warehouse {1}.").format(action, warehouse),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
