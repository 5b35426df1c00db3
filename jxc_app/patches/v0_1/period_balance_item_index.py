"""The running balances are read by item through ``item_running`` (item, period start, valid until;
issue #16): a report filtered by item group finds each item's balance valid at a month from the index
alone. It replaces the item's own index and ``item_period``, led by the item as it is."""

import frappe

from jxc_app.jxc_reports.doctype.jxc_stock_period_balance import jxc_stock_period_balance as balance


def execute():
	table = f"tab{balance.PERIOD_BALANCE}"
	balance.on_doctype_update()  # the new index first: the balances are never without one by item
	for name in balance.OLD_ITEM_INDEXES:
		if frappe.db.has_index(table, name):
			frappe.db.sql_ddl(f"ALTER TABLE `{table}` DROP INDEX `{name}`")
