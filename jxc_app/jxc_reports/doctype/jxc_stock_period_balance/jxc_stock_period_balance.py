# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

import frappe
from frappe.model.document import Document


class JXCStockPeriodBalance(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Link
		item_code: DF.Link
		ledger_rows: DF.Int
		period_start: DF.Date
		period_type: DF.Literal["Running"]
		qty_change: DF.Float
		running_totals: DF.SmallText | None
		valid_until: DF.Date | None
		value_change: DF.Currency
		warehouse: DF.Link
	# end: auto-generated types

	"""Derived data, kept by ``jxc_app.jxc_reports.period_balance``; see there."""


def on_doctype_update():
	# a snapshot is "period_start <= month < valid_until" for the report's warehouses: one index serves
	# months early in the ledger, the other late ones, each by warehouse (a range, the rest of the
	# condition read from the index). Not led by the company (a warehouse has one): MariaDB then takes
	# an equality on the company over the range. A rebuild deletes by item.
	for name, columns in SNAPSHOT_INDEXES.items():
		frappe.db.add_index(PERIOD_BALANCE, columns, name)
	frappe.db.add_index(PERIOD_BALANCE, ["item_code", "period_type", "period_start"], "item_period")


PERIOD_BALANCE = "JXC Stock Period Balance"
SNAPSHOT_INDEXES = {
	"running_until": ["warehouse", "valid_until", "period_start"],
	"running_from": ["warehouse", "period_start", "valid_until"],
}
# earlier layouts, led by (company, period_type): MariaDB read them as one long "ref" over the company
OLD_INDEXES = ("company_period", "company_running_from", "company_running_until")
