"""库存盘点: plan, snapshot, count (blind or open), recount, approve, post.

- **Start counting** (manager): the lines of the scope with their book quantity and valuation rate at
  that moment (the snapshot), written in bulk. Book figures live in permlevel-1 fields, which Frappe
  never sends to users without that level (form, list, REST); an open count copies the book quantity
  into ``open_book_qty`` for counters.
- **Count** (counters): ``Stocktake Count Entry`` records, typed, scanned or uploaded; a line's count is
  the sum of its entries.
- **Finish counting** (manager): expected = book + what moved since the snapshot (track mode);
  lines beyond tolerance go to a recount by another counter.
- **Submit** (approval rules apply, on the absolute variance value) queues the **posting**: one ERPNext
  Stock Reconciliation of the lines with a variance, in one transaction; a retry never posts twice.
- **Freeze**: in block mode no stock moves in the counted warehouses until the stocktake is posted
  or cancelled (checked on every Stock Ledger Entry).
"""

import csv
import io
import zipfile
from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import add_days, cint, flt, getdate, now_datetime
from pypika.terms import Case

from jxc_app import compat
from jxc_app.rules import stocktake as rules
from jxc_app.utils import arguments
from jxc_app.utils.locking import locked_doc

DOCTYPE = "Stocktake"
ENTRY = "Stocktake Count Entry"
LINE = "Stocktake Line"
DRAFT, COUNTING, RECOUNT, COUNTED = "Draft", "Counting", "Recount", "Counted"
PENDING, REJECTED, POSTING, POSTED, FAILED, CANCELLED = (
	"Pending Approval",
	"Rejected",
	"Posting",
	"Posted",
	"Failed",
	"Cancelled",
)
FREEZING = (COUNTING, RECOUNT, COUNTED, PENDING, POSTING, FAILED)
FREEZE_CACHE = "jxc_stocktake_freezes"
MANAGER_ROLES = ("Stock Manager", "System Manager")


class StocktakeValidationError(frappe.ValidationError):
	pass


class StocktakeStateError(frappe.ValidationError):
	pass


class StocktakeFreezeError(frappe.ValidationError):
	pass


class AlreadyPostedError(StocktakeStateError):
	pass


# ----------------------------------------------------------------------------------------- plan


def validate(doc):
	for row in doc.warehouses:
		if frappe.get_cached_value("Warehouse", row.warehouse, "company") != doc.company:
			frappe.throw(
				_("Warehouse {0} does not belong to company {1}.").format(row.warehouse, doc.company),
				title=_("Invalid Warehouse"),
				exc=StocktakeValidationError,
			)
	if flt(doc.qty_tolerance_percent) < 0 or flt(doc.value_tolerance) < 0:
		frappe.throw(
			_("Tolerances cannot be negative."), title=_("Invalid Tolerance"), exc=StocktakeValidationError
		)
	required = {
		"Item Groups": "item_groups",
		"Chosen Items": "scope_items",
		"ABC Class": "abc_class",
		"Moved Since": "moved_since",
		"Cycle Count": "cycle_items_per_day",
	}.get(doc.scope)
	if required and not doc.get(required):
		frappe.throw(
			_("Scope {0} needs {1}.").format(_(doc.scope), _(doc.meta.get_label(required))),
			title=_("Scope Incomplete"),
			exc=StocktakeValidationError,
		)
	if not doc.title:
		doc.title = _("Stocktake {0}").format(", ".join(row.warehouse for row in doc.warehouses))
	before = doc.get_doc_before_save()
	if before and before.status not in (DRAFT, REJECTED):
		# the snapshot was taken for this plan: changing it now would make the count meaningless
		planned = ("company", "scope", "count_mode", "freeze_mode", "abc_class", "moved_since")
		changed = [field for field in planned if doc.get(field) != before.get(field)]
		if sorted(_warehouses(doc)) != sorted(_warehouses(before)):
			changed.append("warehouses")
		if changed:
			frappe.throw(
				_("The plan cannot change once counting has started: {0}.").format(
					", ".join(_(doc.meta.get_label(field)) for field in changed)
				),
				title=_("Counting Started"),
				exc=StocktakeStateError,
			)
	if doc.is_new() or doc.status in (None, "", DRAFT):
		doc.status = _draft_status(doc)


