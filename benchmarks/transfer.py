"""Benchmark: a transfer through a Stock Transfer Order against the same two native Stock Entries
(``bench --site SITE jxc-transfer-benchmark``).

Per round, on the same item and warehouses: natively, a Material Transfer *Add to Transit* and its
End Transit entry (ERPNext's ``make_stock_in_entry``), inserted and submitted; through an order
(created and submitted beforehand, not timed), ``dispatch`` then ``receive`` of the same quantity.
The two alternate, so both see the same ledger growth. Prints medians and the ratio (target ≤ 1.3×).
Everything is rolled back at the end.
"""

import os
import statistics

import frappe
from erpnext.stock.doctype.stock_entry.stock_entry import make_stock_in_entry
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

from benchmarks.common import milliseconds, require_benchmark_site, submitted_transfer_order
from jxc_app.jxc_inventory.transfer import api as transfer_api
from jxc_app.utils.site_defaults import default_stock_uom

LINES = 3


def _setup(company: str):
	def warehouse(name, **values):
		return (
			frappe.get_doc(
				{"doctype": "Warehouse", "warehouse_name": f"调拨基准 {name}", "company": company, **values}
			)
			.insert(ignore_permissions=True)
			.name
		)

	suffix = frappe.generate_hash(length=5)
	source, target = warehouse(f"调出 {suffix}"), warehouse(f"调入 {suffix}")
	transit = warehouse(f"在途 {suffix}", warehouse_type="Transit")
	items = []
	for number in range(LINES):
		items.append(
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": f"TRANSFER-BENCH-{suffix}-{number}",
					"item_name": "调拨基准物料",
					"item_group": get_root_of("Item Group"),
					"stock_uom": default_stock_uom(),
					"is_stock_item": 1,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	receipt = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -1),
			"items": [
				{"item_code": item, "qty": 100000, "basic_rate": 5, "t_warehouse": source} for item in items
			],
		}
	)
	receipt.insert(ignore_permissions=True)
	receipt.submit()
	return source, target, transit, items


def _native(company, source, target, transit, items):
	out = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": "Material Transfer",
			"purpose": "Material Transfer",
			"add_to_transit": 1,
			"items": [
				{"item_code": item, "qty": 2, "s_warehouse": source, "t_warehouse": transit} for item in items
			],
		}
	)
	out.insert(ignore_permissions=True)
	out.submit()
	arrival = make_stock_in_entry(out.name)
	for row in arrival.items:
		row.t_warehouse = target
	arrival.insert(ignore_permissions=True)
	arrival.submit()


def _order(company, source, target, transit, items):
	return submitted_transfer_order(company, source, target, transit, dict.fromkeys(items, 2))


def run(rounds: int = 20, company: str | None = None) -> dict:
	require_benchmark_site("stock entries and transfer orders (rolled back)")
	company = (
		company
		or frappe.defaults.get_global_default("company")
		or frappe.get_all("Company", limit=1, pluck="name")[0]
	)
	frappe.set_user("Administrator")
	try:
		source, target, transit, items = _setup(company)
		route = (company, source, target, transit, items)
		native, ours = [], []
		_native(*route)  # warm both paths once
		order = _order(*route)
		transfer_api.dispatch(order.name)
		for _round in range(rounds):
			native.append(milliseconds(lambda: _native(*route)))
			order = _order(*route)
			lines = [{"line": row.name, "received_qty": 2} for row in order.items]

			def through_order(order=order, lines=lines):
				transfer_api.dispatch(order.name)
				transfer_api.receive(order.name, lines)

			ours.append(milliseconds(through_order))
		native_ms, ours_ms = statistics.median(native), statistics.median(ours)
		return {
			"cores": os.cpu_count(),
			"rounds": rounds,
			"lines per transfer": LINES,
			"native Stock Entries (dispatch + End Transit), median ms": round(native_ms, 1),
			"through Stock Transfer Order (dispatch + receive), median ms": round(ours_ms, 1),
			"ratio (target <= 1.3)": round(ours_ms / native_ms, 2),
		}
	finally:
		frappe.db.rollback()
