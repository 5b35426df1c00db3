"""The whitelisted actions on a submitted Stock Transfer Order: dispatch (出库), receive (收货),
resolve a shortage (write it off or return it) and close.

Each is POST-only, locks the order (concurrent actions on it queue, ``jxc_app.utils.locking``),
checks the user may write the order and act at that end of the route, and makes its Stock Entries
all or none (``stock_entries.all_or_nothing``). Also at ``jxc_app.jxc_inventory.transfer.<fn>``
(the package re-exports them for REST callers of the old path)."""

import frappe
from frappe import _
from frappe.utils import flt, nowdate

from jxc_app.jxc_inventory.transfer.constants import LINE_FIELD, STOCK_TRANSFER_ORDER
from jxc_app.jxc_inventory.transfer.errors import (
	TransferQuantityError,
	TransferStateError,
	TransferValidationError,
)
from jxc_app.jxc_inventory.transfer.lifecycle import moved_on_lines, open_shortages, update_progress
from jxc_app.jxc_inventory.transfer.permissions import check_warehouse
from jxc_app.jxc_inventory.transfer.stock_entries import (
	all_or_nothing,
	end_transit,
	entry_row,
	new_entry,
	submit_entry,
)
from jxc_app.rules import stock_transfer as transfer_rules
from jxc_app.utils import arguments
from jxc_app.utils.closing import close_with_reason
from jxc_app.utils.locking import locked_doc
from jxc_app.utils.roles import STOCK_MANAGERS, require


def _order_for_action(name: str, warehouse_field: str, action: str):
	"""The order, locked for this transaction (concurrent actions on it queue) and read as committed
	now, lines and variances too (``jxc_app.utils.locking``), after the checks every action shares:
	stock entries may be made, the order may be written by the user, the warehouse is the user's, and
	the order is submitted and open."""
	frappe.has_permission("Stock Entry", "create", throw=True)
	if not frappe.db.exists(STOCK_TRANSFER_ORDER, name):
		frappe.throw(_("Stock Transfer Order {0} not found").format(name), exc=frappe.DoesNotExistError)
	doc = locked_doc(STOCK_TRANSFER_ORDER, name)
	doc.check_permission("write")
	check_warehouse(doc.get(warehouse_field), action)
	if doc.docstatus != 1 or doc.status in (
		transfer_rules.CLOSED,
		transfer_rules.COMPLETED,
		transfer_rules.CANCELLED,
	):
		frappe.throw(
			_("Stock Transfer Order {0} is {1}: it cannot be used to {2}.").format(
				doc.name, _(doc.status), action
			),
			title=_("Not Open"),
			exc=TransferStateError,
		)
	return doc


def _parse(items, *quantities: str) -> list[frappe._dict]:
	"""``items``: a non-empty list of rows (or its JSON) naming their ``line``, with finite quantities."""
	return arguments.parse_rows(items, "items", numbers=quantities, texts=("line", "reason"))


def _line(doc, line_name: str):
	for row in doc.items:
		if row.name == line_name or (not line_name and len(doc.items) == 1):
			return row
	frappe.throw(
		_("{0} has no line {1}.").format(doc.name, line_name),
		title=_("Invalid Line"),
		exc=TransferQuantityError,
	)


def _rule_error(error: transfer_rules.TransferRuleError, row) -> None:
	"""The rule's refusal as a message on the order line."""
	figures, where = error.figures, (row.idx, row.item_code)
	if error.code == "over_dispatch":
		message = _("Row #{0} ({1}): only {2} remain to be dispatched.").format(*where, figures["remaining"])
	elif error.code == "over_receipt":
		message = _(
			"Row #{0} ({1}): {2} entered, but only {3} are in transit and not declared short."
		).format(*where, figures["qty"], figures["available"])
	elif error.code == "over_resolution":
		message = _("Row #{0} ({1}): only {2} of the shortage are open.").format(*where, figures["open"])
	elif error.code == "nothing_to_receive":
		message = _("Row #{0} ({1}): enter what arrived or what differs.").format(*where)
	elif error.code == "qty_negative":
		message = _("Row #{0} ({1}): quantities cannot be negative.").format(*where)
	elif error.code == "unknown_variance":
		message = _("Row #{0} ({1}): unknown variance type.").format(*where)
	else:
		message = _("Row #{0} ({1}): the quantity must be greater than 0.").format(*where)
	frappe.throw(message, title=_("Invalid Quantity"), exc=TransferQuantityError)


