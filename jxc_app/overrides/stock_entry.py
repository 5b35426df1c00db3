"""Stock Entry: the entries of a Stock Transfer Order keep the order's progress
(``jxc_app.jxc_inventory.transfer.stock_entries``)."""

from jxc_app.jxc_inventory.transfer import stock_entries as transfer_entries


def before_cancel(doc, method=None):
	transfer_entries.before_entry_cancel(doc)


def on_submit(doc, method=None):
	transfer_entries.entry_changed(doc)


def on_cancel(doc, method=None):
	transfer_entries.entry_changed(doc)
