"""The running balances' snapshot indexes lead with the warehouse (issue #16): the old ones, led by
company and period type, made MariaDB scan every balance of the company for one month."""

import frappe

from jxc_app.jxc_reports.doctype.jxc_stock_period_balance import jxc_stock_period_balance as balance


def execute():
	table = f"tab{balance.PERIOD_BALANCE}"
	for name in balance.OLD_INDEXES:
		if frappe.db.has_index(table, name):
			frappe.db.sql_ddl(f"ALTER TABLE `{table}` DROP INDEX `{name}`")
	balance.on_doctype_update()
