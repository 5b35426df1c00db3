# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

import frappe
from frappe.model.document import Document

from jxc_app.jxc_purchasing import comparison


class SupplierQuotationComparison(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_purchasing.doctype.supplier_quotation_comparison_item.supplier_quotation_comparison_item import (
			SupplierQuotationComparisonItem,
		)
		from jxc_app.jxc_purchasing.doctype.supplier_quotation_comparison_quote.supplier_quotation_comparison_quote import (
			SupplierQuotationComparisonQuote,
		)

		amended_from: DF.Link
		approval_reasons: DF.SmallText
		company: DF.Link
		currency: DF.Link
		items: DF.Table[SupplierQuotationComparisonItem]
		lead_time_weight: DF.Float
		price_weight: DF.Float
		purchase_requisition: DF.Link
		quality_weight: DF.Float
		quotes: DF.Table[SupplierQuotationComparisonQuote]
		remarks: DF.SmallText
		request_for_quotation: DF.Link
		requires_approval: DF.Check
		service_weight: DF.Float
		status: DF.Literal["Draft", "Pending Approval", "Approved", "Rejected", "Ordered", "Cancelled"]
		total_amount: DF.Currency
		transaction_date: DF.Date
	# end: auto-generated types

	def validate(self):
		comparison.validate(self)

	def before_submit(self):
		comparison.before_submit(self)

	def on_submit(self):
		comparison.make_purchase_orders(self)

	def before_cancel(self):
		comparison.before_cancel(self)

	def on_cancel(self):
		comparison.on_cancel(self)

	def on_approval_change(self):
		comparison.on_approval_change(self)

	@frappe.whitelist(methods=["POST"])
	def refresh_quotes(self):
		"""Desk button: reload the submitted quotations of every line (the form saves afterwards)."""
		self.check_permission("write")
		comparison.load_quotes(self)
