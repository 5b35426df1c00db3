# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

"""进销存汇总表: per item (and warehouse, or item group) for a period — opening, inbound and outbound
by business type, closing — in quantity and value. The business types are
``jxc_app.rules.stock_movement``'s; the ledger is read by ``jxc_app.jxc_reports.stock_ledger``."""

from operator import add

from frappe import _

from jxc_app import compat
from jxc_app.jxc_reports import period_balance
from jxc_app.jxc_reports.stock_ledger import permitted_warehouses, validate_filters
from jxc_app.rules import stock_movement
from jxc_app.utils import collector
from jxc_app.utils.report_columns import column

# what a line grouped by item shows of it, in ``period_balance.item_details``' order
ITEM_DETAILS = ("item_name", "item_group", "stock_uom")
GROUPINGS = {
	"Item": ("item_code",),
	"Item and Warehouse": ("item_code", "warehouse"),
	"Item Group": ("item_group",),
}


def execute(filters=None):
	filters = validate_filters(filters, choices={"group_by": GROUPINGS})
	group_by = GROUPINGS.get(filters.get("group_by") or "Item and Warehouse", GROUPINGS["Item and Warehouse"])
	warehouses = permitted_warehouses(filters)
	with collector.paused():
		# reads only (a replica may serve it): the balances are kept by jobs, the ledger's newest rows
		# are read as they are
		pairs, from_balances = period_balance.summary_totals(filters, warehouses)
		data, totals = _lines(pairs, group_by)
		# the pairs' lists go now, by reference counting (the lines hold their figures, not the lists),
		# not walked by the collector when it resumes
		del pairs
	message = None
	if not from_balances:
		if not compat.in_test():
			period_balance.queue_build(filters.company)  # a job in the long queue, once
		message = _(
			"The stock period balances of {0} are being built in the background: until they are ready this report is read from the stock ledger, which is slower. The figures are the same."
		).format(filters.company)
	return columns(group_by), data, message, chart(totals)


def _lines(pairs: dict[tuple[str, str], list[float]], group_by: tuple) -> tuple[list[dict], list[float]]:
	"""The report's lines from each pair's figures (``stock_movement.FIGURE_KEYS``), grouped, in order,
	and the figures' totals. A pair with no figure at all (e.g. moved in and out within the period by
	zero) is left out."""
	items = period_balance.item_details({item_code for item_code, _warehouse in pairs})
	if group_by == GROUPINGS["Item and Warehouse"]:
		grouped = pairs
	else:
		grouped: dict[tuple, list[float]] = {}
		for (item_code, warehouse), figures in pairs.items():
			fields = {"item_code": item_code, "warehouse": warehouse, "item_group": items[item_code][1]}
			key = tuple(fields[field] for field in group_by)
			target = grouped.get(key)
			grouped[key] = figures if target is None else list(map(add, target, figures))

	data = []
	totals = [0.0] * len(stock_movement.FIGURE_KEYS)
	with_item = "item_code" in group_by
	# a line's fields: its figures, its key, and the item's details (one dict built from one list)
	fields = (*stock_movement.FIGURE_KEYS, *group_by, *(ITEM_DETAILS if with_item else ()))
	order = (
		sorted(grouped) if with_item else sorted(grouped, key=lambda key: tuple(part or "" for part in key))
	)
	for key in order:
		figures = grouped[key]
		if max(figures) <= 1e-9 and min(figures) >= -1e-9:
			continue
		# added up row by row, while the row is at hand (a column at a time would visit every row's list
		# once per figure: slower than the lines themselves for a hundred thousand)
		totals = list(map(add, totals, figures))
		# sums of the ledger's 9-decimal amounts, shown at the field's precision by the desk
		details = items[key[0]] if with_item else ()
		data.append(dict(zip(fields, (*figures, *key, *details), strict=True)))
	return data, totals if data else []


def columns(group_by) -> list[dict]:
	if "item_code" in group_by:
		result = [
			column("item_code", _("Item"), "Link", "Item", 120),
			column("item_name", _("Item Name"), "Data", None, 160),
			column("item_group", _("Item Group"), "Link", "Item Group", 100),
			column("stock_uom", _("Stock UOM"), "Link", "UOM", 70),
		]
	else:
		result = [column("item_group", _("Item Group"), "Link", "Item Group", 140)]
	if "warehouse" in group_by:
		result.append(column("warehouse", _("Warehouse"), "Link", "Warehouse", 120))

	def pair(key: str, label: str) -> list[dict]:
		return [
			column(f"{key}_qty", _("{0} Qty").format(label), "Float", None, 100),
			column(f"{key}_value", _("{0} Value").format(label), "Currency", None, 110),
		]

	result += pair("opening", _("Opening"))
	for movement in stock_movement.INBOUND:
		result += pair(movement, _(stock_movement.LABELS_EN[movement]))
	result += pair("in", _("Total In"))
	for movement in stock_movement.OUTBOUND:
		result += pair(movement, _(stock_movement.LABELS_EN[movement]))
	result += pair("out", _("Total Out"))
	result += pair("closing", _("Closing Balance"))
	return result


def chart(totals: list[float]) -> dict | None:
	"""Quantity moved per business type, inbound and outbound (``totals``: the lines' figures summed,
	in ``stock_movement.FIGURE_KEYS`` order)."""
	if not totals:
		return None
	keys = [*stock_movement.INBOUND, *stock_movement.OUTBOUND]
	position = {key: number for number, key in enumerate(stock_movement.FIGURE_KEYS)}
	return {
		"data": {
			"labels": [_(stock_movement.LABELS_EN[key]) for key in keys],
			"datasets": [{"name": _("Quantity"), "values": [totals[position[f"{key}_qty"]] for key in keys]}],
		},
		"type": "bar",
	}
