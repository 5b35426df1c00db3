"""The ERPNext Stock Entries of a Stock Transfer Order: how they are built and submitted, and how the
order follows when one of them is submitted or cancelled (``jxc_app.overrides.stock_entry`` calls
``before_entry_cancel`` and ``entry_changed``).

Every entry carries the order (``ORDER_FIELD``) and each row its order line (``LINE_FIELD``) and
disposition (``DISPOSITION_FIELD``). A dispatch is a Material Transfer *Add to Transit*; what ends
transit (receipt, damage, refusal, a returned shortage) is a Material Transfer linked to the dispatch
it draws on, ERPNext's End Transit link (``outgoing_stock_entry`` / ``ste_detail``)."""

from collections import defaultdict
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import flt

from jxc_app.jxc_inventory.transfer.constants import (
	DISPOSITION_FIELD,
	LINE_FIELD,
	LINE_QTY_FIELDS,
	ORDER_FIELD,
	STOCK_TRANSFER_ORDER,
	STOCK_TRANSFER_VARIANCE,
)
from jxc_app.jxc_inventory.transfer.errors import TransferCancelError, TransferQuantityError
from jxc_app.jxc_inventory.transfer.lifecycle import moved_on_lines, update_progress
from jxc_app.rules import stock_transfer as transfer_rules
from jxc_app.utils.locking import locked_doc

# ---------------------------------------------------------------------------------- building


def new_entry(doc, purpose: str, **header):
	"""An unsaved Stock Entry of the order ``doc``."""
	entry = frappe.new_doc("Stock Entry")
	entry.update(
		{
			"company": doc.company,
			"purpose": purpose,
			"stock_entry_type": purpose,
			ORDER_FIELD: doc.name,
			"remarks": _("Stock Transfer Order {0}").format(doc.name),
			**header,
		}
	)
	return entry


def entry_row(row, qty: float, disposition: str, **fields) -> dict:
	"""A Stock Entry row moving ``qty`` (stock UOM) of order line ``row``."""
	values = {
		"item_code": row.item_code,
		"qty": qty,
		"transfer_qty": qty,
		"uom": row.stock_uom,
		"stock_uom": row.stock_uom,
		"conversion_factor": 1,
		LINE_FIELD: row.name,
		DISPOSITION_FIELD: disposition,
		**fields,
	}
	if row.batch_no or row.serial_no:
		values.update(use_serial_batch_fields=1, batch_no=row.batch_no)
	return values


def submit_entry(entry) -> str:
	entry.insert(ignore_permissions=True)
	entry.submit()
	return entry.name


@contextmanager
def all_or_nothing():
	"""An action's entries all stand or none does: on any error, back to the savepoint (a desk
	request rolls back anyway; this covers REST batch callers and Python callers)."""
	savepoint = f"jxc_transfer_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(savepoint)
	try:
		yield
	except BaseException:
		frappe.db.rollback(save_point=savepoint)
		raise


def dispatched_rows(lines: list[str]):
	"""The rows of submitted dispatches for the order ``lines``: the query (joined and filtered; the
	caller selects) and its tables, ``(query, entry, row)``."""
	entry, row = frappe.qb.DocType("Stock Entry"), frappe.qb.DocType("Stock Entry Detail")
	query = (
		frappe.qb.from_(row)
		.join(entry)
		.on(entry.name == row.parent)
		.where(
			(row[LINE_FIELD].isin(lines))
			& (row[DISPOSITION_FIELD] == transfer_rules.DISPATCHED)
			& (entry.docstatus == 1)
		)
	)
	return query, entry, row


def _dispatch_rows(lines: list[str]) -> dict[str, list[dict]]:
	"""Order line -> its submitted dispatch rows, oldest first, each with what is still to end transit.

	A locking read (the order is locked): what is still in transit now, not as of this transaction's
	snapshot. Through the lines' index: lines that were dispatched, so it locks their rows only."""
	query, entry, row = dispatched_rows(lines)
	rows = (
		query.select(
			row.name, row.parent, row[LINE_FIELD], row.transfer_qty, row.transferred_qty, row.serial_no
		)
		.where(entry.add_to_transit == 1)
		.orderby(entry.posting_date)
		.orderby(entry.creation)
		.orderby(row.idx)
		.for_update()
	).run(as_dict=True)
	by_line: dict[str, list[dict]] = defaultdict(list)
	for dispatch_row in rows:
		dispatch_row.remaining = flt(dispatch_row.transfer_qty) - flt(dispatch_row.transferred_qty)
		by_line[dispatch_row[LINE_FIELD]].append(dispatch_row)
	return by_line