# ------------------------------------------------------------------------------------ dispatch


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def dispatch(name: str, items: str | list | None = None, posting_date: str | None = None) -> str:
	"""出库: move the given quantities (stock UOM; ``items`` = [{"line", "qty"}], default: all that
	remains) from the source to the in-transit warehouse. Returns the Stock Entry."""
	# items not given: all that remains; given, a non-empty list (never "{}" or "[]" for "all")
	given = None if items is None else _parse(items, "qty")
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _order_for_action(name, "from_warehouse", _("dispatch"))
	moved = moved_on_lines(doc)
	# default: whatever remains on every line
	remaining = {
		row.name: flt(row.stock_qty) - flt(moved.get(row.name, {}).get(transfer_rules.DISPATCHED))
		for row in doc.items
	}
	wanted = given
	if wanted is None:
		wanted = [
			frappe._dict(line=line, qty=qty)
			for line, qty in remaining.items()
			if qty > transfer_rules.QTY_TOLERANCE
		]
	entry = new_entry(
		doc,
		"Material Transfer",
		add_to_transit=1,
		from_warehouse=doc.from_warehouse,
		to_warehouse=doc.transit_warehouse,
	)
	if posting_date:
		entry.update({"set_posting_time": 1, "posting_date": posting_date})
	for item in wanted:
		row = _line(doc, item.get("line"))
		qty = flt(item.get("qty"))
		try:
			transfer_rules.check_dispatch(row.stock_qty, moved.get(row.name, {}), qty)
		except transfer_rules.TransferRuleError as error:
			_rule_error(error, row)
		# a line named twice in one call: its next quantity is checked against this one too
		moved[row.name][transfer_rules.DISPATCHED] = flt(moved[row.name].get(transfer_rules.DISPATCHED)) + qty
		fields = {"s_warehouse": doc.from_warehouse, "t_warehouse": doc.transit_warehouse}
		if row.serial_no:
			fields["serial_no"] = "\n".join(transfer_rules.serial_numbers(row.serial_no)[: int(qty)])
		entry.append("items", entry_row(row, qty, transfer_rules.DISPATCHED, **fields))
	if not entry.items:
		frappe.throw(
			_("Nothing remains to be dispatched on {0}.").format(doc.name),
			title=_("Nothing to Dispatch"),
			exc=TransferQuantityError,
		)
	with all_or_nothing():
		return submit_entry(entry)


# ------------------------------------------------------------------------------------- receive


def _add_variance(doc, row, kind: str, qty: float, reason: str, stock_entry: str | None):
	variance = doc.append(
		"variances",
		{
			"order_item": row.name,
			"item_code": row.item_code,
			"variance_type": kind,
			"qty": qty,
			"reason": reason,
			"posting_date": nowdate(),
			"recorded_by": frappe.session.user,
			"stock_entry": stock_entry,
		},
	)
	variance.db_insert()


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def receive(name: str, items: str | list, posting_date: str | None = None) -> list[str]:
	"""收货: per line (``items`` = [{"line", "received_qty", "shortage_qty", "damaged_qty",
	"refused_qty", "reason"}], stock UOM) what arrived and what differs. Received goods go to the
	destination, damaged ones to the damaged-goods warehouse, refused ones back to the source; a
	shortage stays in transit. A difference needs a reason. Returns the Stock Entries made."""
	given = _parse(items, "received_qty", "shortage_qty", "damaged_qty", "refused_qty")
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _order_for_action(name, "to_warehouse", _("receive"))
	moved = moved_on_lines(doc)
	shortages = open_shortages(doc)
	moves, variances = [], []
	for item in given:
		row = _line(doc, item.get("line"))
		quantities = {
			transfer_rules.SHORTAGE: flt(item.get("shortage_qty")),
			transfer_rules.DAMAGE: flt(item.get("damaged_qty")),
			transfer_rules.REFUSAL: flt(item.get("refused_qty")),
		}
		received = flt(item.get("received_qty"))
		try:
			transfer_rules.check_receipt(
				moved.get(row.name, {}), shortages.get(row.name, 0.0), received, quantities
			)
		except transfer_rules.TransferRuleError as error:
			_rule_error(error, row)
		# a line named twice in one call: its next quantities are checked against these too
		for disposition, qty in (
			(transfer_rules.RECEIVED, received),
			(transfer_rules.DAMAGED, quantities[transfer_rules.DAMAGE]),
			(transfer_rules.REFUSED, quantities[transfer_rules.REFUSAL]),
		):
			moved[row.name][disposition] = flt(moved[row.name].get(disposition)) + qty
		shortages[row.name] += quantities[transfer_rules.SHORTAGE]
		reason = (item.get("reason") or "").strip()
		if any(quantities.values()) and not reason:
			frappe.throw(
				_("Row #{0} ({1}): please give the reason for the difference.").format(
					row.idx, row.item_code
				),
				title=_("Reason Required"),
				exc=TransferValidationError,
			)
		if quantities[transfer_rules.DAMAGE] and not doc.damaged_warehouse:
			frappe.throw(
				_(
					"Set the Damaged Goods Warehouse on {0} (or in JXC Settings) before receiving damaged goods."
				).format(doc.name),
				title=_("Damaged Goods Warehouse Required"),
				exc=TransferValidationError,
			)
		if received:
			moves.append((row, transfer_rules.RECEIVED, received, doc.to_warehouse))
		if quantities[transfer_rules.DAMAGE]:
			moves.append(
				(row, transfer_rules.DAMAGED, quantities[transfer_rules.DAMAGE], doc.damaged_warehouse)
			)
		if quantities[transfer_rules.REFUSAL]:
			moves.append(
				(row, transfer_rules.REFUSED, quantities[transfer_rules.REFUSAL], doc.from_warehouse)
			)
		for kind, qty in quantities.items():
			if qty:
				variances.append((row, kind, qty, reason))
	if not moves and not variances:
		frappe.throw(_("Nothing was entered."), title=_("Nothing to Receive"), exc=TransferQuantityError)
	with all_or_nothing():
		entries = end_transit(doc, moves, posting_date)
		entry_of_line = {}
		for entry_name in entries:
			for line in frappe.get_all(
				"Stock Entry Detail", filters={"parent": entry_name}, pluck=LINE_FIELD
			):
				entry_of_line.setdefault(line, entry_name)
		for row, kind, qty, reason in variances:
			# a shortage is declared with the receipt of the same line, if any: cancelling that
			# receipt withdraws the declaration too
			_add_variance(doc, row, kind, qty, reason, entry_of_line.get(row.name))
		# the lines as the entries just left them, with the variances
		update_progress(locked_doc(STOCK_TRANSFER_ORDER, doc.name))
	return entries


