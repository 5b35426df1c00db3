# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class SupplierQuotationComparisonItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		approval_reason: DF.Data
		award_reason: DF.SmallText
		awarded_supplier: DF.Link
		conversion_factor: DF.Float
		currency: DF.Link
		item_code: DF.Link
		item_name: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		purchase_order: DF.Link
		purchase_requisition: DF.Link
		purchase_requisition_item: DF.Data
		qty: DF.Float
		quote_count: DF.Int
		rate: DF.Currency
		request_for_quotation: DF.Link
		request_for_quotation_item: DF.Data
		schedule_date: DF.Date
		suggested_supplier: DF.Link
		supplier_quotation: DF.Link
		supplier_quotation_item: DF.Data
		uom: DF.Link
		warehouse: DF.Link
	# end: auto-generated types

	pass
