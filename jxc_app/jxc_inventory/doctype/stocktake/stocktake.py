# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_inventory.stocktake import permissions, plan, posting, states


class Stocktake(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_inventory.doctype.stocktake_counter.stocktake_counter import StocktakeCounter
		from jxc_app.jxc_inventory.doctype.stocktake_item_group.stocktake_item_group import StocktakeItemGroup
		from jxc_app.jxc_inventory.doctype.stocktake_line.stocktake_line import StocktakeLine
		from jxc_app.jxc_inventory.doctype.stocktake_scope_item.stocktake_scope_item import StocktakeScopeItem
		from jxc_app.jxc_inventory.doctype.stocktake_warehouse.stocktake_warehouse import StocktakeWarehouse

		abc_class: DF.Literal["A", "B", "C"]
		abc_days: DF.Int
		amended_from: DF.Link
		company: DF.Link
		count_mode: DF.Literal["Blind", "Open"]
		counted_lines: DF.Int
		counters: DF.TableMultiSelect[StocktakeCounter]
		cycle_items_per_day: DF.Int
		cycle_start: DF.Date
		freeze_mode: DF.Literal["Block", "Track"]
		gain_value: DF.Currency
		item_groups: DF.TableMultiSelect[StocktakeItemGroup]
		lines: DF.Table[StocktakeLine]
		loss_value: DF.Currency
		moved_since: DF.Date
		posting_date: DF.Date
		posting_error: DF.SmallText
		recount_lines: DF.Int
		scope: DF.Literal[
			"All Items", "Item Groups", "Chosen Items", "ABC Class", "Moved Since", "Cycle Count"
		]
		scope_items: DF.TableMultiSelect[StocktakeScopeItem]
		snapshot_time: DF.Datetime
		status: DF.Literal[
			"Draft",
			"Counting",
			"Recount",
			"Counted",
			"Pending Approval",
			"Rejected",
			"Posting",
			"Posted",
			"Failed",
			"Cancelled",
		]
		stock_reconciliation: DF.Link
		title: DF.Data
		total_lines: DF.Int
		value_tolerance: DF.Currency
		variance_lines: DF.Int
		variance_value: DF.Currency
		warehouses: DF.TableMultiSelect[StocktakeWarehouse]
	# end: auto-generated types

	def validate(self):
		plan.validate(self)

	def before_submit(self):
		posting.before_submit(self)

	def on_submit(self):
		posting.on_submit(self)

	def before_cancel(self):
		posting.before_cancel(self)

	def on_cancel(self):
		posting.on_cancel(self)

	def on_approval_change(self):
		states.on_approval_change(self)

	def save_version(self):
		permissions.save_version(self)
