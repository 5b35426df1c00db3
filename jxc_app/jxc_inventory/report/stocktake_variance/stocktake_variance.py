# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt
"""盘点差异表: per stocktake line with a variance, book and counted quantity, 盘盈 and 盘亏 value.
For managers only (the report's roles): it shows the book quantities a blind count hides."""

import frappe
from frappe import _

from jxc_app.rules import stocktake as stocktake_rules
from jxc_app.utils import arguments
from jxc_app.utils.report_columns import column


def execute(filters=None):
	filters = arguments.report_filters(
		filters, text=("company", "stocktake", "warehouse"), flags=("show_all_lines",)
	)
	conditions = {"docstatus": ("<", 2)}
	if filters.get("stocktake"):
		conditions["name"] = filters.stocktake
	if filters.get("company"):
		conditions["company"] = filters.company
	stocktakes = frappe.get_list("Stocktake", filters=conditions, pluck="name", limit_page_length=0)
	if not stocktakes:
		return columns(), []
	line_filters = {"parent": ("in", stocktakes), "parenttype": "Stocktake"}
	if filters.get("warehouse"):
		line_filters["warehouse"] = filters.warehouse
	if not filters.get("show_all_lines"):
		line_filters["variance_qty"] = ("!=", 0)
	rows = frappe.get_all(
		"Stocktake Line",
		filters=line_filters,
		fields=[
			"parent as stocktake",
			"item_code",
			"item_name",
			"warehouse",
			"batch_no",
			"stock_uom",
			"book_qty",
			"moved_qty",
			"expected_qty",
			"final_qty",
			"variance_qty",
			"valuation_rate",
			"variance_value",
		],
		order_by="parent, idx",
	)
	for row in rows:
		row.gain_value, row.loss_value = stocktake_rules.gain_and_loss([row.variance_value])
	return columns(), rows, None, chart(rows)


def columns():
	quantities = (
		("book_qty", _("Book Qty")),
		("moved_qty", _("Moved Since Snapshot")),
		("expected_qty", _("Expected Qty")),
		("final_qty", _("Final Qty")),
		("variance_qty", _("Variance Qty")),
	)
	return [
		column("stocktake", _("Stocktake"), "Link", "Stocktake", 120),
		column("item_code", _("Item"), "Link", "Item", 120),
		column("item_name", _("Item Name"), "Data", None, 140),
		column("warehouse", _("Warehouse"), "Link", "Warehouse", 120),
		column("batch_no", _("Batch No"), "Link", "Batch"),
		*(column(fieldname, label, "Float") for fieldname, label in quantities),
		column("valuation_rate", _("Valuation Rate"), "Currency"),
		column("gain_value", _("Gain Value (盘盈)"), "Currency", None, 110),
		column("loss_value", _("Loss Value (盘亏)"), "Currency", None, 110),
	]


def chart(rows):
	if not rows:
		return None
	return {
		"data": {
			"labels": [_("Gain Value (盘盈)"), _("Loss Value (盘亏)")],
			"datasets": [
				{
					"name": _("Value"),
					"values": [sum(r.gain_value for r in rows), sum(r.loss_value for r in rows)],
				}
			],
		},
		"type": "bar",
	}
