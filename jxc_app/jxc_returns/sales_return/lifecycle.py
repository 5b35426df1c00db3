"""The Sales Return Request itself: its lines filled from their sources and checked, its claims on
them, its status and what remains, submit and cancel; and how it follows the ERPNext documents made
for it (``follow``, called from ``jxc_app.overrides`` when one is submitted or cancelled).

A line counts what came back (``received_qty``), what inspection did with it (the disposition
quantities) and what was credited; a replacement line what was shipped and invoiced; the header
what was credited, invoiced and refunded. Every count moves only when an ERPNext document is
submitted or cancelled, the request locked."""

import frappe
from erpnext.stock.utils import get_or_make_bin
from frappe import _
from frappe.utils import flt

from jxc_app.jxc_approvals.requests import latest_request
from jxc_app.jxc_returns.sales_return import claims
from jxc_app.jxc_returns.sales_return.constants import (
	DISPOSITION_FIELD,
	LINE_FIELD,
	REPLACEMENT_FIELD,
	REQUEST_FIELD,
	RETURN_REASON,
	SALES_RETURN_REQUEST,
)
from jxc_app.jxc_returns.sales_return.errors import (
	SalesReturnStateError,
	SalesReturnValidationError,
)
from jxc_app.rules import sales_return as rules
from jxc_app.utils.locking import locked_doc

# ------------------------------------------------------------------------------------ validate


def _throw(message: str, title: str | None = None, exc=SalesReturnValidationError):
	frappe.throw(message, title=title or _("Invalid Return Request"), exc=exc)


def validate(doc):
	if not doc.customer or not frappe.db.exists("Customer", doc.customer):
		_throw(_("Customer {0} not found.").format(doc.customer or ""))
	if not doc.company or not frappe.db.exists("Company", doc.company):
		_throw(_("Company {0} not found.").format(doc.company or ""))
	doc.currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	if doc.default_resolution not in rules.RESOLUTIONS:
		doc.default_resolution = rules.RETURN_AND_REFUND
	if not doc.items:
		_throw(_("Add at least one returned line."))
	for line in doc.items:
		_validate_line(doc, line)
	for row in doc.get("replacements") or []:
		_validate_replacement(doc, row)
	if doc.get("replacements") and not any(line.resolution == rules.EXCHANGE for line in doc.items):
		_throw(_("Replacements need at least one line to be exchanged (Resolution: Exchange)."))
	set_totals(doc)
	if doc.docstatus == 0:
		# the draft claims its lines' quantities on their sources now (saved with the draft)
		claims.sync(doc)
	doc.status = _status(doc)


def _source_row(line) -> frappe._dict:
	"""The delivered (or invoiced) line, named by its row or by its document and item."""
	if line.dn_detail or (line.delivery_note and not line.si_detail):
		doctype, parent_field, row_field = "Delivery Note", "delivery_note", "dn_detail"
	else:
		doctype, parent_field, row_field = "Sales Invoice", "sales_invoice", "si_detail"
	child = f"{doctype} Item"
	fields = [
		"name",
		"parent",
		"item_code",
		"item_name",
		"stock_qty",
		"stock_uom",
		"conversion_factor",
		"base_net_rate",
		"warehouse",
		"batch_no",
		"serial_no",
	]
	if doctype == "Sales Invoice":
		fields += ["delivery_note", "dn_detail"]
	if line.get(row_field):
		row = frappe.db.get_value(
			child, {"name": line.get(row_field), "parenttype": doctype}, fields, as_dict=True
		)
	elif line.get(parent_field):
		filters = {"parent": line.get(parent_field), "parenttype": doctype}
		if line.item_code:
			filters["item_code"] = line.item_code
		found = frappe.get_all(child, filters=filters, fields=fields, order_by="idx", limit=2)
		if len(found) > 1:
			_throw(
				_("Row #{0}: {1} has more than one line of {2}: choose the line.").format(
					line.idx, line.get(parent_field), line.item_code or _("this item")
				)
			)
		row = found[0] if found else None
	else:
		row = None
		_throw(_("Row #{0}: choose the Delivery Note or Sales Invoice the goods came from.").format(line.idx))
	if not row:
		_throw(_("Row #{0}: the delivery or invoice line was not found.").format(line.idx))
	row.doctype = doctype
	row.header = frappe.db.get_value(
		doctype, row.parent, ["customer", "company", "docstatus", "is_return"], as_dict=True
	)
	return row