def _draft_status(doc) -> str:
	from jxc_app.jxc_approvals.engine import latest_request

	request = None if doc.is_new() else latest_request(doc.doctype, doc.name)
	if request and request.status in (PENDING, REJECTED):
		return request.status
	return doc.status or DRAFT


def on_approval_change(doc):
	from jxc_app.jxc_approvals.engine import latest_request

	request = latest_request(doc.doctype, doc.name)
	if doc.docstatus == 0 and request:
		status = {PENDING: PENDING, REJECTED: REJECTED}.get(request.status, COUNTED)
		_set_status(doc, status)


def _set_status(doc, status: str, **values):
	doc.db_set({"status": status, **values}, update_modified=False)
	_drop_freeze_cache()
	# other workers must reload once this commits; a rollback must not leave this state cached
	frappe.db.after_commit.add(_drop_freeze_cache)
	frappe.db.after_rollback.add(_drop_freeze_cache)


def _drop_freeze_cache():
	frappe.cache.delete_value(FREEZE_CACHE)


def _is_manager() -> bool:
	return bool(set(MANAGER_ROLES) & set(frappe.get_roles()))


def _manager_only():
	if not _is_manager():
		frappe.throw(
			_("Only a Stock Manager can do this."), title=_("Not Permitted"), exc=frappe.PermissionError
		)


def _stocktake(name: str, *statuses: str, lock: bool = False):
	"""The stocktake, if in one of ``statuses``; ``lock``: locked for this transaction (concurrent
	actions on it queue), its status and figures read as committed now (``jxc_app.utils.locking``;
	its lines, written by the actions before, as the request found them)."""
	if not frappe.db.exists(DOCTYPE, name):
		frappe.throw(_("Stocktake {0} not found").format(name), exc=frappe.DoesNotExistError)
	doc = locked_doc(DOCTYPE, name, children=False) if lock else frappe.get_doc(DOCTYPE, name)
	doc.check_permission("read")
	if statuses and doc.status not in statuses:
		frappe.throw(
			_("Stocktake {0} is {1}.").format(doc.name, _(doc.status)),
			title=_("Not Possible Now"),
			exc=StocktakeStateError,
		)
	return doc


def _warehouses(doc) -> list[str]:
	return [row.warehouse for row in doc.warehouses]


def scope_items(doc) -> list[str] | None:
	"""The items of the stocktake's scope; None: every stock item."""
	if doc.scope == "All Items":
		return None
	if doc.scope == "Chosen Items":
		return [row.item_code for row in doc.scope_items]
	if doc.scope == "Item Groups":
		from frappe.utils.nestedset import get_descendants_of

		groups = set()
		for row in doc.item_groups:
			groups.add(row.item_group)
			groups.update(get_descendants_of("Item Group", row.item_group, ignore_permissions=True))
		return frappe.get_all(
			"Item", filters={"item_group": ("in", list(groups)), "is_stock_item": 1}, pluck="name"
		)
	sle = frappe.qb.DocType("Stock Ledger Entry")
	warehouses = _warehouses(doc)
	if doc.scope == "Moved Since":
		return (
			frappe.qb.from_(sle)
			.select(sle.item_code)
			.distinct()
			.where(
				(sle.warehouse.isin(warehouses))
				& (sle.is_cancelled == 0)
				& (sle.posting_datetime >= getdate(doc.moved_since))
			)
			.run(pluck=True)
		)
	if doc.scope == "ABC Class":
		since = add_days(getdate(doc.posting_date), -cint(doc.abc_days or 90))
		consumed = (
			frappe.qb.from_(sle)
			.select(sle.item_code, Sum(-sle.stock_value_difference))
			.where(
				(sle.company == doc.company)
				& (sle.is_cancelled == 0)
				& (sle.actual_qty < 0)
				& (sle.posting_datetime >= since)
			)
			.groupby(sle.item_code)
		).run()
		stocked = frappe.get_all("Item", filters={"is_stock_item": 1, "disabled": 0}, pluck="name")
		consumption = dict.fromkeys(stocked, 0.0)
		consumption.update({item_code: flt(value) for item_code, value in consumed})
		classes = rules.abc_classes(consumption)
		return [item_code for item_code, klass in classes.items() if klass == doc.abc_class]
	if doc.scope == "Cycle Count":
		catalogue = frappe.get_all("Item", filters={"is_stock_item": 1, "disabled": 0}, pluck="name")
		day = (getdate(doc.posting_date) - getdate(doc.cycle_start or doc.posting_date)).days
		return rules.cycle_items(catalogue, cint(doc.cycle_items_per_day), max(day, 0))
	return []


