"""The Stock Transfer Order itself: validation, status and progress, submit and cancel.

An order line counts what its Stock Entries moved (``LINE_QTY_FIELDS``); ``update_progress`` writes
those counts, the percentages and the status whenever an entry is submitted or cancelled
(``stock_entries.entry_changed``) or the order's approval changes."""

from collections import defaultdict

import frappe
from erpnext.stock.get_item_details import get_conversion_factor
from erpnext.stock.utils import get_or_make_bin
from frappe import _
from frappe.query_builder.functions import Min
from frappe.utils import flt, getdate

from jxc_app.jxc_approvals.requests import latest_request
from jxc_app.jxc_inventory.transfer.constants import LINE_QTY_FIELDS, ORDER_FIELD
from jxc_app.jxc_inventory.transfer.errors import TransferCancelError, TransferValidationError
from jxc_app.rules import stock_transfer as transfer_rules
from jxc_app.utils.locking import locked_doc


def _warehouse_company(warehouse: str) -> str | None:
	return frappe.get_cached_value("Warehouse", warehouse, "company")


def validate(doc):
	if not doc.transit_warehouse:
		doc.transit_warehouse = frappe.get_cached_value(
			"Company", doc.company, "default_in_transit_warehouse"
		)
	if not doc.transit_warehouse:
		frappe.throw(
			_(
				"Please set an In-Transit Warehouse, or the Default In-Transit Warehouse of company {0}."
			).format(doc.company),
			title=_("In-Transit Warehouse Required"),
			exc=TransferValidationError,
		)
	settings = frappe.get_cached_doc("JXC Settings")
	if not doc.damaged_warehouse and settings.get("transfer_damaged_warehouse"):
		if _warehouse_company(settings.transfer_damaged_warehouse) == doc.company:
			doc.damaged_warehouse = settings.transfer_damaged_warehouse
	if not doc.loss_account and settings.get("transfer_loss_account"):
		if frappe.get_cached_value("Account", settings.transfer_loss_account, "company") == doc.company:
			doc.loss_account = settings.transfer_loss_account
	_validate_route(doc)
	if doc.required_date and getdate(doc.required_date) < getdate(doc.transaction_date):
		frappe.throw(
			_("Required By cannot be before the order date."),
			title=_("Invalid Date"),
			exc=TransferValidationError,
		)
	for row in doc.items:
		_validate_line(row)
	doc.total_qty = sum(flt(row.stock_qty) for row in doc.items)
	doc.status = _status(doc)


def _validate_route(doc):
	route = {"from_warehouse": doc.from_warehouse, "to_warehouse": doc.to_warehouse}
	route["transit_warehouse"] = doc.transit_warehouse
	if doc.damaged_warehouse:
		route["damaged_warehouse"] = doc.damaged_warehouse
	for field, warehouse in route.items():
		if _warehouse_company(warehouse) != doc.company:
			frappe.throw(
				_("{0} {1} does not belong to company {2}.").format(
					_(doc.meta.get_label(field)), warehouse, doc.company
				),
				title=_("Invalid Warehouse"),
				exc=TransferValidationError,
			)
		if frappe.get_cached_value("Warehouse", warehouse, "is_group"):
			frappe.throw(
				_("{0} {1} is a group warehouse: choose one that holds stock.").format(
					_(doc.meta.get_label(field)), warehouse
				),
				title=_("Invalid Warehouse"),
				exc=TransferValidationError,
			)
	if doc.from_warehouse == doc.to_warehouse:
		frappe.throw(
			_("From Warehouse and To Warehouse must differ."),
			title=_("Invalid Route"),
			exc=TransferValidationError,
		)
	if doc.transit_warehouse in (doc.from_warehouse, doc.to_warehouse):
		frappe.throw(
			_("The in-transit warehouse must differ from both ends of the transfer."),
			title=_("Invalid Route"),
			exc=TransferValidationError,
		)
	if frappe.get_cached_value("Warehouse", doc.transit_warehouse, "warehouse_type") != "Transit":
		frappe.throw(
			_("Warehouse {0} is not of type Transit.").format(doc.transit_warehouse),
			title=_("Invalid Route"),
			exc=TransferValidationError,
		)


