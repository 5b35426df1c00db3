"""What every step of a stocktake shares: its doctypes, statuses and errors, loading it in a given
status, and changing its status.

A status change can start or end a warehouse freeze (``freeze.py``): ``set_status`` drops the cached
freezes, now and again once the change commits or rolls back.
"""

import frappe
from frappe import _

from jxc_app.jxc_approvals.requests import latest_request
from jxc_app.utils.locking import locked_doc
from jxc_app.utils.roles import STOCK_MANAGERS, require

STOCKTAKE = "Stocktake"
ENTRY, LINE = "Stocktake Count Entry", "Stocktake Line"
# the child tables of the users counting and of the warehouses counted
COUNTERS, WAREHOUSES = "Stocktake Counter", "Stocktake Warehouse"

# the statuses, step by step: counting, approval of the variance, posting
DRAFT, COUNTING, RECOUNT, COUNTED = "Draft", "Counting", "Recount", "Counted"
PENDING, REJECTED = "Pending Approval", "Rejected"
POSTING, POSTED, FAILED, CANCELLED = "Posting", "Posted", "Failed", "Cancelled"
# from the snapshot until posted or called off, a block-mode stocktake freezes its warehouses
FREEZING = (COUNTING, RECOUNT, COUNTED, PENDING, POSTING, FAILED)
FREEZE_CACHE = "jxc_stocktake_freezes"


class StocktakeValidationError(frappe.ValidationError):
	pass


class StocktakeStateError(frappe.ValidationError):
	pass


class StocktakeFreezeError(frappe.ValidationError):
	pass


class AlreadyPostedError(StocktakeStateError):
	pass


def get_stocktake(name: str, *statuses: str, lock: bool = False):
	"""The stocktake, readable by the user, if in one of ``statuses``; ``lock``: locked for this
	transaction (concurrent actions on it queue), its status and figures read as committed now
	(``jxc_app.utils.locking``; its lines, written by the actions before, as the request found them).
	A caller that writes checks write (or submit) permission itself."""
	if not frappe.db.exists(STOCKTAKE, name):
		frappe.throw(_("Stocktake {0} not found").format(name), exc=frappe.DoesNotExistError)
	doc = locked_doc(STOCKTAKE, name, children=False) if lock else frappe.get_doc(STOCKTAKE, name)
	doc.check_permission("read")
	if statuses and doc.status not in statuses:
		frappe.throw(
			_("Stocktake {0} is {1}.").format(doc.name, _(doc.status)),
			title=_("Not Possible Now"),
			exc=StocktakeStateError,
		)
	return doc


def managed_stocktake(name: str, *statuses: str, ptype: str = "write"):
	"""The stocktake a manager's action changes: the user has a role of ``STOCK_MANAGERS`` and
	``ptype`` permission on this stocktake (write; submit to post it), which is locked and in one of
	``statuses``."""
	require(STOCK_MANAGERS, _("Only a Stock Manager can do this."))
	doc = get_stocktake(name, *statuses, lock=True)
	doc.check_permission(ptype)
	return doc


def set_status(doc, status: str, **values):
	doc.db_set({"status": status, **values}, update_modified=False)
	drop_freeze_cache()
	# other workers must reload once this commits; a rollback must not leave this state cached
	frappe.db.after_commit.add(drop_freeze_cache)
	frappe.db.after_rollback.add(drop_freeze_cache)


def drop_freeze_cache():
	frappe.cache.delete_value(FREEZE_CACHE)


def draft_status(doc) -> str:
	"""The status of a stocktake not counted yet, or whose count awaits (or was refused) approval."""
	request = None if doc.is_new() else latest_request(doc.doctype, doc.name)
	if request and request.status in (PENDING, REJECTED):
		return request.status
	return doc.status or DRAFT


def on_approval_change(doc):
	"""The approval engine's call: the status follows the latest Approval Request of the variance."""
	request = latest_request(doc.doctype, doc.name)
	if doc.docstatus == 0 and request:
		status = {PENDING: PENDING, REJECTED: REJECTED}.get(request.status, COUNTED)
		set_status(doc, status)


def warehouses_of(doc) -> list[str]:
	return [row.warehouse for row in doc.warehouses]


def counters_of(name: str) -> list[str]:
	return frappe.get_all(
		COUNTERS, filters={"parent": name, "parenttype": STOCKTAKE}, pluck="user", order_by="idx"
	)
