"""Stock Entry: the entries of a Stock Transfer Order keep the order's progress
(``jxc_app.jxc_inventory.transfer.stock_entries``), those of a Sales Return Request's inspection the
request's (``jxc_app.jxc_returns.sales_return.lifecycle``)."""

from jxc_app.jxc_inventory.transfer import stock_entries as transfer_entries
from jxc_app.jxc_returns.sales_return import lifecycle as sales_return


def before_cancel(doc, method=None):
	transfer_entries.before_entry_cancel(doc)


def on_submit(doc, method=None):
	transfer_entries.entry_changed(doc)
	sales_return.follow(doc)


def on_cancel(doc, method=None):
	transfer_entries.entry_changed(doc)
	sales_return.follow(doc)