# ------------------------------------------------------------------------------------- snapshot


def _book(doc, items: list[str] | None) -> list[dict]:
	"""Book quantity and valuation rate per item × warehouse (× batch for batch items), now."""
	bin_table = frappe.qb.DocType("Bin")
	item = frappe.qb.DocType("Item")
	query = (
		frappe.qb.from_(bin_table)
		.join(item)
		.on(item.name == bin_table.item_code)
		.select(
			bin_table.item_code,
			bin_table.warehouse,
			bin_table.actual_qty,
			bin_table.valuation_rate,
			item.item_name,
			item.stock_uom,
			item.has_batch_no,
			item.has_serial_no,
		)
		.where(
			(bin_table.warehouse.isin(_warehouses(doc)))
			& (item.is_stock_item == 1)
			& (item.disabled == 0)
			& ((bin_table.actual_qty != 0) | (item.has_batch_no == 0))
		)
		.orderby(bin_table.warehouse)
		.orderby(bin_table.item_code)
	)
	if items is not None:
		if not items:
			return []
		query = query.where(bin_table.item_code.isin(items))
	rows = []
	for row in query.run(as_dict=True):
		if row.has_serial_no:
			continue  # serial-numbered items are counted by serial number: not in this stocktake
		if row.has_batch_no:
			from erpnext.stock.doctype.batch.batch import get_batch_qty

			for batch in get_batch_qty(item_code=row.item_code, warehouse=row.warehouse) or []:
				if flt(batch.qty):
					rows.append({**row, "batch_no": batch.batch_no, "actual_qty": flt(batch.qty)})
			continue
		rows.append({**row, "batch_no": None})
	return rows


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def start_counting(name: str) -> int:
	"""Snapshot the book and open the count. Returns the number of lines."""
	_manager_only()
	doc = _stocktake(name, DRAFT, lock=True)
	doc.check_permission("write")
	if not doc.counters:
		frappe.throw(
			_("Add at least one counter."), title=_("Counters Required"), exc=StocktakeValidationError
		)
	book = _book(doc, scope_items(doc))
	if not book:
		frappe.throw(
			_("Nothing in scope has stock records in these warehouses."),
			title=_("Empty Stocktake"),
			exc=StocktakeValidationError,
		)
	snapshot = now_datetime()
	open_count = doc.count_mode == "Open"
	fields = ["name", "parent", "parenttype", "parentfield", "idx", "item_code", "item_name", "warehouse"]
	fields += ["batch_no", "stock_uom", "book_qty", "valuation_rate", "open_book_qty", "expected_qty"]
	fields += ["creation", "modified", "owner", "modified_by", "docstatus"]
	user = frappe.session.user
	values = [
		(
			frappe.generate_hash(length=12),
			doc.name,
			DOCTYPE,
			"lines",
			idx,
			row["item_code"],
			row["item_name"],
			row["warehouse"],
			row["batch_no"],
			row["stock_uom"],
			flt(row["actual_qty"]),
			flt(row["valuation_rate"]),
			flt(row["actual_qty"]) if open_count else 0,
			flt(row["actual_qty"]),
			snapshot,
			snapshot,
			user,
			user,
			0,
		)
		for idx, row in enumerate(book, start=1)
	]
	frappe.db.bulk_insert(LINE, fields, values, chunk_size=5000)
	_set_status(doc, COUNTING, snapshot_time=snapshot, total_lines=len(values), counted_lines=0)
	_warn_about_counters(doc)
	return len(values)


# ------------------------------------------------------------------------------------- counting


