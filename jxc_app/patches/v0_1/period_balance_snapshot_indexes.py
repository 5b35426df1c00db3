"""The running balances' snapshot indexes lead with the warehouse (issue #16): the old ones, led by
company and period type, made MariaDB scan every balance of the company for one month."""

from jxc_app.jxc_reports.doctype.jxc_stock_period_balance import jxc_stock_period_balance as balance
from jxc_app.setup.install import drop_index


def execute():
	for name in balance.OLD_INDEXES:
		drop_index(balance.PERIOD_BALANCE, name)
	balance.on_doctype_update()
