# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class SupplierQuotationComparisonQuote(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		currency: DF.Link
		ineligible_reason: DF.Data
		item_code: DF.Link
		last_purchase_rate: DF.Currency
		lead_time_days: DF.Int
		lead_time_score: DF.Float
		line_key: DF.Data
		min_order_qty: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		price_score: DF.Float
		quality_score: DF.Float
		quoted_currency: DF.Link
		quoted_rate: DF.Currency
		rank: DF.Int
		service_score: DF.Float
		supplier: DF.Link
		supplier_quotation: DF.Link
		supplier_quotation_item: DF.Data
		total_score: DF.Float
		unit_price: DF.Currency
		valid_till: DF.Date
	# end: auto-generated types

	pass
