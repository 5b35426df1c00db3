"""采购退换货单 (Purchase Return Request): lines from the supplier's submitted Purchase Receipts,
what each receipt line may still give back, and the request's progress and status.

Quantities are in the receipt line's UOM. A line returns either accepted goods (from the line's
warehouse) or goods rejected at inspection (``from_rejected``, from its rejected warehouse).

Limits under concurrency (``jxc_app.utils.locking``): every save locks the source receipt lines
(``FOR UPDATE``, in name order) before it counts what ERPNext's returns and the other open requests
already hold of them, with locking reads; two requests on the same receipt line queue there.
The request's own progress (returned and replaced quantities) follows the Purchase Receipts made
for it as they are submitted and cancelled (``count_receipt``, under the request's lock)."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Abs, Sum
from frappe.utils import flt

from jxc_app.jxc_approvals.requests import latest_request
from jxc_app.jxc_returns.purchase_return_errors import (
	PurchaseReturnQuantityError,
	PurchaseReturnStateError,
	PurchaseReturnValidationError,
)
from jxc_app.rules import purchase_return as rules
from jxc_app.setup.customizations import RETURN_REQUEST_FIELD, RETURN_REQUEST_ITEM_FIELD
from jxc_app.utils.locking import lock

PURCHASE_RETURN_REQUEST = "Purchase Return Request"


# ------------------------------------------------------------------------------- validation


def validate(doc):
	doc.currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	if not doc.items:
		frappe.throw(
			_("Add at least one line to return."),
			title=_("No Lines"),
			exc=PurchaseReturnValidationError,
		)
	sources = _source_lines(doc)
	# the receipt lines, locked: concurrent requests on them queue here, and count after
	lock("Purchase Receipt Item", [source.name for source in sources.values()])
	for row in doc.items:
		_fill_line(doc, row, sources[row.name])
	_check_returnable(doc, sources)
	doc.total_qty = flt(sum(flt(row.qty) for row in doc.items), doc.precision("total_qty"))
	doc.total_amount = flt(sum(flt(row.amount) for row in doc.items), doc.precision("total_amount"))
	doc.status = status_of(doc)


def _receipt(doc, row) -> dict:
	receipt = frappe.db.get_value(
		"Purchase Receipt",
		row.purchase_receipt,
		["name", "supplier", "company", "docstatus", "is_return"],
		as_dict=True,
	)
	if not receipt:
		frappe.throw(
			_("Row #{0}: Purchase Receipt {1} not found.").format(row.idx, row.purchase_receipt),
			title=_("Invalid Receipt"),
			exc=PurchaseReturnValidationError,
		)
	if receipt.docstatus != 1 or receipt.is_return:
		frappe.throw(
			_("Row #{0}: Purchase Receipt {1} is not a submitted receipt of goods.").format(
				row.idx, receipt.name
			),
			title=_("Invalid Receipt"),
			exc=PurchaseReturnValidationError,
		)
	if receipt.supplier != doc.supplier or receipt.company != doc.company:
		frappe.throw(
			_("Row #{0}: Purchase Receipt {1} is not of supplier {2} and company {3}.").format(
				row.idx, receipt.name, doc.supplier, doc.company
			),
			title=_("Invalid Receipt"),
			exc=PurchaseReturnValidationError,
		)
	return receipt


SOURCE_FIELDS = [
	"name",
	"parent",
	"item_code",
	"item_name",
	"qty",
	"rejected_qty",
	"received_qty",
	"warehouse",
	"rejected_warehouse",
	"uom",
	"conversion_factor",
	"rate",
]


def _source_lines(doc) -> dict:
	"""Request line name -> its source receipt line (a dict of ``SOURCE_FIELDS``)."""
	sources = {}
	for row in doc.items:
		if not row.name:
			row.set_new_name()
		_receipt(doc, row)
		filters = {"parent": row.purchase_receipt, "parenttype": "Purchase Receipt"}
		if row.purchase_receipt_item:
			filters["name"] = row.purchase_receipt_item
		elif row.item_code:
			filters["item_code"] = row.item_code
		candidates = frappe.get_all("Purchase Receipt Item", filters=filters, fields=SOURCE_FIELDS)
		if len(candidates) != 1:
			frappe.throw(
				_("Row #{0}: name one line of Purchase Receipt {1} (item {2}).").format(
					row.idx, row.purchase_receipt, row.item_code or ""
				),
				title=_("Invalid Line"),
				exc=PurchaseReturnValidationError,
			)
		sources[row.name] = frappe._dict(candidates[0])
	return sources


def _fill_line(doc, row, source):
	if row.item_code and row.item_code != source.item_code:
		frappe.throw(
			_("Row #{0}: the receipt line is of item {1}, not {2}.").format(
				row.idx, source.item_code, row.item_code
			),
			title=_("Invalid Line"),
			exc=PurchaseReturnValidationError,
		)
	row.update(
		{
			"purchase_receipt_item": source.name,
			"item_code": source.item_code,
			"item_name": source.item_name,
			"uom": source.uom,
			"conversion_factor": source.conversion_factor,
			"rate": source.rate,
			"warehouse": source.rejected_warehouse if row.from_rejected else source.warehouse,
			# rounded as stored: an approval's signature reads the amount saved, a submit the computed one
			"amount": flt(flt(row.qty) * flt(source.rate), row.precision("amount")),
			"reason": row.reason or doc.reason,
		}
	)
	if not row.reason:
		frappe.throw(
			_("Row #{0}: give a return reason (on the line or the request).").format(row.idx),
			title=_("Reason Required"),
			exc=PurchaseReturnValidationError,
		)


def returned_by_erpnext(source_names: list[str]) -> dict[tuple[str, int], float]:
	"""(receipt line, from rejected) -> what submitted ERPNext return receipts gave back of it."""
	receipt, item = frappe.qb.DocType("Purchase Receipt"), frappe.qb.DocType("Purchase Receipt Item")
	rows = (
		frappe.qb.from_(item)
		.join(receipt)
		.on(receipt.name == item.parent)
		.select(
			item.purchase_receipt_item,
			item.return_qty_from_rejected_warehouse,
			Sum(Abs(item.qty)),
			Sum(Abs(item.rejected_qty)),
		)
		.where(
			(receipt.docstatus == 1)
			& (receipt.is_return == 1)
			& (item.purchase_receipt_item.isin(source_names or [""]))
		)
		.groupby(item.purchase_receipt_item, item.return_qty_from_rejected_warehouse)
		.for_update()
	).run()
	returned: dict[tuple[str, int], float] = defaultdict(float)
	for source, from_rejected_warehouse, qty, rejected in rows:
		if from_rejected_warehouse:
			returned[(source, 1)] += flt(qty)
		else:
			returned[(source, 0)] += flt(qty)
			returned[(source, 1)] += flt(rejected)
	return returned


def requested_elsewhere(source_names: list[str], request: str | None) -> dict[tuple[str, int], float]:
	"""(receipt line, from rejected) -> what other open requests hold back of it (locking read)."""
	parent, line = (
		frappe.qb.DocType(PURCHASE_RETURN_REQUEST),
		frappe.qb.DocType("Purchase Return Request Item"),
	)
	rows = (
		frappe.qb.from_(line)
		.join(parent)
		.on(parent.name == line.parent)
		.select(line.purchase_receipt_item, line.from_rejected, line.qty, line.returned_qty)
		.where(
			(line.purchase_receipt_item.isin(source_names or [""]))
			& (parent.name != (request or ""))
			& (parent.docstatus < 2)
			& (parent.status.isin(sorted(rules.OPEN_STATUSES)))
		)
		.for_update()
	).run()
	held: dict[tuple[str, int], float] = defaultdict(float)
	for source, from_rejected, qty, returned in rows:
		held[(source, int(from_rejected or 0))] += rules.open_requested_qty(qty, returned)
	return held


def returnable(source, from_rejected: int, returned: dict, held: dict) -> float:
	key = (source.name, int(from_rejected or 0))
	part = source.rejected_qty if from_rejected else source.qty
	return rules.returnable_qty(part, returned.get(key), held.get(key))


def _check_returnable(doc, sources):
	names = sorted({source.name for source in sources.values()})
	returned = returned_by_erpnext(names)
	held = requested_elsewhere(names, None if doc.is_new() else doc.name)
	asked: dict[tuple[str, int], float] = defaultdict(float)
	for row in doc.items:
		source = sources[row.name]
		key = (source.name, int(row.from_rejected or 0))
		# what this request already gave back of the line counts as returned by ERPNext
		limit = returnable(source, row.from_rejected, returned, held) + flt(row.returned_qty)
		try:
			rules.check_request_qty(flt(row.qty), limit - asked[key])
		except rules.PurchaseReturnRuleError as error:
			quantity_error(error, row)
		asked[key] += flt(row.qty)


def quantity_error(error: rules.PurchaseReturnRuleError, row) -> None:
	"""The rule's refusal as a message on the request line."""
	figures, where = error.figures, (row.idx, row.item_code)
	if error.code == "over_return":
		message = _("Row #{0} ({1}): only {2} can still be returned.").format(*where, figures["returnable"])
	elif error.code == "over_replacement":
		message = _("Row #{0} ({1}): only {2} await replacement.").format(*where, figures["awaited"])
	else:
		message = _("Row #{0} ({1}): the quantity must be greater than 0.").format(*where)
	frappe.throw(message, title=_("Invalid Quantity"), exc=PurchaseReturnQuantityError)


