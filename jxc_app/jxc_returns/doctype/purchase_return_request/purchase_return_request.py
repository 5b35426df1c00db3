# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_returns import purchase_return


class PurchaseReturnRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_returns.doctype.purchase_return_request_item.purchase_return_request_item import (
			PurchaseReturnRequestItem,
		)

		amended_from: DF.Link | None
		close_reason: DF.SmallText | None
		company: DF.Link
		currency: DF.Link | None
		debit_note: DF.Link | None
		items: DF.Table[PurchaseReturnRequestItem]
		per_replaced: DF.Percent
		per_returned: DF.Percent
		reason: DF.Link | None
		refund_entry: DF.Link | None
		remarks: DF.SmallText | None
		resolution: DF.Literal["Return and Refund", "Exchange"]
		status: DF.Literal[
			"Draft",
			"Pending Approval",
			"Rejected",
			"Approved",
			"To Return",
			"Partially Returned",
			"Awaiting Replacement",
			"Completed",
			"Closed",
			"Cancelled",
		]
		supplier: DF.Link
		supplier_name: DF.Data | None
		total_amount: DF.Currency
		total_qty: DF.Float
		transaction_date: DF.Date
	# end: auto-generated types

	def validate(self):
		purchase_return.validate(self)

	def on_submit(self):
		purchase_return.update_progress(self)

	def before_cancel(self):
		purchase_return.before_cancel(self)

	def on_cancel(self):
		purchase_return.on_cancel(self)

	def on_approval_change(self):
		purchase_return.update_progress(self)
