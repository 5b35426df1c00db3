"""The snapshot: when counting starts, the lines of the scope with their book quantity and valuation
rate at that moment, written in bulk. Book figures live in permlevel-1 fields, which Frappe never
sends to users without that level (form, list, REST); an open count copies the book quantity into
``open_book_qty`` for counters."""

import frappe
from erpnext.stock.doctype.batch.batch import get_batch_qty
from frappe import _
from frappe.utils import flt, now_datetime

from jxc_app.jxc_inventory.stocktake import states
from jxc_app.jxc_inventory.stocktake.permissions import warn_about_counters
from jxc_app.jxc_inventory.stocktake.plan import scope_items
from jxc_app.utils import arguments


def book(doc, items: list[str] | None) -> list[dict]:
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
			(bin_table.warehouse.isin(states.warehouses_of(doc)))
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
	doc = states.managed_stocktake(name, states.DRAFT)
	if not doc.counters:
		frappe.throw(
			_("Add at least one counter."), title=_("Counters Required"), exc=states.StocktakeValidationError
		)
	rows = book(doc, scope_items(doc))
	if not rows:
		frappe.throw(
			_("Nothing in scope has stock records in these warehouses."),
			title=_("Empty Stocktake"),
			exc=states.StocktakeValidationError,
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
			states.STOCKTAKE,
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
		for idx, row in enumerate(rows, start=1)
	]
	frappe.db.bulk_insert(states.LINE, fields, values, chunk_size=5000)
	states.set_status(doc, states.COUNTING, snapshot_time=snapshot, total_lines=len(values), counted_lines=0)
	warn_about_counters(doc)
	return len(values)
