"""库存调拨: the Stock Transfer Order and the ERPNext Stock Entries that move its goods.

- Dispatch (出库): a Material Transfer *Add to Transit* from the source to the in-transit warehouse.
- Receive (收货): Material Transfers out of transit linked to the dispatch they end (ERPNext's own
  End Transit link: ``outgoing_stock_entry`` / ``ste_detail``, so the dispatch's % transferred
  follows): received goods to the destination, damaged goods (破损) to the damaged-goods warehouse,
  refused goods (拒收) back to the source. A shortage (短少) stays in transit until it is written off
  (Material Issue charged to the transit loss account) or returned to the source.

Every Stock Entry carries the order (``jxc_stock_transfer_order``) and each row its order line and
disposition; an order line's quantities are recomputed from the submitted entries whenever one is
submitted or cancelled, so cancelling an entry is always reflected. Quantity rules are
``jxc_app.rules.stock_transfer``'s.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Min, Sum
from frappe.utils import flt, getdate, nowdate

from jxc_app.rules import stock_transfer as rules
from jxc_app.utils import arguments
from jxc_app.utils.locking import locked_doc

DOCTYPE = "Stock Transfer Order"
ORDER_FIELD = "jxc_stock_transfer_order"
LINE_FIELD = "jxc_stock_transfer_order_item"
DISPOSITION_FIELD = "jxc_transfer_disposition"
LINE_QTY_FIELDS = {
	rules.DISPATCHED: "dispatched_qty",
	rules.RECEIVED: "received_qty",
	rules.DAMAGED: "damaged_qty",
	rules.REFUSED: "refused_qty",
	rules.SHORTAGE_WRITTEN_OFF: "written_off_qty",
	rules.SHORTAGE_RETURNED: "returned_qty",
}


class TransferValidationError(frappe.ValidationError):
	pass


class TransferStateError(frappe.ValidationError):
	pass


class TransferQuantityError(frappe.ValidationError):
	pass


class TransferCancelError(frappe.ValidationError):
	pass


# ------------------------------------------------------------------------------------ the order


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
	if doc.required_date and getdate(doc.required_date) < getdate(doc.transaction_date):
		frappe.throw(
			_("Required By cannot be before the order date."),
			title=_("Invalid Date"),
			exc=TransferValidationError,
		)

	from erpnext.stock.get_item_details import get_conversion_factor

	for row in doc.items:
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
			serials = _serials(row.serial_no)
			if len(serials) != flt(row.stock_qty):
				frappe.throw(
					_("Row #{0}: {1} serial numbers for a quantity of {2}.").format(
						row.idx, len(serials), row.stock_qty
					),
					title=_("Invalid Serial Numbers"),
					exc=TransferValidationError,
				)
	doc.total_qty = sum(flt(row.stock_qty) for row in doc.items)
	doc.status = _status(doc)


def _serials(text: str | None) -> list[str]:
	return [serial.strip() for serial in (text or "").replace(",", "\n").split("\n") if serial.strip()]


def _moved_on_lines(doc) -> dict[str, dict[str, float]]:
	"""Order line -> disposition -> stock qty, as the order's lines count them.

	The count follows the submitted Stock Entries of the order: every submit or cancel of one adds or
	takes away its rows (``stock_entry_changed``), the order locked. So an order read by
	``locked_doc`` after its lock shows what is committed now, and no action needs to lock the
	entries themselves (locking reads through the entries' index would make concurrent actions on
	neighbouring orders deadlock)."""
	moved: dict[str, dict[str, float]] = defaultdict(dict)
	for row in doc.items:
		moved[row.name] = {disposition: flt(row.get(field)) for disposition, field in LINE_QTY_FIELDS.items()}
	return moved


def _open_shortages(doc) -> dict[str, float]:
	"""Order line -> shortage declared and not yet written off or returned."""
	shortage: dict[str, float] = defaultdict(float)
	for variance in doc.get("variances") or []:
		if variance.variance_type == rules.SHORTAGE:
			shortage[variance.order_item] += flt(variance.qty) - flt(variance.resolved_qty)
	return shortage


def _lines(doc, moved) -> list[dict]:
	return [{"qty": row.stock_qty, "moved": moved.get(row.name, {})} for row in doc.items]


def _status(doc, moved=None) -> str:
	from jxc_app.jxc_approvals.engine import latest_request

	request = latest_request(doc.doctype, doc.name) if not doc.is_new() else None
	if moved is None:
		moved = _moved_on_lines(doc) if doc.docstatus == 1 else {}
	return rules.order_status(
		doc.docstatus, request and request.status, _lines(doc, moved), closed=doc.status == rules.CLOSED
	)


def update_progress(doc, moved=None, entry=None):
	"""Line quantities, percentages, first dispatch date and status. ``moved``: the lines' quantities
	(default: as they count them); ``entry``: the Stock Entry just submitted or cancelled."""
	if moved is None:
		moved = _moved_on_lines(doc) if doc.docstatus == 1 else {}
	shortages = _open_shortages(doc)
	for row in doc.items:
		line = moved.get(row.name, {})
		values = {field: flt(line.get(disposition)) for disposition, field in LINE_QTY_FIELDS.items()}
		values["shortage_qty"] = shortages.get(row.name, 0.0)
		values["in_transit_qty"] = rules.in_transit_qty(line)
		row.update(values)
		row.db_update()
	ordered = sum(flt(row.stock_qty) for row in doc.items)
	doc.db_set(
		{
			"status": _status(doc, moved),
			"per_dispatched": rules.percent(sum(flt(r.dispatched_qty) for r in doc.items), ordered),
			"per_received": rules.percent(sum(flt(r.received_qty) for r in doc.items), ordered),
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
	from erpnext.stock.utils import get_or_make_bin

	warehouses = [doc.from_warehouse, doc.transit_warehouse, doc.to_warehouse]
	if doc.damaged_warehouse:
		warehouses.append(doc.damaged_warehouse)
	for item_code in {row.item_code for row in doc.items}:
		for warehouse in warehouses:
			get_or_make_bin(item_code, warehouse)


def before_cancel(doc):
	# as locked by Frappe's cancel (a receipt committed meanwhile counts), not as the caller read it
	moved = _moved_on_lines(doc.get_doc_before_save() or doc)
	if any(rules.settled_qty(line) > rules.QTY_TOLERANCE for line in moved.values()):
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
	doc.db_set("status", rules.CANCELLED, update_modified=False)


# ---------------------------------------------------------------------------------- permissions


def _restricted_warehouses(user: str | None = None) -> set[str] | None:
	"""The warehouses a user's User Permissions allow for transfer orders; None: no restriction."""
	allowed = frappe.permissions.get_user_permissions(user or frappe.session.user).get("Warehouse")
	if not allowed:
		return None
	return {
		entry.get("doc")
		for entry in allowed
		if not entry.get("applicable_for") or entry.get("applicable_for") == DOCTYPE
	}