def _validate_line(doc, line):
	source = _source_row(line)
	header = source.header
	if header.docstatus != 1 or header.is_return:
		_throw(_("Row #{0}: {1} is not a submitted sale.").format(line.idx, source.parent))
	if header.customer != doc.customer or header.company != doc.company:
		_throw(
			_("Row #{0}: {1} is of customer {2}, company {3}: all lines must be of {4}, {5}.").format(
				line.idx, source.parent, header.customer, header.company, doc.customer, doc.company
			),
			title=_("Another Customer"),
		)
	if source.doctype == "Delivery Note":
		line.delivery_note, line.dn_detail = source.parent, source.name
		invoiced = _invoice_line_of(source.name)
		line.sales_invoice, line.si_detail = (invoiced.parent, invoiced.name) if invoiced else (None, None)
	else:
		line.sales_invoice, line.si_detail = source.parent, source.name
		line.delivery_note = source.delivery_note
		line.dn_detail = source.dn_detail
		if source.dn_detail:  # delivered by a Delivery Note: the return goes through it
			line.dn_detail = source.dn_detail
	line.item_code, line.item_name = source.item_code, source.item_name
	line.stock_uom, line.warehouse = source.stock_uom, source.warehouse
	line.batch_no = source.batch_no
	if not line.serial_no and source.serial_no and flt(line.qty) == flt(source.stock_qty):
		line.serial_no = source.serial_no
	line.rate = flt(source.base_net_rate) / flt(source.conversion_factor or 1)
	line.currency = doc.currency
	line.resolution = line.resolution or doc.default_resolution or rules.RETURN_AND_REFUND
	if line.resolution not in rules.RESOLUTIONS:
		_throw(_("Row #{0}: unknown resolution {1}.").format(line.idx, line.resolution))
	if line.resolution == rules.REFUND_ONLY and not line.si_detail:
		_throw(
			_("Row #{0}: {1} was not invoiced: a refund without goods needs an invoice to credit.").format(
				line.idx, line.delivery_note
			)
		)
	if rules.goods_come_back(line.resolution) and not line.dn_detail:
		_throw(
			_("Row #{0}: goods come back against their Delivery Note: {1} was not delivered by one.").format(
				line.idx, line.sales_invoice
			)
		)
	if flt(line.qty) <= 0:
		_throw(_("Row #{0}: Quantity must be greater than 0.").format(line.idx))
	if not line.reason or not frappe.db.get_value(RETURN_REASON, line.reason, "enabled"):
		_throw(_("Row #{0}: choose a return reason.").format(line.idx), title=_("Reason Required"))
	line.amount = rules.line_amount(line.as_dict())


def _invoice_line_of(dn_detail: str):
	"""The submitted invoice line that billed a delivery line (the first, if several)."""
	rows = frappe.get_all(
		"Sales Invoice Item",
		filters={"dn_detail": dn_detail, "docstatus": 1, "parenttype": "Sales Invoice"},
		fields=["name", "parent"],
		order_by="creation",
	)
	for row in rows:
		if not frappe.db.get_value("Sales Invoice", row.parent, "is_return"):
			return row
	return None


def _validate_replacement(doc, row):
	item = frappe.get_cached_value(
		"Item", row.item_code, ["is_stock_item", "stock_uom", "item_name"], as_dict=True
	)
	if not item:
		_throw(_("Replacement row #{0}: item {1} not found.").format(row.idx, row.item_code))
	if flt(row.qty) <= 0:
		_throw(_("Replacement row #{0}: Quantity must be greater than 0.").format(row.idx))
	if flt(row.rate) < 0:
		_throw(_("Replacement row #{0}: the rate cannot be negative.").format(row.idx))
	row.item_name, row.stock_uom, row.currency = item.item_name, item.stock_uom, doc.currency
	if not row.warehouse:
		row.warehouse = next(
			(line.warehouse for line in doc.items if line.item_code == row.item_code), None
		) or next((line.warehouse for line in doc.items if line.warehouse), None)
	if row.warehouse and frappe.get_cached_value("Warehouse", row.warehouse, "company") != doc.company:
		_throw(
			_("Replacement row #{0}: warehouse {1} is not of company {2}.").format(
				row.idx, row.warehouse, doc.company
			)
		)
	row.amount = rules.line_amount(row.as_dict())


def set_totals(doc):
	doc.total_qty = sum(flt(line.qty) for line in doc.items)
	doc.total_amount = sum(flt(line.amount) for line in doc.items)
	replacements = doc.get("replacements") or []
	doc.replacement_amount = sum(flt(row.amount) for row in replacements)
	doc.exchange_difference = rules.exchange_difference(
		[line.as_dict() for line in doc.items], [row.as_dict() for row in replacements]
	)


# -------------------------------------------------------------------------- status and progress


def _lines(doc) -> list[dict]:
	return [{**line.as_dict(), "invoiced": bool(line.si_detail)} for line in doc.items]


def money_due(doc) -> float:
	"""Net outstanding of the request's invoices and credit notes: positive, the customer owes it
	(应收); negative, it is owed to the customer (应退)."""
	if doc.is_new():
		return 0.0
	rows = frappe.get_all(
		"Sales Invoice",
		filters={REQUEST_FIELD: doc.name, "docstatus": 1},
		fields=["outstanding_amount"],
	)
	return round(sum(flt(row.outstanding_amount) for row in rows), 2)


def _status(doc, due: float | None = None) -> str:
	request = latest_request(doc.doctype, doc.name) if not doc.is_new() else None
	if due is None:
		due = money_due(doc) if doc.docstatus == 1 else 0.0
	return rules.request_status(
		doc.docstatus,
		request and request.status,
		_lines(doc),
		[row.as_dict() for row in doc.get("replacements") or []],
		closed=doc.status == rules.CLOSED,
		money_open=due < -rules.MONEY_TOLERANCE,
	)