def end_transit(doc, moves: list[tuple], posting_date: str | None = None) -> list[str]:
	"""``moves``: (order line, disposition, qty, target warehouse). One Stock Entry per dispatch
	drawn on (ERPNext links an end-of-transit entry to one outgoing entry), oldest dispatch first."""
	if not moves:
		return []
	dispatch_rows = _dispatch_rows(sorted({row.name for row, *_rest in moves}))
	entries: dict[str, object] = {}
	for row, disposition, qty, target in moves:
		left = qty
		for source in dispatch_rows.get(row.name, []):
			take = min(left, source.remaining)
			if take <= transfer_rules.QTY_TOLERANCE:
				continue
			source.remaining -= take
			left -= take
			entry = entries.get(source.parent)
			if entry is None:
				entry = entries[source.parent] = new_entry(
					doc,
					"Material Transfer",
					outgoing_stock_entry=source.parent,
					from_warehouse=doc.transit_warehouse,
					to_warehouse=doc.to_warehouse,
				)
				if posting_date:
					entry.update({"set_posting_time": 1, "posting_date": posting_date})
			fields = {
				"s_warehouse": doc.transit_warehouse,
				"t_warehouse": target,
				"against_stock_entry": source.parent,
				"ste_detail": source.name,
			}
			if source.serial_no:
				fields["serial_no"] = "\n".join(transfer_rules.serial_numbers(source.serial_no)[: int(take)])
			entry.append("items", entry_row(row, take, disposition, **fields))
			if left <= transfer_rules.QTY_TOLERANCE:
				break
		if left > transfer_rules.QTY_TOLERANCE:
			frappe.throw(
				_("Row #{0} ({1}): {2} more than the dispatches hold in transit.").format(
					row.idx, row.item_code, left
				),
				title=_("Invalid Quantity"),
				exc=TransferQuantityError,
			)
	return [submit_entry(entry) for entry in entries.values()]


# ------------------------------------------------------------------ the order follows its entries


def before_entry_cancel(entry):
	"""A dispatch whose goods were received cannot be cancelled; nor a receipt whose shortage was
	settled afterwards."""
	order_name = entry.get(ORDER_FIELD)
	if not order_name:
		return
	if not entry.add_to_transit:
		settled = frappe.get_all(
			STOCK_TRANSFER_VARIANCE,
			filters={"parent": order_name, "stock_entry": entry.name, "resolved_qty": (">", 0)},
			pluck="item_code",
		)
		if settled:
			frappe.throw(
				_(
					"The shortage recorded with {0} has been written off or returned: cancel that first."
				).format(entry.name),
				title=_("Cannot Cancel"),
				exc=TransferCancelError,
			)
	if entry.add_to_transit:
		ended = frappe.get_all(
			"Stock Entry", filters={"outgoing_stock_entry": entry.name, "docstatus": 1}, pluck="name"
		)
		if ended:
			frappe.throw(
				_("Goods of dispatch {0} were already received ({1}): cancel those entries first.").format(
					entry.name, ", ".join(ended)
				),
				title=_("Cannot Cancel"),
				exc=TransferCancelError,
			)


def entry_changed(entry):
	"""After a submit or cancel of one of an order's entries: the order follows."""
	order_name = entry.get(ORDER_FIELD)
	if not order_name or not frappe.db.exists(STOCK_TRANSFER_ORDER, order_name):
		return
	order = locked_doc(STOCK_TRANSFER_ORDER, order_name)  # the other entries' effects as committed now
	if entry.docstatus == 2:
		_withdraw_variances(order, entry)
	if order.docstatus == 1:
		# the entry's rows added to (or, cancelled, taken from) what the lines count
		moved, sign = moved_on_lines(order), 1 if entry.docstatus == 1 else -1
		for row in entry.items:
			line, disposition = row.get(LINE_FIELD), row.get(DISPOSITION_FIELD)
			if line in moved and disposition in LINE_QTY_FIELDS:
				moved[line][disposition] += sign * flt(row.transfer_qty)
		update_progress(order, moved, entry)


def _withdraw_variances(order, entry):
	"""A cancelled entry takes back the variances recorded with it; a cancelled write-off or return
	re-opens that much of the line's shortage (latest first)."""
	for variance in list(order.variances):
		if variance.stock_entry == entry.name:
			frappe.db.delete(STOCK_TRANSFER_VARIANCE, {"name": variance.name})
			order.variances.remove(variance)
	for row in entry.items:
		if row.get(DISPOSITION_FIELD) not in (
			transfer_rules.SHORTAGE_WRITTEN_OFF,
			transfer_rules.SHORTAGE_RETURNED,
		):
			continue
		left = flt(row.transfer_qty)
		for variance in reversed(order.variances):
			if variance.order_item != row.get(LINE_FIELD) or flt(variance.resolved_qty) <= 0:
				continue
			take = min(left, flt(variance.resolved_qty))
			resolved = flt(variance.resolved_qty) - take
			variance.db_set(
				{"resolved_qty": resolved, "resolution": variance.resolution if resolved else ""},
				update_modified=False,
			)
			left -= take
			if left <= transfer_rules.QTY_TOLERANCE:
				break
