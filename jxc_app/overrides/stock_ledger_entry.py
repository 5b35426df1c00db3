"""Stock Ledger Entry: a warehouse being counted by a block-mode stocktake takes no movement."""

from jxc_app.jxc_inventory.stocktake import freeze


def before_submit(doc, method=None):
	freeze.check_freeze(doc)