def remaining(doc) -> dict[str, float]:
	return rules.remaining(_lines(doc), [row.as_dict() for row in doc.get("replacements") or []])


def update_progress(doc):
	"""Status and the net due, as the lines count now (``doc`` locked)."""
	due = money_due(doc) if doc.docstatus == 1 else 0.0
	doc.db_set({"status": _status(doc, due), "net_settlement": due}, update_modified=False)


def on_approval_change(doc):
	doc.db_set("status", _status(doc), update_modified=False)


def on_submit(doc):
	prepare_bins(doc)
	update_progress(doc)


def prepare_bins(doc):
	"""Create the stock bins the request's documents will post to, now: ERPNext creates a missing
	bin on the first posting, and two receipts creating the same bin at once collide."""
	warehouses = set()
	for row in frappe.get_cached_doc("JXC Settings").get("return_settings") or []:
		if row.company == doc.company:
			fields = (
				"returns_warehouse",
				"saleable_warehouse",
				"repair_warehouse",
				"supplier_hold_warehouse",
			)
			warehouses.update(row.get(field) for field in fields)
	for line in doc.items:
		for warehouse in warehouses | {line.warehouse}:
			if warehouse:
				get_or_make_bin(line.item_code, warehouse)
	for row in doc.get("replacements") or []:
		if row.warehouse:
			get_or_make_bin(row.item_code, row.warehouse)


def before_cancel(doc):
	current = locked_doc(SALES_RETURN_REQUEST, doc.name)
	if any(flt(line.received_qty) or flt(line.credited_qty) for line in current.items) or any(
		flt(row.shipped_qty) for row in current.get("replacements") or []
	):
		_throw(
			_(
				"Goods or money of {0} have already moved: cancel those documents first, or close the request."
			).format(doc.name),
			title=_("Cannot Cancel"),
			exc=SalesReturnStateError,
		)
	doc.ignore_linked_doctypes = ("Approval Request",)


def on_cancel(doc):
	doc.status = rules.CANCELLED
	claims.sync(doc, open_=False, write_lines=True)
	doc.db_set("status", rules.CANCELLED, update_modified=False)


def on_trash(doc):
	if doc.docstatus == 0:
		claims.sync(doc, open_=False)


# ------------------------------------------------------------ following the ERPNext documents


def follow(document):
	"""After a submit or cancel of an ERPNext document made for a request: its lines count it."""
	name = document.get(REQUEST_FIELD)
	if not name or not frappe.db.exists(SALES_RETURN_REQUEST, name):
		return
	doc = locked_doc(SALES_RETURN_REQUEST, name)
	sign = 1 if document.docstatus == 1 else -1
	lines = {line.name: line for line in doc.items}
	replacements = {row.name: row for row in doc.get("replacements") or []}
	header = {}
	if document.doctype == "Delivery Note":
		if document.is_return:
			claims.refresh_returned([row.dn_detail for row in document.items])
		for row in document.items:
			if document.is_return and row.get(LINE_FIELD) in lines:
				_add(lines[row.get(LINE_FIELD)], "received_qty", sign * abs(flt(row.stock_qty)))
			elif not document.is_return and row.get(REPLACEMENT_FIELD) in replacements:
				_add(replacements[row.get(REPLACEMENT_FIELD)], "shipped_qty", sign * abs(flt(row.stock_qty)))
	elif document.doctype == "Stock Entry":
		for row in document.items:
			line = lines.get(row.get(LINE_FIELD))
			field = rules.DISPOSITION_FIELDS.get(row.get(DISPOSITION_FIELD))
			if line and field:
				_add(line, field, sign * flt(row.transfer_qty))
	elif document.doctype == "Sales Invoice":
		for row in document.items:
			if document.is_return and row.get(LINE_FIELD) in lines:
				line = lines[row.get(LINE_FIELD)]
				_add(line, "credited_qty", sign * abs(flt(row.stock_qty)))
				_add(line, "credited_amount", sign * abs(flt(row.base_net_amount)))
			elif not document.is_return and row.get(REPLACEMENT_FIELD) in replacements:
				_add(replacements[row.get(REPLACEMENT_FIELD)], "invoiced_qty", sign * abs(flt(row.stock_qty)))
		field = "credited_amount" if document.is_return else "invoiced_amount"
		header[field] = flt(doc.get(field)) + sign * abs(flt(document.base_grand_total))
	elif document.doctype == "Payment Entry":
		header["refunded_amount"] = flt(doc.refunded_amount) + sign * flt(document.base_paid_amount)
	if header:
		doc.db_set(header, update_modified=False)
	# what the lines claim on their sources follows what came back and what was credited
	claims.sync(doc, write_lines=True)
	update_progress(doc)


def _add(row, field: str, qty: float):
	value = flt(row.get(field)) + qty
	if value < -rules.QTY_TOLERANCE:
		_throw(
			_("{0} would fall below zero on row #{1} of the return request.").format(
				_(row.meta.get_label(field)), row.idx
			),
			exc=SalesReturnStateError,
		)
	row.db_set(field, max(0.0, value), update_modified=False)
