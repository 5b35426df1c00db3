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
		other_in_qty: DF.Float
		other_in_value: DF.Currency
		other_out_qty: DF.Float
		other_out_value: DF.Currency
		period_start: DF.Date
		period_type: DF.Literal["Month", "Year"]
		production_in_qty: DF.Float
		production_in_value: DF.Currency
		production_out_qty: DF.Float
		production_out_value: DF.Currency
		purchase_in_qty: DF.Float
		purchase_in_value: DF.Currency
		purchase_return_out_qty: DF.Float
		purchase_return_out_value: DF.Currency
		qty_change: DF.Float
		sales_out_qty: DF.Float
		sales_out_value: DF.Currency
		sales_return_in_qty: DF.Float
		sales_return_in_value: DF.Currency
		stocktake_gain_qty: DF.Float
		stocktake_gain_value: DF.Currency
		stocktake_loss_qty: DF.Float
		stocktake_loss_value: DF.Currency
		transfer_in_qty: DF.Float
		transfer_in_value: DF.Currency
		transfer_out_qty: DF.Float
		transfer_out_value: DF.Currency
		value_change: DF.Currency
		warehouse: DF.Link
	# end: auto-generated types

	"""Derived data, kept by ``jxc_app.jxc_reports.period_balance``; see there."""


def on_doctype_update():
	# the report reads by company, period type and start; a rebuild deletes by item
	frappe.db.add_index(PERIOD_BALANCE, ["company", "period_type", "period_start"], "company_period")
	frappe.db.add_index(PERIOD_BALANCE, ["item_code", "period_type", "period_start"], "item_period")


PERIOD_BALANCE = "JXC Stock Period Balance"
