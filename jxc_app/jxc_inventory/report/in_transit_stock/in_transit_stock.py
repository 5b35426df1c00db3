# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt
"""在途库存: goods dispatched by a Stock Transfer Order and not yet settled at the destination, per
order and item, with value and days in transit. Only the orders the user may see."""

import frappe
from frappe import _

from jxc_app.jxc_inventory.transfer.constants import STOCK_TRANSFER_ORDER
from jxc_app.jxc_inventory.transfer.in_transit import in_transit_lines
from jxc_app.rules.stock_transfer import AGEING_BUCKETS, AGEING_OVER
from jxc_app.utils import arguments


def execute(filters=None):
	filters = arguments.report_filters(
		filters,
		text=("company", "from_warehouse", "to_warehouse", "item_code"),
		dates=("as_of",),
		integers=("min_days",),
	)
	visible = set(
		frappe.get_list(STOCK_TRANSFER_ORDER, filters={"docstatus": 1}, pluck="name", limit_page_length=0)
	)
	rows = [
		row for row in in_transit_lines(filters.get("company"), filters.get("as_of")) if row.order in visible
	]
	for field in ("from_warehouse", "to_warehouse", "item_code"):
		if filters.get(field):
			rows = [row for row in rows if row[field] == filters[field]]
	if filters.get("min_days"):
		rows = [row for row in rows if row.days_in_transit >= int(filters.min_days)]
	return columns(), rows, None, chart(rows)


def columns() -> list[dict]:
	def link(fieldname, label, options, width=140):
		return {
			"fieldname": fieldname,
			"label": label,
			"fieldtype": "Link",
			"options": options,
			"width": width,
		}

	return [
		link("order", _("Stock Transfer Order"), STOCK_TRANSFER_ORDER),
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		link("from_warehouse", _("From Warehouse"), "Warehouse"),
		link("to_warehouse", _("To Warehouse"), "Warehouse"),
		link("item_code", _("Item"), "Item", 120),
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 140},
		{"fieldname": "in_transit_qty", "label": _("In Transit Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "shortage_qty", "label": _("Open Shortage Qty"), "fieldtype": "Float", "width": 100},
		link("stock_uom", _("Stock UOM"), "UOM", 70),
		{"fieldname": "value", "label": _("In Transit Value"), "fieldtype": "Currency", "width": 120},
		{
			"fieldname": "first_dispatch_date",
			"label": _("First Dispatched On"),
			"fieldtype": "Date",
			"width": 100,
		},
		{"fieldname": "days_in_transit", "label": _("Days in Transit"), "fieldtype": "Int", "width": 90},
		{"fieldname": "ageing", "label": _("Ageing (Days)"), "fieldtype": "Data", "width": 80},
	]


def chart(rows) -> dict | None:
	if not rows:
		return None
	labels = [label for _limit, label in AGEING_BUCKETS] + [AGEING_OVER]
	values = [sum(row.value for row in rows if row.ageing == label) for label in labels]
	return {
		"data": {"labels": labels, "datasets": [{"name": _("In Transit Value"), "values": values}]},
		"type": "bar",
	}