def _validate_line(row):
	item = frappe.get_cached_value(
		"Item",
		row.item_code,
		["is_stock_item", "stock_uom", "has_batch_no", "has_serial_no"],
		as_dict=True,
	)
	if not item or not item.is_stock_item:
		frappe.throw(
			_("Row #{0}: {1} is not a stock item.").format(row.idx, row.item_code),
			title=_("Invalid Item"),
			exc=TransferValidationError,
		)
	if flt(row.qty) <= 0:
		frappe.throw(
			_("Row #{0}: Quantity must be greater than 0.").format(row.idx),
			title=_("Invalid Quantity"),
			exc=TransferValidationError,
		)
	row.stock_uom = item.stock_uom
	row.uom = row.uom or item.stock_uom
	row.conversion_factor = (
		1
		if row.uom == item.stock_uom
		else get_conversion_factor(row.item_code, row.uom).get("conversion_factor")
	)
	if not row.conversion_factor:
		frappe.throw(
			_("Row #{0}: no conversion from {1} to {2} for item {3}.").format(
				row.idx, row.uom, item.stock_uom, row.item_code
			),
			title=_("Invalid UOM"),
			exc=TransferValidationError,
		)
	row.stock_qty = flt(row.qty) * flt(row.conversion_factor)
	if row.batch_no and not item.has_batch_no:
		frappe.throw(
			_("Row #{0}: item {1} has no batches.").format(row.idx, row.item_code),
			title=_("Invalid Batch"),
			exc=TransferValidationError,
		)
	if row.batch_no and frappe.db.get_value("Batch", row.batch_no, "item") != row.item_code:
		frappe.throw(
			_("Row #{0}: batch {1} is not of item {2}.").format(row.idx, row.batch_no, row.item_code),
			title=_("Invalid Batch"),
			exc=TransferValidationError,
		)
	if item.has_serial_no and row.serial_no:
		serials = transfer_rules.serial_numbers(row.serial_no)
		if len(serials) != flt(row.stock_qty):
			frappe.throw(
				_("Row #{0}: {1} serial numbers for a quantity of {2}.").format(
					row.idx, len(serials), row.stock_qty
				),
				title=_("Invalid Serial Numbers"),
				exc=TransferValidationError,
			)


def moved_on_lines(doc) -> dict[str, dict[str, float]]:
	"""Order line -> disposition -> stock qty, as the order's lines count them.

	The count follows the submitted Stock Entries of the order: every submit or cancel of one adds or
	takes away its rows (``stock_entries.entry_changed``), the order locked. So an order read by
	``locked_doc`` after its lock shows what is committed now, and no action needs to lock the
	entries themselves (locking reads through the entries' index would make concurrent actions on
	neighbouring orders deadlock)."""
	moved: dict[str, dict[str, float]] = defaultdict(dict)
	for row in doc.items:
		moved[row.name] = {disposition: flt(row.get(field)) for disposition, field in LINE_QTY_FIELDS.items()}
	return moved


def open_shortages(doc) -> dict[str, float]:
	"""Order line -> shortage declared and not yet written off or returned."""
	shortage: dict[str, float] = defaultdict(float)
	for variance in doc.get("variances") or []:
		if variance.variance_type == transfer_rules.SHORTAGE:
			shortage[variance.order_item] += flt(variance.qty) - flt(variance.resolved_qty)
	return shortage


def _lines(doc, moved) -> list[dict]:
	return [{"qty": row.stock_qty, "moved": moved.get(row.name, {})} for row in doc.items]


def _status(doc, moved=None) -> str:
	request = latest_request(doc.doctype, doc.name) if not doc.is_new() else None
	if moved is None:
		moved = moved_on_lines(doc) if doc.docstatus == 1 else {}
	return transfer_rules.order_status(
		doc.docstatus,
		request and request.status,
		_lines(doc, moved),
		closed=doc.status == transfer_rules.CLOSED,
	)