def _line_for(doc_name: str, item_code: str, warehouse: str | None, batch_no: str | None):
	filters = {"parent": doc_name, "parenttype": DOCTYPE, "item_code": item_code}
	if warehouse:
		filters["warehouse"] = warehouse
	if batch_no:
		filters["batch_no"] = batch_no
	lines = frappe.get_all(
		LINE, filters=filters, fields=["name", "warehouse", "batch_no", "recount_required", "recount_by"]
	)
	if not lines:
		frappe.throw(
			_("{0} is not on this stocktake.").format(item_code),
			title=_("Not in Scope"),
			exc=StocktakeValidationError,
		)
	if len(lines) > 1:
		frappe.throw(
			_("{0} is on several lines of this stocktake: choose the warehouse and batch.").format(item_code),
			title=_("Which Line?"),
			exc=StocktakeValidationError,
		)
	return lines[0]


def validate_count_entry(entry):
	"""A counter of an open stocktake, counting a line of it (recount lines: their recounter)."""
	status, counters = frappe.db.get_value(DOCTYPE, entry.stocktake, "status"), _counters(entry.stocktake)
	if status not in (COUNTING, RECOUNT):
		frappe.throw(
			_("Stocktake {0} is not being counted.").format(entry.stocktake),
			title=_("Not Counting"),
			exc=StocktakeStateError,
		)
	entry.counter = entry.counter or frappe.session.user
	if entry.counter != frappe.session.user and not _is_manager():
		entry.counter = frappe.session.user
	if entry.counter not in counters and not _is_manager():
		frappe.throw(
			_("{0} is not a counter of stocktake {1}.").format(entry.counter, entry.stocktake),
			title=_("Not a Counter"),
			exc=frappe.PermissionError,
		)
	if flt(entry.qty) < 0:
		frappe.throw(
			_("A count cannot be negative."), title=_("Invalid Quantity"), exc=StocktakeValidationError
		)
	line = _line_for(entry.stocktake, entry.item_code, entry.warehouse, entry.batch_no)
	entry.line, entry.warehouse, entry.batch_no = line.name, line.warehouse, line.batch_no
	entry.is_recount = 1 if status == RECOUNT else 0
	if status == RECOUNT:
		if not line.recount_required:
			frappe.throw(
				_("{0} needs no recount.").format(entry.item_code),
				title=_("No Recount"),
				exc=StocktakeStateError,
			)
		if line.recount_by and entry.counter != line.recount_by:
			frappe.throw(
				_("The recount of {0} is {1}'s.").format(entry.item_code, line.recount_by),
				title=_("Another Counter"),
				exc=frappe.PermissionError,
			)


def _counters(name: str) -> list[str]:
	return frappe.get_all(
		"Stocktake Counter", filters={"parent": name, "parenttype": DOCTYPE}, pluck="user", order_by="idx"
	)


