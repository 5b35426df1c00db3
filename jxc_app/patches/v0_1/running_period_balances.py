"""The 进销存汇总表's month and year balances become running balances (issue #16): the old rows are
dropped and every company with stock is built again by a job in the long queue. Until a company's job
ends, the report reads its ledger (and says so)."""

import frappe

from jxc_app.jxc_reports import period_balance


def execute():
	table = frappe.qb.DocType(period_balance.PERIOD_BALANCE)
	frappe.qb.from_(table).delete().run()
	frappe.db.set_default(period_balance.BUILT, "[]")
	period_balance.queue_builds()
