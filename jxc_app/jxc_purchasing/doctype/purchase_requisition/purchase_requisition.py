# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_purchasing import requisition


class PurchaseRequisition(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_purchasing.doctype.purchase_requisition_item.purchase_requisition_item import (
			PurchaseRequisitionItem,
		)

		amended_from: DF.Link
		close_reason: DF.SmallText
		company: DF.Link
		cost_center: DF.Link
		currency: DF.Link
		department: DF.Link
		estimated_total: DF.Currency
		expense_account: DF.Link
		items: DF.Table[PurchaseRequisitionItem]
		purpose: DF.SmallText
		requester: DF.Link
		required_by: DF.Date
		status: DF.Literal[
			"Draft",
			"Pending Approval",
			"Approved",
			"Partially Ordered",
			"Ordered",
			"Closed",
			"Rejected",
			"Cancelled",
		]
		transaction_date: DF.Date
	# end: auto-generated types

	def validate(self):
		requisition.validate(self)

	def before_submit(self):
		requisition.validate_budget(self)

	def on_submit(self):
		requisition.update_status(self)

	def on_cancel(self):
		requisition.update_status(self)

	def on_approval_change(self):
		requisition.update_status(self)
