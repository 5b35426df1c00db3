"""Counting: counters add ``Stocktake Count Entry`` records — typed, scanned or uploaded — to the
lines of a stocktake being counted; a line's count is the sum of its entries. A recount (lines
beyond tolerance) is counted by the counter it was assigned to. The counting page's lookups."""

import csv
import io
import zipfile

import frappe
from frappe import _
from frappe.utils import cint, flt
from frappe.utils.xlsxutils import read_xlsx_file_from_attached_file

from jxc_app.jxc_inventory.stocktake import states
from jxc_app.utils import arguments
from jxc_app.utils.roles import STOCK_MANAGERS, is_in

SOURCES = ("Typed", "Scanned", "Uploaded")


def _line_for(doc_name: str, item_code: str, warehouse: str | None, batch_no: str | None):
	filters = {"parent": doc_name, "parenttype": states.STOCKTAKE, "item_code": item_code}
	if warehouse:
		filters["warehouse"] = warehouse
	if batch_no:
		filters["batch_no"] = batch_no
	lines = frappe.get_all(
		states.LINE,
		filters=filters,
		fields=["name", "warehouse", "batch_no", "recount_required", "recount_by"],
	)
	if not lines:
		frappe.throw(
			_("{0} is not on this stocktake.").format(item_code),
			title=_("Not in Scope"),
			exc=states.StocktakeValidationError,
		)
	if len(lines) > 1:
		frappe.throw(
			_("{0} is on several lines of this stocktake: choose the warehouse and batch.").format(item_code),
			title=_("Which Line?"),
			exc=states.StocktakeValidationError,
		)
	return lines[0]


def validate_count_entry(entry):
	"""A counter of an open stocktake, counting a line of it (recount lines: their recounter)."""
	status, counters = (
		frappe.db.get_value(states.STOCKTAKE, entry.stocktake, "status"),
		states.counters_of(entry.stocktake),
	)
	if status not in (states.COUNTING, states.RECOUNT):
		frappe.throw(
			_("Stocktake {0} is not being counted.").format(entry.stocktake),
			title=_("Not Counting"),
			exc=states.StocktakeStateError,
		)
	manager = is_in(STOCK_MANAGERS)
	entry.counter = entry.counter or frappe.session.user
	if entry.counter != frappe.session.user and not manager:
		entry.counter = frappe.session.user
	if entry.counter not in counters and not manager:
		frappe.throw(
			_("{0} is not a counter of stocktake {1}.").format(entry.counter, entry.stocktake),
			title=_("Not a Counter"),
			exc=frappe.PermissionError,
		)
	if flt(entry.qty) < 0:
		frappe.throw(
			_("A count cannot be negative."), title=_("Invalid Quantity"), exc=states.StocktakeValidationError
		)
	line = _line_for(entry.stocktake, entry.item_code, entry.warehouse, entry.batch_no)
	entry.line, entry.warehouse, entry.batch_no = line.name, line.warehouse, line.batch_no
	entry.is_recount = 1 if status == states.RECOUNT else 0
	if status == states.RECOUNT:
		if not line.recount_required:
			frappe.throw(
				_("{0} needs no recount.").format(entry.item_code),
				title=_("No Recount"),
				exc=states.StocktakeStateError,
			)
		if line.recount_by and entry.counter != line.recount_by:
			frappe.throw(
				_("The recount of {0} is {1}'s.").format(entry.item_code, line.recount_by),
				title=_("Another Counter"),
				exc=frappe.PermissionError,
			)