def _resolve_item(code: str) -> str:
	if frappe.db.exists("Item", code):
		return code
	item = frappe.db.get_value("Item Barcode", {"barcode": code}, "parent")
	if not item:
		frappe.throw(
			_("No item or barcode {0}.").format(code), title=_("Unknown Item"), exc=StocktakeValidationError
		)
	return item


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def add_count(
	stocktake: str,
	item: str,
	qty: float = 1,
	warehouse: str | None = None,
	batch_no: str | None = None,
	source: str = "Typed",
) -> dict:
	"""One count by the current user: ``item`` is an item code or a barcode. Returns the line's sum of
	the user's own entries (never the book quantity)."""
	qty = arguments.parse_number(qty, "qty")
	frappe.has_permission(ENTRY, "create", throw=True)
	entry = frappe.get_doc(
		{
			"doctype": ENTRY,
			"stocktake": stocktake,
			"item_code": _resolve_item(item),
			"warehouse": warehouse,
			"batch_no": batch_no,
			"qty": flt(qty),
			"source": source if source in ("Typed", "Scanned", "Uploaded") else "Typed",
		}
	).insert()
	mine = frappe.get_all(
		ENTRY,
		filters={"line": entry.line, "counter": entry.counter, "is_recount": entry.is_recount},
		pluck="qty",
	)
	return {
		"entry": entry.name,
		"item_code": entry.item_code,
		"warehouse": entry.warehouse,
		"my_total": sum(mine),
	}


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def upload_counts(stocktake: str, content: str | None = None, file_url: str | None = None) -> int:
	"""Counts from a CSV (columns item — code or barcode —, qty, optional warehouse and batch_no) or
	an attached CSV/Excel file. All rows or none. Returns the number of entries."""
	frappe.has_permission(ENTRY, "create", throw=True)
	try:
		if file_url:
			file = frappe.get_doc("File", {"file_url": file_url})
			file.check_permission("read")
			if file_url.lower().endswith(".xlsx"):
				from frappe.utils.xlsxutils import read_xlsx_file_from_attached_file

				rows = read_xlsx_file_from_attached_file(file_url=file_url)
			else:
				rows = list(
					csv.reader(
						io.StringIO(
							file.get_content().decode("utf-8-sig")
							if isinstance(file.get_content(), bytes)
							else file.get_content()
						)
					)
				)
		else:
			rows = list(csv.reader(io.StringIO((content or "").lstrip("\ufeff"))))
	except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile) as error:
		frappe.throw(
			_("The file cannot be read: {0}").format(error),
			title=_("Invalid File"),
			exc=StocktakeValidationError,
		)
	if not rows:
		frappe.throw(_("The file is empty."), title=_("Nothing to Upload"), exc=StocktakeValidationError)
	header = [str(cell or "").strip().lower() for cell in rows[0]]
	if ("item" not in header and "item_code" not in header) or "qty" not in header:
		frappe.throw(
			_("The first row must name the columns: item, qty (warehouse, batch_no optional)."),
			title=_("Invalid File"),
			exc=StocktakeValidationError,
		)
	column = {name: header.index(name) for name in header if name}
	item_column = column.get("item", column.get("item_code"))
	savepoint = "jxc_stocktake_upload"
	frappe.db.savepoint(savepoint)
	count = 0
	try:
		for number, row in enumerate(rows[1:], start=2):
			if not any(str(cell or "").strip() for cell in row):
				continue

			def cell(name, row=row):
				index = column.get(name)
				return (
					str(row[index]).strip()
					if index is not None and index < len(row) and row[index] is not None
					else None
				)

			try:
				qty = float(cell("qty"))
			except (TypeError, ValueError):
				frappe.throw(
					_("Row {0}: quantity {1} is not a number.").format(number, cell("qty")),
					title=_("Invalid File"),
					exc=StocktakeValidationError,
				)
			add_count(
				stocktake,
				str(row[item_column]).strip(),
				qty,
				cell("warehouse") or None,
				cell("batch_no") or None,
				"Uploaded",
			)
			count += 1
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	return count


# ------------------------------------------------------------------------------------- variance