# ------------------------------------------------------------------------------- shortage, close


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def resolve_shortage(
	name: str, line: str, resolution: str, qty: float, posting_date: str | None = None
) -> str:
	"""Settle an open shortage: ``resolution`` "Written Off" (Material Issue from transit, charged to
	the transit loss account) or "Returned" (back to the source). Returns the Stock Entry."""
	qty = arguments.parse_number(qty, "qty")
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _order_for_action(name, "to_warehouse", _("resolve a shortage"))
	require(STOCK_MANAGERS, _("Only a Stock Manager can write off or return a shortage in transit."))
	row = _line(doc, line)
	qty = flt(qty)
	try:
		transfer_rules.check_shortage_resolution(open_shortages(doc).get(row.name, 0.0), qty)
	except transfer_rules.TransferRuleError as error:
		_rule_error(error, row)
	with all_or_nothing():
		if resolution == "Written Off":
			entry_name = _write_off(doc, row, qty, posting_date)
		elif resolution == "Returned":
			entry_name = end_transit(
				doc, [(row, transfer_rules.SHORTAGE_RETURNED, qty, doc.from_warehouse)], posting_date
			)[0]
		else:
			frappe.throw(
				_("Resolution must be Written Off or Returned."),
				title=_("Invalid Resolution"),
				exc=TransferValidationError,
			)
		left = qty
		for variance in doc.variances:
			if variance.order_item != row.name or variance.variance_type != transfer_rules.SHORTAGE:
				continue
			take = min(left, flt(variance.qty) - flt(variance.resolved_qty))
			if take <= transfer_rules.QTY_TOLERANCE:
				continue
			variance.db_set(
				{"resolved_qty": flt(variance.resolved_qty) + take, "resolution": resolution},
				update_modified=False,
			)
			left -= take
		# the lines as the entry just left them, with the variances
		update_progress(locked_doc(STOCK_TRANSFER_ORDER, doc.name))
	return entry_name


def _write_off(doc, row, qty: float, posting_date: str | None) -> str:
	"""A Material Issue of ``qty`` from transit, charged to the transit loss account."""
	account = doc.loss_account or frappe.get_cached_value("Company", doc.company, "stock_adjustment_account")
	entry = new_entry(doc, "Material Issue", from_warehouse=doc.transit_warehouse)
	if posting_date:
		entry.update({"set_posting_time": 1, "posting_date": posting_date})
	entry.append(
		"items",
		entry_row(
			row,
			qty,
			transfer_rules.SHORTAGE_WRITTEN_OFF,
			s_warehouse=doc.transit_warehouse,
			expense_account=account,
			cost_center=frappe.get_cached_value("Company", doc.company, "cost_center"),
		),
	)
	return submit_entry(entry)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def close(name: str, reason: str) -> str:
	"""Close an order nothing more will be dispatched from; only with nothing in transit."""
	doc = locked_doc(STOCK_TRANSFER_ORDER, name)  # a dispatch finishing meanwhile is seen
	doc.check_permission("submit")
	moved = moved_on_lines(doc)
	in_transit = sum(transfer_rules.in_transit_qty(moved.get(row.name, {})) for row in doc.items)
	return close_with_reason(
		doc,
		reason,
		closable=doc.docstatus == 1
		and doc.status not in (transfer_rules.CLOSED, transfer_rules.COMPLETED)
		and in_transit <= transfer_rules.QTY_TOLERANCE,
		refusal=_("Only an open order with nothing in transit can be closed."),
		reason_error=TransferValidationError,
		state_error=TransferStateError,
	)