def query_conditions(user: str | None = None) -> str:
	"""A keeper restricted to some warehouses sees the orders leaving from or arriving at them."""
	warehouses = _restricted_warehouses(user)
	if warehouses is None:
		return ""
	if not warehouses:
		return "1=0"
	names = ", ".join(frappe.db.escape(name) for name in sorted(warehouses))
	return f"(`tabStock Transfer Order`.from_warehouse in ({names}) or `tabStock Transfer Order`.to_warehouse in ({names}))"


def has_permission(doc, ptype=None, user=None, debug=False) -> bool:
	warehouses = _restricted_warehouses(user)
	if warehouses is None:
		return True  # not denied: the roles decide (v16 reads None as a denial, v15 as no opinion)
	return doc.from_warehouse in warehouses or doc.to_warehouse in warehouses


def _check_warehouse(warehouse: str, action: str):
	warehouses = _restricted_warehouses()
	if warehouses is not None and warehouse not in warehouses:
		frappe.throw(
			_("You may not {0} here: you have no permission on warehouse {1}.").format(action, warehouse),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)


def _order_for_action(name: str, warehouse_field: str, action: str):
	"""The order, locked for this transaction (concurrent actions on it queue) and read as committed
	now, lines and variances too (``jxc_app.utils.locking``), after the checks every action shares:
	stock entries may be made, the order may be read, the warehouse is the user's, and the order is
	submitted and open."""
	frappe.has_permission("Stock Entry", "create", throw=True)
	if not frappe.db.exists(DOCTYPE, name):
		frappe.throw(_("Stock Transfer Order {0} not found").format(name), exc=frappe.DoesNotExistError)
	doc = locked_doc(DOCTYPE, name)
	doc.check_permission("read")
	_check_warehouse(doc.get(warehouse_field), action)
	if doc.docstatus != 1 or doc.status in (rules.CLOSED, rules.COMPLETED, rules.CANCELLED):
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


def _rule_error(error: rules.TransferRuleError, row) -> None:
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


def _entry(doc, purpose: str, **header):
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


def _entry_row(row, qty: float, disposition: str, **fields) -> dict:
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


