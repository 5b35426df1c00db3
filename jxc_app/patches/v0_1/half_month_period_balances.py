"""The 进销存汇总表's running balances are kept per half month, not per month (issue #16: a report
reads at most eight days of ledger per cut). The monthly rows mean something else now: they are
dropped and every company with stock is built again by a job in the long queue. Until a company's job
ends, the report reads its ledger (and says so)."""

import frappe

from jxc_app.jxc_reports import period_balance
from jxc_app.jxc_reports.doctype.jxc_stock_period_balance import jxc_stock_period_balance as balance


def execute():
	table = frappe.qb.DocType(period_balance.PERIOD_BALANCE)
	frappe.qb.from_(table).delete().run()
	balance.on_doctype_update()  # without the index Frappe keeps on ``modified``: the build is faster
	frappe.db.set_default(period_balance.BUILT, "[]")
	period_balance.queue_builds()