# --------------------------------------------------------------------------------- progress


def status_of(doc) -> str:
	request = latest_request(doc.doctype, doc.name) if not doc.is_new() else None
	return rules.request_status(
		doc.docstatus,
		request and request.status,
		[row.as_dict() for row in doc.items],
		doc.resolution,
		closed=doc.status == rules.CLOSED,
	)


def count_receipt(doc, receipt, sign: int):
	"""Add (``sign`` 1: submitted) or take away (-1: cancelled) what a receipt made for the request
	moved: a return receipt counts as returned, another as replaced. The request is locked and read
	by a locking read (``locked_doc``), so its line counts are what is committed now; they change
	only here, under that lock (no sum over other transactions' receipts, which a snapshot misses)."""
	lines = {row.name: row for row in doc.items}
	field = "returned_qty" if receipt.is_return else "replaced_qty"
	for row in receipt.items:
		line = lines.get(row.get(RETURN_REQUEST_ITEM_FIELD))
		if line:
			line.set(field, max(0.0, flt(line.get(field)) + sign * abs(flt(row.qty))))
			line.db_update()


def update_progress(doc):
	"""Percentages and status from the lines' counts (the caller holds the request's lock)."""
	requested = sum(flt(row.qty) for row in doc.items)
	returned = sum(flt(row.returned_qty) for row in doc.items)
	doc.db_set(
		{
			"status": status_of(doc),
			"per_returned": rules.percent(returned, requested),
			"per_replaced": rules.percent(sum(flt(row.replaced_qty) for row in doc.items), returned),
		},
		update_modified=False,
	)


def before_cancel(doc):
	if frappe.db.exists("Purchase Receipt", {RETURN_REQUEST_FIELD: doc.name, "docstatus": 1}):
		frappe.throw(
			_(
				"Goods of {0} have already been returned or replaced: cancel those receipts first, or close the request."
			).format(doc.name),
			title=_("Cannot Cancel"),
			exc=PurchaseReturnStateError,
		)
	doc.ignore_linked_doctypes = ("Approval Request", "Purchase Receipt", "Purchase Invoice", "Payment Entry")


def on_cancel(doc):
	doc.db_set("status", rules.CANCELLED, update_modified=False)
