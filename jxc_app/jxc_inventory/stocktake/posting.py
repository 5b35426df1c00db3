"""Posting: submitting a counted stocktake (approval rules apply, on the absolute variance value)
queues the posting job — one ERPNext Stock Reconciliation of the lines with a variance, in one
transaction; a retry never posts twice. Cancelling a posted stocktake cancels its reconciliation;
one not submitted yet can be called off."""

import frappe
from erpnext.stock.doctype.batch.batch import get_batch_qty
from frappe import _
from frappe.utils import flt

from jxc_app import compat
from jxc_app.jxc_inventory.stocktake import states
from jxc_app.utils import arguments
from jxc_app.utils.locking import locked_doc

# a stocktake not submitted yet can be called off
CALLABLE_OFF = (states.DRAFT, states.COUNTING, states.RECOUNT, states.COUNTED, states.REJECTED)
POSTING_JOB = "jxc_app.jxc_inventory.stocktake.posting.post_variances"


def before_submit(doc):
	if doc.status not in (states.COUNTED, states.PENDING):
		frappe.throw(
			_("Finish counting (and the recount) before submitting stocktake {0}.").format(doc.name),
			title=_("Not Counted"),
			exc=states.StocktakeStateError,
		)


def on_submit(doc):
	states.set_status(doc, states.POSTING, posting_error=None)
	enqueue_posting(doc.name)


def enqueue_posting(name: str):
	frappe.enqueue(
		POSTING_JOB,
		queue="long",
		timeout=7200,
		name=name,
		job_id=f"jxc_stocktake_post::{name}",
		deduplicate=True,
		enqueue_after_commit=not compat.in_test(),
		now=compat.in_test(),
	)


def _reconciliation(doc):
	"""An ERPNext Stock Reconciliation of the lines with a variance, at today's book plus the
	variance (so movements after the count, in track mode, are kept)."""
	lines = frappe.get_all(
		states.LINE,
		filters={"parent": doc.name, "parenttype": states.STOCKTAKE, "variance_qty": ("!=", 0)},
		fields=["item_code", "warehouse", "batch_no", "variance_qty", "valuation_rate", "idx"],
		order_by="idx",
	)
	reconciliation = frappe.new_doc("Stock Reconciliation")
	reconciliation.update(
		{
			"company": doc.company,
			"purpose": "Stock Reconciliation",
			"jxc_stocktake": doc.name,
		}
	)
	batch_lines = [line for line in lines if line.batch_no]
	plain = [line for line in lines if not line.batch_no]
	current = _current_book([(line.item_code, line.warehouse) for line in plain])
	for line in plain:
		qty, rate = current.get((line.item_code, line.warehouse), (0.0, flt(line.valuation_rate)))
		reconciliation.append(
			"items",
			{
				"item_code": line.item_code,
				"warehouse": line.warehouse,
				"qty": max(qty + flt(line.variance_qty), 0),
				"valuation_rate": rate or flt(line.valuation_rate),
			},
		)
	for line in batch_lines:
		batch_qty = flt(
			get_batch_qty(batch_no=line.batch_no, warehouse=line.warehouse, item_code=line.item_code)
		)
		reconciliation.append(
			"items",
			{
				"item_code": line.item_code,
				"warehouse": line.warehouse,
				"batch_no": line.batch_no,
				"use_serial_batch_fields": 1,
				"qty": max(batch_qty + flt(line.variance_qty), 0),
				"valuation_rate": flt(line.valuation_rate),
			},
		)
	return reconciliation


def _current_book(pairs: list[tuple]) -> dict[tuple, tuple[float, float]]:
	if not pairs:
		return {}
	bin_table = frappe.qb.DocType("Bin")
	rows = (
		frappe.qb.from_(bin_table)
		.select(bin_table.item_code, bin_table.warehouse, bin_table.actual_qty, bin_table.valuation_rate)
		.where(bin_table.item_code.isin(sorted({item for item, _warehouse in pairs})))
		.where(bin_table.warehouse.isin(sorted({warehouse for _item, warehouse in pairs})))
		.for_update()  # today's book as committed now (track mode: goods may have just moved)
	).run()
	return {(item, warehouse): (flt(qty), flt(rate)) for item, warehouse, qty, rate in rows}


def _progress(percent: int, name: str):
	frappe.publish_progress(
		percent, title=_("Posting stocktake {0}").format(name), doctype=states.STOCKTAKE, docname=name
	)


def post_variances(name: str):
	"""The posting job: idempotent (a posted stocktake is never posted again) and all or nothing
	(one transaction: a failure leaves no ledger row, the stocktake shows Failed and can be retried)."""
	# a worker posting it at the same time: this one waits, then sees what that one committed
	doc = locked_doc(states.STOCKTAKE, name, children=False)
	if doc.stock_reconciliation or doc.status == states.POSTED:
		return doc.stock_reconciliation
	savepoint = "jxc_stocktake_post"
	frappe.db.savepoint(savepoint)
	try:
		_progress(10, name)
		reconciliation = _reconciliation(doc)
		frappe.flags.jxc_posting_stocktake = name
		if reconciliation.items:
			reconciliation.insert(ignore_permissions=True)
			_progress(40, name)
			# the queueing of large reconciliations is ERPNext's answer for the desk: this is the job
			reconciliation._submit()
		states.set_status(
			doc,
			states.POSTED,
			stock_reconciliation=reconciliation.name if reconciliation.items else None,
			posting_error=None,
		)
		_progress(100, name)
	except Exception as error:
		frappe.db.rollback(save_point=savepoint)
		states.set_status(doc, states.FAILED, posting_error=str(error)[:1000])
		if not compat.in_test():
			frappe.db.commit()
			doc.log_error(_("Stocktake posting failed"))
		raise
	finally:
		frappe.flags.jxc_posting_stocktake = None
	if not compat.in_test():
		frappe.db.commit()
	return doc.stock_reconciliation


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def retry_posting(name: str) -> str | None:
	"""Post a stocktake whose posting failed; one already posted is refused."""
	doc = states.managed_stocktake(name, ptype="submit")
	if doc.status == states.POSTED or doc.stock_reconciliation:
		frappe.throw(
			_("Stocktake {0} is already posted ({1}).").format(doc.name, doc.stock_reconciliation),
			title=_("Already Posted"),
			exc=states.AlreadyPostedError,
		)
	if doc.docstatus != 1 or doc.status not in (states.FAILED, states.POSTING):
		frappe.throw(
			_("Stocktake {0} is {1}.").format(doc.name, _(doc.status)),
			title=_("Not Possible Now"),
			exc=states.StocktakeStateError,
		)
	states.set_status(doc, states.POSTING, posting_error=None)
	enqueue_posting(doc.name)
	return frappe.db.get_value(states.STOCKTAKE, name, "stock_reconciliation")


def before_cancel(doc):
	doc.ignore_linked_doctypes = ("Stock Reconciliation", states.ENTRY, "Approval Request")


def on_cancel(doc):
	if (
		doc.stock_reconciliation
		and frappe.db.get_value("Stock Reconciliation", doc.stock_reconciliation, "docstatus") == 1
	):
		frappe.get_doc("Stock Reconciliation", doc.stock_reconciliation).cancel()
	states.set_status(doc, states.CANCELLED)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def cancel_draft(name: str) -> str:
	"""Call off a stocktake not submitted yet (e.g. while counting): its freeze ends."""
	doc = states.managed_stocktake(name, *CALLABLE_OFF)
	states.set_status(doc, states.CANCELLED)
	return states.CANCELLED
