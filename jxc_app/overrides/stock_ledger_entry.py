"""Stock Ledger Entry: a warehouse being counted by a block-mode stocktake takes no movement."""


def before_submit(doc, method=None):
	from jxc_app.jxc_inventory.stocktake import check_freeze

	check_freeze(doc)
