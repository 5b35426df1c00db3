"""Who may read what of a stocktake. A blind count is blind only for counters who cannot read book
quantities anywhere else. The 盘点员 role (Stocktake Counter) reads the stocktakes that name it as
counter and adds counts: no Bin, no stock ledger, no stock report, no valuation.

- ``has_permission`` / ``query_conditions``: hooks.py's row-level rules for Stocktake and its lines;
- ``book_access``: where a user can read book quantities outside the stocktakes (a blind count
  naming such a counter warns the manager when counting starts);
- ``save_version``: the version history without the manager-only (permlevel) figures.

What a manager may do (start, finish the count or the recount, retry the posting, call off) is asked
by ``states.managed_stocktake``: a role in ``jxc_app.utils.roles.STOCK_MANAGERS`` and write (or
submit) permission on the stocktake. Counters need no write on it: they add count entries.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.core.doctype.custom_role.custom_role import get_custom_allowed_roles
from frappe.core.doctype.version.version import get_diff

from jxc_app.jxc_inventory.stocktake import states

COUNTER_ROLE = "Stocktake Counter"
BOOK_DOCTYPES = ("Bin", "Stock Ledger Entry")
# stock reports whose reference DocType is Item (those on Bin and the stock ledger are found by it)
ITEM_STOCK_REPORTS = (
	"Stock Projected Qty",
	"Stock Ageing",
	"Item Price Stock",
	"Itemwise Recommended Reorder Level",
	"Stock Qty vs Serial No Count",
	"Stock Qty vs Batch Qty",
)


def counts_only(user: str | None = None) -> bool:
	"""The user reads stocktakes through the Stocktake Counter role alone."""
	roles = set(frappe.get_roles(user or frappe.session.user))
	if COUNTER_ROLE not in roles:
		return False
	readers = {
		perm.role
		for perm in frappe.get_meta(states.STOCKTAKE).permissions
		if perm.read and not perm.permlevel
	}
	return not roles & (readers - {COUNTER_ROLE})


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	"""hooks.has_permission: a counter (role Stocktake Counter alone) reads the stocktakes naming them."""
	user = user or frappe.session.user
	if not counts_only(user):
		return True  # not denied: the roles decide (v16 reads None as a denial, v15 as no opinion)
	return any(row.user == user for row in doc.get("counters") or [])


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""hooks.permission_query_conditions (Stocktake and its lines): a counter lists the stocktakes
	naming them, except while one is counted blind. A list may filter on fields it may not show (the
	lines' book quantity), so listing a blind count would tell whether its book is above a figure;
	the counter opens it from the counting page or their ToDo instead."""
	user = user or frappe.session.user
	if not counts_only(user):
		return ""
	counted = (
		"select `tabStocktake Counter`.parent from `tabStocktake Counter` where "
		f"`tabStocktake Counter`.parenttype = 'Stocktake' and `tabStocktake Counter`.user = {frappe.db.escape(user)}"
	)
	visible = (
		f"`tabStocktake`.name in ({counted}) and not (`tabStocktake`.count_mode = 'Blind' "
		f"and `tabStocktake`.status in ('{states.COUNTING}', '{states.RECOUNT}'))"
	)
	if doctype == states.LINE:
		return (
			f"`tabStocktake Line`.parent in (select `tabStocktake`.name from `tabStocktake` where {visible})"
		)
	return f"({visible})"


def _book_reports() -> list[tuple[str, str, set[str]]]:
	"""(report, reference DocType, roles allowed — empty: everyone) of the stock reports."""
	reports = frappe.get_all(
		"Report",
		filters={"disabled": 0},
		or_filters={"ref_doctype": ("in", BOOK_DOCTYPES), "name": ("in", ITEM_STOCK_REPORTS)},
		fields=["name", "ref_doctype"],
		order_by="name",
	)
	roles = defaultdict(set)
	for row in frappe.get_all(
		"Has Role",
		filters={"parenttype": "Report", "parent": ("in", [report.name for report in reports] or [""])},
		fields=["parent", "role"],
	):
		roles[row.parent].add(row.role)
	return [
		(
			report.name,
			report.ref_doctype,
			roles[report.name] | set(get_custom_allowed_roles("report", report.name)),
		)
		for report in reports
	]


def book_access(user: str, reports: list | None = None) -> list[str]:
	"""Where ``user`` can read book quantities outside the stocktakes: Bin, the stock ledger, stock
	reports (empty: nowhere)."""
	where = [_(doctype) for doctype in BOOK_DOCTYPES if frappe.has_permission(doctype, "read", user=user)]
	roles = set(frappe.get_roles(user))
	for report, ref_doctype, allowed in _book_reports() if reports is None else reports:
		if (not allowed or roles & allowed) and frappe.has_permission(ref_doctype, "report", user=user):
			where.append(_(report))
	return where


def counters_reading_the_book(doc) -> dict[str, list[str]]:
	"""counter -> where they can read book quantities, for the counters of ``doc`` who can."""
	reports = _book_reports()
	found = {}
	for row in doc.counters:
		where = book_access(row.user, reports)
		if where:
			found[row.user] = where
	return found


def warn_about_counters(doc):
	"""A blind count whose counters can read the book elsewhere: tell the manager, and note it."""
	if doc.count_mode != "Blind":
		return
	readers = counters_reading_the_book(doc)
	if not readers:
		return
	who = "; ".join(
		_("{0} (through {1})").format(user, ", ".join(where[:3]) + ("…" if len(where) > 3 else ""))
		for user, where in readers.items()
	)
	message = _(
		"This blind count names counters who can read book quantities elsewhere: {0}. Only counters with the Stocktake Counter role alone count blind."
	).format(who)
	doc.add_comment("Comment", message)
	frappe.msgprint(message, title=_("Counters Can Read the Book"), indicator="orange")


def save_version(doc):
	"""Document.save_version without the manager-only (permlevel) figures: everyone who may read the
	stocktake sees its version history, counters included."""
	if doc.flags.ignore_version or frappe.flags.in_install:
		return
	before = doc.get_doc_before_save()
	if not before and doc.amended_from:
		before = frappe.get_doc(states.STOCKTAKE, doc.amended_from)
	diff = get_diff(before, doc) if before else None
	if not diff:
		return
	hidden = {field.fieldname for field in doc.meta.fields if field.permlevel}
	hidden_in_line = {field.fieldname for field in frappe.get_meta(states.LINE).fields if field.permlevel}

	def shown(changes, fields):
		return [change for change in changes if change[0] not in fields]

	diff.changed = shown(diff.changed, hidden)
	diff.row_changed = [
		(table, index, name, shown(changes, hidden_in_line))
		for table, index, name, changes in diff.row_changed
		if shown(changes, hidden_in_line)
	]
	for key in ("added", "removed"):
		diff[key] = [
			[table, {field: value for field, value in row.items() if field not in hidden_in_line}]
			for table, row in diff[key]
		]
	if not any((diff.changed, diff.added, diff.removed, diff.row_changed)):
		return
	version = frappe.new_doc("Version")
	version.ref_doctype, version.docname = doc.doctype, doc.name
	version.set_impersonator(diff)
	version.data = frappe.as_json(diff, indent=None, separators=(",", ":"))
	version.insert(ignore_permissions=True)
