"""Stock Entry: the entries of a Stock Transfer Order keep the order's progress (jxc_inventory.transfer)."""


def before_cancel(doc, method=None):
	from jxc_app.jxc_inventory import transfer

	transfer.stock_entry_before_cancel(doc)


def on_submit(doc, method=None):
	from jxc_app.jxc_inventory import transfer

	transfer.stock_entry_changed(doc)


def on_cancel(doc, method=None):
	from jxc_app.jxc_inventory import transfer

	transfer.stock_entry_changed(doc)
