# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

"""进销存汇总表: per item (and warehouse, or item group) for a period — opening, inbound and outbound
by business type, closing — in quantity and value. The business types are
``jxc_app.rules.stock_movement``'s; the ledger is read by ``jxc_app.jxc_reports.stock_ledger``."""

from frappe import _

from jxc_app.jxc_reports.stock_ledger import ledger_rows, validate_filters
from jxc_app.rules import stock_movement

GROUPINGS = {
	"Item": ("item_code",),
	"Item and Warehouse": ("item_code", "warehouse"),
	"Item Group": ("item_group",),
}


def execute(filters=None):
	filters = validate_filters(filters)
	group_by = GROUPINGS.get(filters.get("group_by") or "Item and Warehouse", GROUPINGS["Item and Warehouse"])
	rows = list(ledger_rows(filters))
	totals = stock_movement.summarize(
		rows, group_by=group_by, from_date=filters.from_date, to_date=filters.to_date
	)
	info = {}
	for row in rows:
		info.setdefault(tuple(row.get(field) for field in group_by), row)
	data = []
	for key in sorted(totals, key=lambda key: tuple(str(part) for part in key)):
		figures = totals[key]
		if all(abs(value) < 1e-9 for value in figures.values()):
			continue
		sample = info[key]
		line = {field: sample.get(field) for field in group_by}
		if "item_code" in group_by:
			line.update(item_name=sample.item_name, item_group=sample.item_group, stock_uom=sample.stock_uom)
		line.update({name: round(value, 6) for name, value in figures.items()})
		data.append(line)
	return columns(group_by), data, None, chart(data)


def columns(group_by) -> list[dict]:
	result = []
	if "item_code" in group_by:
		result += [
			{
				"fieldname": "item_code",
				"label": _("Item"),
				"fieldtype": "Link",
				"options": "Item",
				"width": 120,
			},
			{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 160},
			{
				"fieldname": "item_group",
				"label": _("Item Group"),
				"fieldtype": "Link",
				"options": "Item Group",
				"width": 100,
			},
			{
				"fieldname": "stock_uom",
				"label": _("Stock UOM"),
				"fieldtype": "Link",
				"options": "UOM",
				"width": 70,
			},
		]
	else:
		result.append(
			{
				"fieldname": "item_group",
				"label": _("Item Group"),
				"fieldtype": "Link",
				"options": "Item Group",
				"width": 140,
			}
		)
	if "warehouse" in group_by:
		result.append(
			{
				"fieldname": "warehouse",
				"label": _("Warehouse"),
				"fieldtype": "Link",
				"options": "Warehouse",
				"width": 120,
			}
		)

	def pair(key: str, label: str) -> list[dict]:
		return [
			{
				"fieldname": f"{key}_qty",
				"label": _("{0} Qty").format(label),
				"fieldtype": "Float",
				"width": 100,
			},
			{
				"fieldname": f"{key}_value",
				"label": _("{0} Value").format(label),
				"fieldtype": "Currency",
				"width": 110,
			},
		]

	result += pair("opening", _("Opening"))
	for column in stock_movement.INBOUND:
		result += pair(column, _(stock_movement.LABELS_EN[column]))
	result += pair("in", _("Total In"))
	for column in stock_movement.OUTBOUND:
		result += pair(column, _(stock_movement.LABELS_EN[column]))
	result += pair("out", _("Total Out"))
	result += pair("closing", _("Closing Balance"))
	return result


def chart(data: list[dict]) -> dict | None:
	"""Quantity moved per business type, inbound and outbound."""
	if not data:
		return None
	keys = [*stock_movement.INBOUND, *stock_movement.OUTBOUND]
	return {
		"data": {
			"labels": [_(stock_movement.LABELS_EN[key]) for key in keys],
			"datasets": [
				{"name": _("Quantity"), "values": [sum(row[f"{key}_qty"] for row in data) for key in keys]}
			],
		},
		"type": "bar",
	}