def update_progress(doc, moved=None, entry=None):
	"""Line quantities, percentages, first dispatch date and status. ``moved``: the lines' quantities
	(default: as they count them); ``entry``: the Stock Entry just submitted or cancelled."""
	if moved is None:
		moved = moved_on_lines(doc) if doc.docstatus == 1 else {}
	shortages = open_shortages(doc)
	for row in doc.items:
		line = moved.get(row.name, {})
		values = {field: flt(line.get(disposition)) for disposition, field in LINE_QTY_FIELDS.items()}
		values["shortage_qty"] = shortages.get(row.name, 0.0)
		values["in_transit_qty"] = transfer_rules.in_transit_qty(line)
		row.update(values)
		row.db_update()
	ordered = sum(flt(row.stock_qty) for row in doc.items)
	doc.db_set(
		{
			"status": _status(doc, moved),
			"per_dispatched": transfer_rules.percent(sum(flt(r.dispatched_qty) for r in doc.items), ordered),
			"per_received": transfer_rules.percent(sum(flt(r.received_qty) for r in doc.items), ordered),
			"in_transit_qty": sum(flt(r.in_transit_qty) for r in doc.items),
			"first_dispatch_date": _first_dispatch_date(doc, entry),
		},
		update_modified=False,
	)


def _first_dispatch_date(doc, entry=None):
	if entry is None or not entry.add_to_transit:
		return doc.first_dispatch_date
	if entry.docstatus == 1:
		return min(getdate(date) for date in (doc.first_dispatch_date, entry.posting_date) if date)
	# a dispatch cancelled: the earliest of those still submitted
	stock_entry = frappe.qb.DocType("Stock Entry")
	return (
		frappe.qb.from_(stock_entry)
		.select(Min(stock_entry.posting_date))
		.where(
			(stock_entry[ORDER_FIELD] == doc.name)
			& (stock_entry.docstatus == 1)
			& (stock_entry.add_to_transit == 1)
		)
	).run()[0][0]


def on_submit(doc):
	prepare_bins(doc)
	update_progress(doc)


def prepare_bins(doc):
	"""Create the stock bins the order's entries will post to, now: ERPNext creates a missing bin
	on the first posting, and two dispatches creating the same bin at once collide."""
	warehouses = [doc.from_warehouse, doc.transit_warehouse, doc.to_warehouse]
	if doc.damaged_warehouse:
		warehouses.append(doc.damaged_warehouse)
	for item_code in {row.item_code for row in doc.items}:
		for warehouse in warehouses:
			get_or_make_bin(item_code, warehouse)


def before_cancel(doc):
	# as locked by Frappe's cancel (a receipt committed meanwhile counts), not as the caller read it
	moved = moved_on_lines(doc.get_doc_before_save() or doc)
	if any(transfer_rules.settled_qty(line) > transfer_rules.QTY_TOLERANCE for line in moved.values()):
		frappe.throw(
			_(
				"Goods of {0} have already been received (or their shortage settled): cancel those receipts first, or close the order."
			).format(doc.name),
			title=_("Cannot Cancel"),
			exc=TransferCancelError,
		)
	# the order's dispatches point at it; on_cancel cancels them
	doc.ignore_linked_doctypes = ("Stock Entry", "Approval Request", "GL Entry", "Stock Ledger Entry")


def on_cancel(doc):
	"""Cancel the order's dispatches (newest first: goods back from transit to the source) and delete
	its draft entries."""
	# a locking read: also the dispatches committed while this cancel waited for the order
	for (name,) in frappe.db.get_values(
		"Stock Entry",
		{ORDER_FIELD: doc.name, "docstatus": 1},
		"name",
		order_by="creation desc",
		for_update=True,
	):
		locked_doc("Stock Entry", name).cancel()
	for name in frappe.get_all("Stock Entry", filters={ORDER_FIELD: doc.name, "docstatus": 0}, pluck="name"):
		frappe.delete_doc("Stock Entry", name, ignore_permissions=True)
	doc.db_set("status", transfer_rules.CANCELLED, update_modified=False)
