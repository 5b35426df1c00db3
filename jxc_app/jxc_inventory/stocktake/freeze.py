"""The freeze: in block mode no stock moves in the counted warehouses from the snapshot until the
stocktake is posted or called off. Every Stock Ledger Entry is checked
(``jxc_app.overrides.stock_ledger_entry``) against the frozen warehouses, cached until a stocktake's
status changes (``states.set_status``). In track mode stock moves on and the expected quantity
follows it (``variance.py``)."""

import frappe
from frappe import _

from jxc_app.jxc_inventory.stocktake import states


def frozen_warehouses() -> dict[str, str]:
	"""warehouse -> the block-mode stocktake counting it."""

	def load():
		stocktake = frappe.qb.DocType(states.STOCKTAKE)
		warehouse = frappe.qb.DocType(states.WAREHOUSES)
		rows = (
			frappe.qb.from_(warehouse)
			.join(stocktake)
			.on(stocktake.name == warehouse.parent)
			.select(warehouse.warehouse, stocktake.name)
			.where(
				(stocktake.freeze_mode == "Block")
				& (stocktake.status.isin(states.FREEZING))
				& (stocktake.docstatus < 2)
			)
		).run()
		return dict(rows)

	return frappe.cache.get_value(states.FREEZE_CACHE, load)


def check_freeze(sle):
	"""No movement in a warehouse a block-mode stocktake is counting (its own posting excepted)."""
	frozen_by = frozen_warehouses().get(sle.warehouse)
	if not frozen_by or frappe.flags.jxc_posting_stocktake == frozen_by:
		return
	frappe.throw(
		_(
			"Warehouse {0} is being counted by stocktake {1}: no stock may move there until it is posted or cancelled."
		).format(sle.warehouse, frozen_by),
		title=_("Warehouse Frozen for Stocktake"),
		exc=states.StocktakeFreezeError,
	)
