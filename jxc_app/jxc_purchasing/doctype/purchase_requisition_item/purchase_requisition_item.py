# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class PurchaseRequisitionItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		conversion_factor: DF.Float
		currency: DF.Link
		estimated_rate: DF.Currency
		item_code: DF.Link
		item_name: DF.Data
		notes: DF.SmallText
		ordered_qty: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		preferred_supplier: DF.Link
		qty: DF.Float
		schedule_date: DF.Date
		stock_uom: DF.Link
		uom: DF.Link
		warehouse: DF.Link
	# end: auto-generated types

	pass
