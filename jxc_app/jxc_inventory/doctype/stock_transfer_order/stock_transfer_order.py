# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_inventory.transfer import lifecycle as transfer_lifecycle


class StockTransferOrder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_inventory.doctype.stock_transfer_order_item.stock_transfer_order_item import (
			StockTransferOrderItem,
		)
		from jxc_app.jxc_inventory.doctype.stock_transfer_variance.stock_transfer_variance import (
			StockTransferVariance,
		)

		amended_from: DF.Link
		close_reason: DF.SmallText
		company: DF.Link
		damaged_warehouse: DF.Link
		first_dispatch_date: DF.Date
		from_warehouse: DF.Link
		in_transit_qty: DF.Float
		items: DF.Table[StockTransferOrderItem]
		loss_account: DF.Link
		reason: DF.SmallText
		required_date: DF.Date
		status: DF.Literal[
			"Draft",
			"Pending Approval",
			"Rejected",
			"Approved",
			"Partially Dispatched",
			"In Transit",
			"Partially Received",
			"Completed",
			"Closed",
			"Cancelled",
		]
		to_warehouse: DF.Link
		total_qty: DF.Float
		transaction_date: DF.Date
		transit_warehouse: DF.Link
		variances: DF.Table[StockTransferVariance]
	# end: auto-generated types

	def validate(self):
		transfer_lifecycle.validate(self)

	def before_cancel(self):
		transfer_lifecycle.before_cancel(self)

	def on_submit(self):
		transfer_lifecycle.on_submit(self)

	def on_cancel(self):
		transfer_lifecycle.on_cancel(self)

	def on_approval_change(self):
		transfer_lifecycle.update_progress(self)
