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
	# an equality on the company over the range. A report filtered by item (an item group) reads them
	# by item the same way; a rebuild deletes, and a sync compares, by item.
	for name, columns in SNAPSHOT_INDEXES.items():
		frappe.db.add_index(PERIOD_BALANCE, columns, name)
	# Frappe's own index of a table on ``modified`` (v15) or ``creation`` (v16): the balances are
	# written as rows, not documents, and never set either, so it holds one key a million times over —
	# keeping it cost a quarter of a build's inserts, and nothing reads the balances by it
	for name in UNUSED_STANDARD_INDEXES:
		if frappe.db.has_index(f"tab{PERIOD_BALANCE}", name):
			frappe.db.sql_ddl(f"ALTER TABLE `tab{PERIOD_BALANCE}` DROP INDEX `{name}`")


PERIOD_BALANCE = "JXC Stock Period Balance"
SNAPSHOT_INDEXES = {
	"running_until": ["warehouse", "valid_until", "period_start"],
	"running_from": ["warehouse", "period_start", "valid_until"],
	"item_running": ["item_code", "period_start", "valid_until"],
}
UNUSED_STANDARD_INDEXES = ("modified", "creation")
# earlier layouts, led by (company, period_type): MariaDB read them as one long "ref" over the company
OLD_INDEXES = ("company_period", "company_running_from", "company_running_until")
# read by item before: the item alone (its field's search index) and with the period type; both led
# by the item as ``item_running`` is, which also holds the validity (one index fewer to write)
OLD_ITEM_INDEXES = ("item_code", "item_period")
