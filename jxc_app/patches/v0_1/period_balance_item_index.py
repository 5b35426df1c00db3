"""The running balances are read by item through ``item_running`` (item, period start, valid until;
issue #16): a report filtered by item group finds each item's balance valid at a month from the index
alone. It replaces the item's own index and ``item_period``, led by the item as it is."""

from jxc_app.jxc_reports.doctype.jxc_stock_period_balance import jxc_stock_period_balance as balance
from jxc_app.setup.install import drop_index


def execute():
	balance.on_doctype_update()  # the new index first: the balances are never without one by item
	for name in balance.OLD_ITEM_INDEXES:
		drop_index(balance.PERIOD_BALANCE, name)
