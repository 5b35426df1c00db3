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
	# a snapshot is "period_start <= month < valid_until": one index serves months early in the
	# ledger, the other late ones (the rest of the condition read from the index); a rebuild
	# deletes by item
	frappe.db.add_index(
		PERIOD_BALANCE, ["company", "period_type", "period_start", "valid_until"], "company_running_from"
	)
	frappe.db.add_index(
		PERIOD_BALANCE, ["company", "period_type", "valid_until", "period_start"], "company_running_until"
	)
	frappe.db.add_index(PERIOD_BALANCE, ["item_code", "period_type", "period_start"], "item_period")


PERIOD_BALANCE = "JXC Stock Period Balance"