def _moved_since(doc) -> dict[tuple, float]:
	"""(item, warehouse) -> quantity moved since the snapshot (track mode): ledger rows written after
	it, less those written before it and cancelled since. Read through ERPNext's index on
	``modified``, which both kinds of row have after the snapshot."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	moved = (
		Case()
		.when((sle.creation > doc.snapshot_time) & (sle.is_cancelled == 0), sle.actual_qty)
		.when((sle.creation <= doc.snapshot_time) & (sle.is_cancelled == 1), -sle.actual_qty)
		.else_(0)
	)
	rows = (
		frappe.qb.from_(sle)
		.select(sle.item_code, sle.warehouse, Sum(moved))
		.where(
			(sle.modified > doc.snapshot_time)
			& (sle.warehouse.isin(_warehouses(doc)))
			& (sle.voucher_type != "Stock Reconciliation")
		)
		.groupby(sle.item_code, sle.warehouse)
	).run()
	return {(item_code, warehouse): flt(qty) for item_code, warehouse, qty in rows}


def _entry_sums(name: str, recount: bool) -> tuple[dict, dict]:
	"""line -> summed qty, line -> counters, for first counts or recounts."""
	entries = frappe.get_all(
		ENTRY, filters={"stocktake": name, "is_recount": int(recount)}, fields=["line", "qty", "counter"]
	)
	counters = defaultdict(set)
	for entry in entries:
		counters[entry.line].add(entry.counter)
	return rules.summed_counts(entries), counters


def _line_values(doc, line, final: float, moved: dict) -> dict:
	expected, variance_qty, variance_value = rules.variance(
		line.book_qty,
		moved.get((line.item_code, line.warehouse), 0.0) if not line.batch_no else 0.0,
		final,
		line.valuation_rate,
	)
	return {
		"final_qty": final,
		"moved_qty": expected - flt(line.book_qty),
		"expected_qty": expected,
		"variance_qty": variance_qty,
		"variance_value": variance_value,
	}


def _totals(doc):
	lines = frappe.get_all(
		LINE,
		filters={"parent": doc.name, "parenttype": DOCTYPE},
		fields=["variance_qty", "variance_value", "counted", "recount_required", "recounted"],
	)
	gain = sum(flt(line.variance_value) for line in lines if flt(line.variance_value) > 0)
	loss = -sum(flt(line.variance_value) for line in lines if flt(line.variance_value) < 0)
	return {
		"counted_lines": sum(1 for line in lines if line.counted),
		"recount_lines": sum(1 for line in lines if line.recount_required and not line.recounted),
		"variance_lines": sum(1 for line in lines if abs(flt(line.variance_qty)) > rules.QTY_TOLERANCE),
		"gain_value": gain,
		"loss_value": loss,
		"variance_value": gain + loss,
	}


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def finish_counting(name: str, uncounted_as_zero: bool = False) -> dict:
	"""Close the first count: sum the entries, compare with the expected quantity, and send the lines
	beyond tolerance to a recount by another counter."""
	_manager_only()
	doc = _stocktake(name, COUNTING, lock=True)
	sums, who = _entry_sums(doc.name, recount=False)
	uncounted = [line for line in doc.lines if line.name not in sums]
	if uncounted and not frappe.parse_json(uncounted_as_zero):
		frappe.throw(
			_(
				"{0} lines are not counted yet (e.g. {1}). Count them, or finish with uncounted lines as 0."
			).format(len(uncounted), uncounted[0].item_code),
			title=_("Lines Not Counted"),
			exc=StocktakeStateError,
		)
	moved = _moved_since(doc) if doc.freeze_mode == "Track" else {}
	counters = _counters(doc.name)
	recounts, updates = 0, {}
	for line in doc.lines:
		counted = sums.get(line.name, 0.0)
		values = _line_values(doc, line, counted, moved)
		values.update(
			counted_qty=counted,
			counted=1 if line.name in sums else 0,
			counted_by=", ".join(sorted(who.get(line.name, ()))),
		)
		if rules.beyond_tolerance(
			values["expected_qty"],
			values["variance_qty"],
			values["variance_value"],
			doc.qty_tolerance_percent,
			doc.value_tolerance,
		):
			recounter = rules.recounter(counters, who.get(line.name, ()), turn=recounts)
			if recounter:
				values.update(recount_required=1, recount_by=recounter)
				recounts += 1
		updates[line.name] = values
	# one statement per hundred lines, not one per line: a count can have tens of thousands
	frappe.db.bulk_update(LINE, updates, chunk_size=500, update_modified=False)
	status = RECOUNT if recounts else COUNTED
	_set_status(doc, status, **_totals(doc))
	if recounts:
		_assign_recounts(doc)
	return {"status": status, "recount_lines": recounts}


def _assign_recounts(doc):
	from frappe.desk.form.assign_to import add as assign

	for user in set(
		frappe.get_all(LINE, filters={"parent": doc.name, "recount_required": 1}, pluck="recount_by")
	):
		assign(
			{
				"assign_to": [user],
				"doctype": DOCTYPE,
				"name": doc.name,
				"description": _("Recount the lines of stocktake {0} assigned to you.").format(doc.name),
			},
			ignore_permissions=True,
		)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def finish_recount(name: str) -> dict:
	_manager_only()
	doc = _stocktake(name, RECOUNT, lock=True)
	sums, _who = _entry_sums(doc.name, recount=True)
	pending = [line for line in doc.lines if line.recount_required and line.name not in sums]
	if pending:
		frappe.throw(
			_("{0} lines still await their recount (e.g. {1}).").format(len(pending), pending[0].item_code),
			title=_("Recount Not Finished"),
			exc=StocktakeStateError,
		)
	moved = _moved_since(doc) if doc.freeze_mode == "Track" else {}
	for line in doc.lines:
		if not line.recount_required:
			continue
		values = _line_values(doc, line, sums[line.name], moved)
		values.update(recounted_qty=sums[line.name], recounted=1)
		frappe.db.set_value(LINE, line.name, values, update_modified=False)
	_set_status(doc, COUNTED, **_totals(doc))
	return {"status": COUNTED}


# ------------------------------------------------------------------------------------ posting


def before_submit(doc):
	if doc.status not in (COUNTED, PENDING):
		frappe.throw(
			_("Finish counting (and the recount) before submitting stocktake {0}.").format(doc.name),
			title=_("Not Counted"),
			exc=StocktakeStateError,
		)


def on_submit(doc):
	_set_status(doc, POSTING, posting_error=None)
	enqueue_posting(doc.name)


def enqueue_posting(name: str):
	frappe.enqueue(
		"jxc_app.jxc_inventory.stocktake.post",
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
		LINE,
		filters={"parent": doc.name, "parenttype": DOCTYPE, "variance_qty": ("!=", 0)},
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
		from erpnext.stock.doctype.batch.batch import get_batch_qty

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


def post(name: str):
	"""The posting job: idempotent (a posted stocktake is never posted again) and all or nothing
	(one transaction: a failure leaves no ledger row, the stocktake shows Failed and can be retried)."""
	# a worker posting it at the same time: this one waits, then sees what that one committed
	doc = locked_doc(DOCTYPE, name, children=False)
	if doc.stock_reconciliation or doc.status == POSTED:
		return doc.stock_reconciliation
	savepoint = "jxc_stocktake_post"
	frappe.db.savepoint(savepoint)
	try:
		frappe.publish_progress(
			10, title=_("Posting stocktake {0}").format(name), doctype=DOCTYPE, docname=name
		)
		reconciliation = _reconciliation(doc)
		frappe.flags.jxc_posting_stocktake = name
		if reconciliation.items:
			reconciliation.insert(ignore_permissions=True)
			frappe.publish_progress(
				40, title=_("Posting stocktake {0}").format(name), doctype=DOCTYPE, docname=name
			)
			# the queueing of large reconciliations is ERPNext's answer for the desk: this is the job
			reconciliation._submit()
		_set_status(
			doc,
			POSTED,
			stock_reconciliation=reconciliation.name if reconciliation.items else None,
			posting_error=None,
		)
		frappe.publish_progress(
			100, title=_("Posting stocktake {0}").format(name), doctype=DOCTYPE, docname=name
		)
	except Exception as error:
		frappe.db.rollback(save_point=savepoint)
		_set_status(doc, FAILED, posting_error=str(error)[:1000])
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
	_manager_only()
	doc = _stocktake(name, lock=True)
	doc.check_permission("submit")
	if doc.status == POSTED or doc.stock_reconciliation:
		frappe.throw(
			_("Stocktake {0} is already posted ({1}).").format(doc.name, doc.stock_reconciliation),
			title=_("Already Posted"),
			exc=AlreadyPostedError,
		)
	if doc.docstatus != 1 or doc.status not in (FAILED, POSTING):
		frappe.throw(
			_("Stocktake {0} is {1}.").format(doc.name, _(doc.status)),
			title=_("Not Possible Now"),
			exc=StocktakeStateError,
		)
	_set_status(doc, POSTING, posting_error=None)
	enqueue_posting(doc.name)
	return frappe.db.get_value(DOCTYPE, name, "stock_reconciliation")


def before_cancel(doc):
	doc.ignore_linked_doctypes = ("Stock Reconciliation", ENTRY, "Approval Request")


def on_cancel(doc):
	if (
		doc.stock_reconciliation
		and frappe.db.get_value("Stock Reconciliation", doc.stock_reconciliation, "docstatus") == 1
	):
		frappe.get_doc("Stock Reconciliation", doc.stock_reconciliation).cancel()
	_set_status(doc, CANCELLED)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def cancel_draft(name: str) -> str:
	"""Call off a stocktake not submitted yet (e.g. while counting): its freeze ends."""
	_manager_only()
	doc = _stocktake(name, DRAFT, COUNTING, RECOUNT, COUNTED, REJECTED, lock=True)
	doc.check_permission("write")
	_set_status(doc, CANCELLED)
	return CANCELLED


# --------------------------------------------------------------------------------------- freeze


def _freezes() -> dict[str, str]:
	"""warehouse -> the block-mode stocktake counting it."""

	def load():
		stocktake = frappe.qb.DocType(DOCTYPE)
		warehouse = frappe.qb.DocType("Stocktake Warehouse")
		rows = (
			frappe.qb.from_(warehouse)
			.join(stocktake)
			.on(stocktake.name == warehouse.parent)
			.select(warehouse.warehouse, stocktake.name)
			.where(
				(stocktake.freeze_mode == "Block")
				& (stocktake.status.isin(FREEZING))
				& (stocktake.docstatus < 2)
			)
		).run()
		return dict(rows)

	return frappe.cache.get_value(FREEZE_CACHE, load)


def check_freeze(sle, method=None):
	"""Stock Ledger Entry: no movement in a warehouse a block-mode stocktake is counting."""
	frozen_by = _freezes().get(sle.warehouse)
	if not frozen_by or frappe.flags.jxc_posting_stocktake == frozen_by:
		return
	frappe.throw(
		_(
			"Warehouse {0} is being counted by stocktake {1}: no stock may move there until it is posted or cancelled."
		).format(sle.warehouse, frozen_by),
		title=_("Warehouse Frozen for Stocktake"),
		exc=StocktakeFreezeError,
	)


# ------------------------------------------------------------------------ who may read the book
# A blind count is blind only for counters who cannot read book quantities anywhere else. The
# 盘点员 role (Stocktake Counter) reads the stocktakes that name it as counter and adds counts:
# no Bin, no stock ledger, no stock report, no valuation.

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
	readers = {perm.role for perm in frappe.get_meta(DOCTYPE).permissions if perm.read and not perm.permlevel}
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
		f"and `tabStocktake`.status in ('{COUNTING}', '{RECOUNT}'))"
	)
	if doctype == LINE:
		return (
			f"`tabStocktake Line`.parent in (select `tabStocktake`.name from `tabStocktake` where {visible})"
		)
	return f"({visible})"


@frappe.whitelist()
def counting_stocktakes(
	doctype: str = DOCTYPE,
	txt: str = "",
	searchfield: str = "name",
	start: int = 0,
	page_len: int = 20,
	filters=None,
) -> list[tuple]:
	"""The counting page's stocktake field: those being counted that name the user as counter (a
	manager: all being counted)."""
	start = arguments.parse_number(start, "start", minimum=0, integer=True)
	page_len = arguments.parse_number(page_len, "page_len", minimum=0, integer=True)
	if not frappe.has_permission(DOCTYPE, "read"):
		return []
	stocktake = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(stocktake)
		.select(stocktake.name, stocktake.title)
		.where((stocktake.docstatus == 0) & stocktake.status.isin([COUNTING, RECOUNT]))
		.orderby(stocktake.modified, order=frappe.qb.desc)
		.limit(cint(page_len) or 20)
		.offset(cint(start))
	)
	if txt:
		query = query.where(stocktake.name.like(f"%{txt}%") | stocktake.title.like(f"%{txt}%"))
	if not _is_manager():
		counter = frappe.qb.DocType("Stocktake Counter")
		mine = (
			frappe.qb.from_(counter)
			.select(counter.parent)
			.where((counter.parenttype == DOCTYPE) & (counter.user == frappe.session.user))
		)
		query = query.where(stocktake.name.isin(mine))
	return list(query.run())


@frappe.whitelist()
@arguments.require_arguments
def counting_warehouses(stocktake: str) -> list[str]:
	"""The counting page's warehouse choice: the stocktake's warehouses (a counter may read no
	Warehouse)."""
	return _warehouses(_stocktake(stocktake))


def _book_reports() -> list[tuple[str, str, set[str]]]:
	"""(report, reference DocType, roles allowed — empty: everyone) of the stock reports."""
	from frappe.core.doctype.custom_role.custom_role import get_custom_allowed_roles

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


def _warn_about_counters(doc):
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
	from frappe.core.doctype.version.version import get_diff

	if doc.flags.ignore_version or frappe.flags.in_install:
		return
	before = doc.get_doc_before_save()
	if not before and doc.amended_from:
		before = frappe.get_doc(DOCTYPE, doc.amended_from)
	diff = get_diff(before, doc) if before else None
	if not diff:
		return
	hidden = {field.fieldname for field in doc.meta.fields if field.permlevel}
	hidden_in_line = {field.fieldname for field in frappe.get_meta(LINE).fields if field.permlevel}

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
