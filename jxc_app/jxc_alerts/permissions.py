"""Which alerts a user sees: ERPNext User Permissions on Warehouse, Customer, Supplier and Company.

A keeper restricted to some warehouses sees the alerts of those warehouses; a salesperson restricted to
some customers sees the alerts of those customers (the party of a receivable alert, a Dynamic Link that
Frappe's own user-permission filter does not follow); likewise suppliers and companies. An alert with no
value for a restricted kind (a receivable alert has no warehouse) is not hidden by that restriction.
Who may read or change alerts at all is the DocType's role permissions."""

import frappe
from frappe.query_builder.functions import Coalesce

ALERT = "JXC Alert"
# restricted doctype → (alert field holding it, the party type it must go with, if any)
RESTRICTIONS = {
	"Warehouse": ("warehouse", None),
	"Company": ("company", None),
	"Customer": ("party", "Customer"),
	"Supplier": ("party", "Supplier"),
}


def restrictions(user: str | None = None) -> dict[str, set[str]]:
	"""restricted doctype → the names the user's User Permissions allow (for alerts)."""
	permissions = frappe.permissions.get_user_permissions(user or frappe.session.user)
	found = {}
	for doctype in RESTRICTIONS:
		entries = permissions.get(doctype)
		if not entries:
			continue
		found[doctype] = {
			entry.get("doc")
			for entry in entries
			if not entry.get("applicable_for") or entry.get("applicable_for") == ALERT
		}
	return found


def query_conditions(user: str | None = None) -> str:
	conditions = []
	for doctype, allowed in restrictions(user).items():
		fieldname, party_type = RESTRICTIONS[doctype]
		column = f"`tab{ALERT}`.`{fieldname}`"
		names = ", ".join(frappe.db.escape(name) for name in sorted(allowed)) or "''"
		if party_type:
			kind = f"`tab{ALERT}`.`party_type`"
			conditions.append(
				f"(ifnull({kind}, '') != {frappe.db.escape(party_type)} or {column} in ({names}))"
			)
		else:
			conditions.append(f"(ifnull({column}, '') = '' or {column} in ({names}))")
	return " and ".join(conditions)


def restrict_query(query, alert, user: str | None = None):
	"""The same restrictions on a frappe.qb query over ``alert`` (the JXC Alert table)."""
	for doctype, allowed in restrictions(user).items():
		fieldname, party_type = RESTRICTIONS[doctype]
		column = alert[fieldname]
		allowed_names = sorted(allowed) or [""]
		if party_type:
			query = query.where((Coalesce(alert.party_type, "") != party_type) | column.isin(allowed_names))
		else:
			query = query.where((Coalesce(column, "") == "") | column.isin(allowed_names))
	return query


def may_see(doc, user: str | None = None) -> bool:
	for doctype, allowed in restrictions(user).items():
		fieldname, party_type = RESTRICTIONS[doctype]
		value = doc.get(fieldname)
		if party_type and doc.get("party_type") != party_type:
			continue
		if value and value not in allowed:
			return False
	return True


def has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	# True: not denied, the roles decide (v16 reads None as a denial, v15 as no opinion)
	return may_see(doc, user)