def _resolve_item(code: str) -> str:
	if frappe.db.exists("Item", code):
		return code
	item = frappe.db.get_value("Item Barcode", {"barcode": code}, "parent")
	if not item:
		frappe.throw(
			_("No item or barcode {0}.").format(code),
			title=_("Unknown Item"),
			exc=states.StocktakeValidationError,
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
	frappe.has_permission(states.ENTRY, "create", throw=True)
	entry = frappe.get_doc(
		{
			"doctype": states.ENTRY,
			"stocktake": stocktake,
			"item_code": _resolve_item(item),
			"warehouse": warehouse,
			"batch_no": batch_no,
			"qty": flt(qty),
			"source": source if source in SOURCES else "Typed",
		}
	).insert()
	mine = frappe.get_all(
		states.ENTRY,
		filters={"line": entry.line, "counter": entry.counter, "is_recount": entry.is_recount},
		pluck="qty",
	)
	return {
		"entry": entry.name,
		"item_code": entry.item_code,
		"warehouse": entry.warehouse,
		"my_total": sum(mine),
	}


def _rows_of(content: str | None, file_url: str | None) -> list[list]:
	"""The rows of the CSV ``content``, or of the attached CSV/Excel file the user may read."""
	try:
		if file_url:
			file = frappe.get_doc("File", {"file_url": file_url})
			file.check_permission("read")
			if file_url.lower().endswith(".xlsx"):
				return read_xlsx_file_from_attached_file(file_url=file_url)
			return list(
				csv.reader(
					io.StringIO(
						file.get_content().decode("utf-8-sig")
						if isinstance(file.get_content(), bytes)
						else file.get_content()
					)
				)
			)
		return list(csv.reader(io.StringIO((content or "").lstrip("\ufeff"))))
	except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile) as error:
		frappe.throw(
			_("The file cannot be read: {0}").format(error),
			title=_("Invalid File"),
			exc=states.StocktakeValidationError,
		)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def upload_counts(stocktake: str, content: str | None = None, file_url: str | None = None) -> int:
	"""Counts from a CSV (columns item — code or barcode —, qty, optional warehouse and batch_no) or
	an attached CSV/Excel file. All rows or none. Returns the number of entries."""
	frappe.has_permission(states.ENTRY, "create", throw=True)
	rows = _rows_of(content, file_url)
	if not rows:
		frappe.throw(
			_("The file is empty."), title=_("Nothing to Upload"), exc=states.StocktakeValidationError
		)
	header = [str(cell or "").strip().lower() for cell in rows[0]]
	if ("item" not in header and "item_code" not in header) or "qty" not in header:
		frappe.throw(
			_("The first row must name the columns: item, qty (warehouse, batch_no optional)."),
			title=_("Invalid File"),
			exc=states.StocktakeValidationError,
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
					exc=states.StocktakeValidationError,
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


@frappe.whitelist()
def counting_stocktakes(
	doctype: str = states.STOCKTAKE,
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
	if not frappe.has_permission(states.STOCKTAKE, "read"):
		return []
	stocktake = frappe.qb.DocType(states.STOCKTAKE)
	query = (
		frappe.qb.from_(stocktake)
		.select(stocktake.name, stocktake.title)
		.where((stocktake.docstatus == 0) & stocktake.status.isin([states.COUNTING, states.RECOUNT]))
		.orderby(stocktake.modified, order=frappe.qb.desc)
		.limit(cint(page_len) or 20)
		.offset(cint(start))
	)
	if txt:
		query = query.where(stocktake.name.like(f"%{txt}%") | stocktake.title.like(f"%{txt}%"))
	if not is_in(STOCK_MANAGERS):
		counter = frappe.qb.DocType(states.COUNTERS)
		mine = (
			frappe.qb.from_(counter)
			.select(counter.parent)
			.where((counter.parenttype == states.STOCKTAKE) & (counter.user == frappe.session.user))
		)
		query = query.where(stocktake.name.isin(mine))
	return list(query.run())


@frappe.whitelist()
@arguments.require_arguments
def counting_warehouses(stocktake: str) -> list[str]:
	"""The counting page's warehouse choice: the stocktake's warehouses (a counter may read no
	Warehouse)."""
	return states.warehouses_of(states.get_stocktake(stocktake))
