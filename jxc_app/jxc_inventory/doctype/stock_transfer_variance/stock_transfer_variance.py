# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class StockTransferVariance(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		item_code: DF.Link
		order_item: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		posting_date: DF.Date
		qty: DF.Float
		reason: DF.SmallText
		recorded_by: DF.Link
		resolution: DF.Literal["", "Written Off", "Returned"]
		resolved_qty: DF.Float
		stock_entry: DF.Link
		variance_type: DF.Literal["Shortage", "Damage", "Refusal"]
	# end: auto-generated types

	pass