def _submit(entry) -> str:
	entry.insert(ignore_permissions=True)
	entry.submit()
	return entry.name


class _all_or_nothing:
	"""An action's entries all stand or none does: on any error, back to the savepoint (a desk
	request rolls back anyway; this covers REST batch callers and Python callers)."""

	def __enter__(self):
		self.savepoint = f"jxc_transfer_{frappe.generate_hash(length=8)}"
		frappe.db.savepoint(self.savepoint)

	def __exit__(self, kind, error, traceback):
		if kind is not None:
			frappe.db.rollback(save_point=self.savepoint)
		return False


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
	moved = _moved_on_lines(doc)
	# default: whatever remains on every line
	remaining = {
		row.name: flt(row.stock_qty) - flt(moved.get(row.name, {}).get(rules.DISPATCHED)) for row in doc.items
	}
	wanted = given
	if wanted is None:
		wanted = [
			frappe._dict(line=line, qty=qty) for line, qty in remaining.items() if qty > rules.QTY_TOLERANCE
		]
	entry = _entry(
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
			rules.check_dispatch(row.stock_qty, moved.get(row.name, {}), qty)
		except rules.TransferRuleError as error:
			_rule_error(error, row)
		# a line named twice in one call: its next quantity is checked against this one too
		moved[row.name][rules.DISPATCHED] = flt(moved[row.name].get(rules.DISPATCHED)) + qty
		fields = {"s_warehouse": doc.from_warehouse, "t_warehouse": doc.transit_warehouse}
		if row.serial_no:
			fields["serial_no"] = "\n".join(_serials(row.serial_no)[: int(qty)])
		entry.append("items", _entry_row(row, qty, rules.DISPATCHED, **fields))
	if not entry.items:
		frappe.throw(
			_("Nothing remains to be dispatched on {0}.").format(doc.name),
			title=_("Nothing to Dispatch"),
			exc=TransferQuantityError,
		)
	with _all_or_nothing():
		return _submit(entry)


# ------------------------------------------------------------------------------------- receive


def _dispatch_rows(lines: list[str]) -> dict[str, list[dict]]:
	"""Order line -> its submitted dispatch rows, oldest first, each with what is still to end transit.

	A locking read (the order is locked): what is still in transit now, not as of this transaction's
	snapshot. Through the lines' index: lines that were dispatched, so it locks their rows only."""
	entry = frappe.qb.DocType("Stock Entry")
	row = frappe.qb.DocType("Stock Entry Detail")
	rows = (
		frappe.qb.from_(row)
		.join(entry)
		.on(entry.name == row.parent)
		.select(row.name, row.parent, row[LINE_FIELD], row.transfer_qty, row.transferred_qty, row.serial_no)
		.where(
			(row[LINE_FIELD].isin(lines))
			& (row[DISPOSITION_FIELD] == rules.DISPATCHED)
			& (entry.docstatus == 1)
			& (entry.add_to_transit == 1)
		)
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


def _end_transit(doc, moves: list[tuple], posting_date: str | None = None) -> list[str]:
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
			if take <= rules.QTY_TOLERANCE:
				continue
			source.remaining -= take
			left -= take
			entry = entries.get(source.parent)
			if entry is None:
				entry = entries[source.parent] = _entry(
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
				fields["serial_no"] = "\n".join(_serials(source.serial_no)[: int(take)])
			entry.append("items", _entry_row(row, take, disposition, **fields))
			if left <= rules.QTY_TOLERANCE:
				break
		if left > rules.QTY_TOLERANCE:
			frappe.throw(
				_("Row #{0} ({1}): {2} more than the dispatches hold in transit.").format(
					row.idx, row.item_code, left
				),
				title=_("Invalid Quantity"),
				exc=TransferQuantityError,
			)
	return [_submit(entry) for entry in entries.values()]


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
	moved = _moved_on_lines(doc)
	shortages = _open_shortages(doc)
	moves, variances = [], []
	for item in given:
		row = _line(doc, item.get("line"))
		quantities = {
			rules.SHORTAGE: flt(item.get("shortage_qty")),
			rules.DAMAGE: flt(item.get("damaged_qty")),
			rules.REFUSAL: flt(item.get("refused_qty")),
		}
		received = flt(item.get("received_qty"))
		try:
			rules.check_receipt(moved.get(row.name, {}), shortages.get(row.name, 0.0), received, quantities)
		except rules.TransferRuleError as error:
			_rule_error(error, row)
		# a line named twice in one call: its next quantities are checked against these too
		for disposition, qty in (
			(rules.RECEIVED, received),
			(rules.DAMAGED, quantities[rules.DAMAGE]),
			(rules.REFUSED, quantities[rules.REFUSAL]),
		):
			moved[row.name][disposition] = flt(moved[row.name].get(disposition)) + qty
		shortages[row.name] += quantities[rules.SHORTAGE]
		reason = (item.get("reason") or "").strip()
		if any(quantities.values()) and not reason:
			frappe.throw(
				_("Row #{0} ({1}): please give the reason for the difference.").format(
					row.idx, row.item_code
				),
				title=_("Reason Required"),
				exc=TransferValidationError,
			)
		if quantities[rules.DAMAGE] and not doc.damaged_warehouse:
			frappe.throw(
				_(
					"Set the Damaged Goods Warehouse on {0} (or in JXC Settings) before receiving damaged goods."
				).format(doc.name),
				title=_("Damaged Goods Warehouse Required"),
				exc=TransferValidationError,
			)
		if received:
			moves.append((row, rules.RECEIVED, received, doc.to_warehouse))
		if quantities[rules.DAMAGE]:
			moves.append((row, rules.DAMAGED, quantities[rules.DAMAGE], doc.damaged_warehouse))
		if quantities[rules.REFUSAL]:
			moves.append((row, rules.REFUSED, quantities[rules.REFUSAL], doc.from_warehouse))
		for kind, qty in quantities.items():
			if qty:
				variances.append((row, kind, qty, reason))
	if not moves and not variances:
		frappe.throw(_("Nothing was entered."), title=_("Nothing to Receive"), exc=TransferQuantityError)
	with _all_or_nothing():
		entries = _end_transit(doc, moves, posting_date)
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
		update_progress(locked_doc(DOCTYPE, doc.name))
	return entries


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
	frappe.has_permission(DOCTYPE, "cancel", doc=doc, throw=True)  # a write-off is a manager's call
	row = _line(doc, line)
	qty = flt(qty)
	try:
		rules.check_shortage_resolution(_open_shortages(doc).get(row.name, 0.0), qty)
	except rules.TransferRuleError as error:
		_rule_error(error, row)
	with _all_or_nothing():
		if resolution == "Written Off":
			account = doc.loss_account or frappe.get_cached_value(
				"Company", doc.company, "stock_adjustment_account"
			)
			entry = _entry(doc, "Material Issue", from_warehouse=doc.transit_warehouse)
			if posting_date:
				entry.update({"set_posting_time": 1, "posting_date": posting_date})
			entry.append(
				"items",
				_entry_row(
					row,
					qty,
					rules.SHORTAGE_WRITTEN_OFF,
					s_warehouse=doc.transit_warehouse,
					expense_account=account,
					cost_center=frappe.get_cached_value("Company", doc.company, "cost_center"),
				),
			)
			entry_name = _submit(entry)
		elif resolution == "Returned":
			entry_name = _end_transit(
				doc, [(row, rules.SHORTAGE_RETURNED, qty, doc.from_warehouse)], posting_date
			)[0]
		else:
			frappe.throw(
				_("Resolution must be Written Off or Returned."),
				title=_("Invalid Resolution"),
				exc=TransferValidationError,
			)
		left = qty
		for variance in doc.variances:
			if variance.order_item != row.name or variance.variance_type != rules.SHORTAGE:
				continue
			take = min(left, flt(variance.qty) - flt(variance.resolved_qty))
			if take <= rules.QTY_TOLERANCE:
				continue
			variance.db_set(
				{"resolved_qty": flt(variance.resolved_qty) + take, "resolution": resolution},
				update_modified=False,
			)
			left -= take
		# the lines as the entry just left them, with the variances
		update_progress(locked_doc(DOCTYPE, doc.name))
	return entry_name


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def close(name: str, reason: str) -> str:
	"""Close an order nothing more will be dispatched from; only with nothing in transit."""
	doc = locked_doc(DOCTYPE, name)  # a dispatch finishing meanwhile is seen
	doc.check_permission("submit")
	if not (reason or "").strip():
		frappe.throw(
			_("Please give a reason for closing."), title=_("Reason Required"), exc=TransferValidationError
		)
	moved = _moved_on_lines(doc)
	in_transit = sum(rules.in_transit_qty(moved.get(row.name, {})) for row in doc.items)
	if (
		doc.docstatus != 1
		or doc.status in (rules.CLOSED, rules.COMPLETED)
		or in_transit > rules.QTY_TOLERANCE
	):
		frappe.throw(
			_("Only an open order with nothing in transit can be closed."),
			title=_("Cannot Close"),
			exc=TransferStateError,
		)
	doc.db_set({"status": rules.CLOSED, "close_reason": reason})
	doc.add_comment("Info", _("Closed: {0}").format(reason))
	return rules.CLOSED


# ---------------------------------------------------------------------------------- stock entry


def stock_entry_before_cancel(entry):
	"""A dispatch whose goods were received cannot be cancelled; nor a receipt whose shortage was
	settled afterwards."""
	order_name = entry.get(ORDER_FIELD)
	if not order_name:
		return
	if not entry.add_to_transit:
		settled = frappe.get_all(
			"Stock Transfer Variance",
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


def stock_entry_changed(entry):
	"""After a submit or cancel of one of an order's entries: the order follows."""
	order_name = entry.get(ORDER_FIELD)
	if not order_name or not frappe.db.exists(DOCTYPE, order_name):
		return
	order = locked_doc(DOCTYPE, order_name)  # the other entries' effects as committed now
	if entry.docstatus == 2:
		for variance in list(order.variances):
			if variance.stock_entry == entry.name:
				frappe.db.delete("Stock Transfer Variance", {"name": variance.name})
				order.variances.remove(variance)
		# a cancelled write-off or return re-opens that much of the line's shortage (latest first)
		for row in entry.items:
			if row.get(DISPOSITION_FIELD) not in (rules.SHORTAGE_WRITTEN_OFF, rules.SHORTAGE_RETURNED):
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
				if left <= rules.QTY_TOLERANCE:
					break
	if order.docstatus == 1:
		# the entry's rows added to (or, cancelled, taken from) what the lines count
		moved, sign = _moved_on_lines(order), 1 if entry.docstatus == 1 else -1
		for row in entry.items:
			line, disposition = row.get(LINE_FIELD), row.get(DISPOSITION_FIELD)
			if line in moved and disposition in LINE_QTY_FIELDS:
				moved[line][disposition] += sign * flt(row.transfer_qty)
		update_progress(order, moved, entry)


# ------------------------------------------------------------------------------------ in transit


def in_transit_lines(company: str | None = None, as_of: str | None = None) -> list[dict]:
	"""Every order line with goods in transit: qty (incl. open shortage), value at the dispatch
	rate, first dispatch date and days in transit. Used by the 在途库存 report and the alerts."""
	order = frappe.qb.DocType(DOCTYPE)
	line = frappe.qb.DocType("Stock Transfer Order Item")
	query = (
		frappe.qb.from_(line)
		.join(order)
		.on(order.name == line.parent)
		.select(
			order.name.as_("order"),
			order.company,
			order.status,
			order.from_warehouse,
			order.to_warehouse,
			order.transit_warehouse,
			order.first_dispatch_date,
			order.required_date,
			line.name.as_("line"),
			line.item_code,
			line.item_name,
			line.stock_uom,
			line.in_transit_qty,
			line.shortage_qty,
		)
		.where((order.docstatus == 1) & (line.in_transit_qty > 0))
		.orderby(order.first_dispatch_date)
	)
	if company:
		query = query.where(order.company == company)
	rows = query.run(as_dict=True)
	rates = _dispatch_rates([row.line for row in rows])
	today = getdate(as_of or nowdate())
	for row in rows:
		row.rate = rates.get(row.line, 0.0)
		row.value = flt(row.in_transit_qty) * row.rate
		row.days_in_transit = (
			(today - getdate(row.first_dispatch_date)).days if row.first_dispatch_date else 0
		)
		row.ageing = rules.ageing_bucket(row.days_in_transit)
	return rows


def _dispatch_rates(lines: list[str]) -> dict[str, float]:
	"""Order line -> average value per unit of what its dispatches put into transit (the ledger's)."""
	if not lines:
		return {}
	entry_row = frappe.qb.DocType("Stock Entry Detail")
	entry = frappe.qb.DocType("Stock Entry")
	rows = (
		frappe.qb.from_(entry_row)
		.join(entry)
		.on(entry.name == entry_row.parent)
		.select(entry_row[LINE_FIELD], Sum(entry_row.amount), Sum(entry_row.transfer_qty))
		.where(
			(entry_row[LINE_FIELD].isin(lines))
			& (entry.docstatus == 1)
			& (entry_row[DISPOSITION_FIELD] == rules.DISPATCHED)
		)
		.groupby(entry_row[LINE_FIELD])
	).run()
	return {line: flt(amount) / flt(qty) if flt(qty) else 0.0 for line, amount, qty in rows}
