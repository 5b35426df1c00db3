# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class StockTransferOrderItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch_no: DF.Link
		conversion_factor: DF.Float
		damaged_qty: DF.Float
		dispatched_qty: DF.Float
		in_transit_qty: DF.Float
		item_code: DF.Link
		item_name: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		qty: DF.Float
		received_qty: DF.Float
		refused_qty: DF.Float
		returned_qty: DF.Float
		serial_no: DF.SmallText
		shortage_qty: DF.Float
		stock_qty: DF.Float
		stock_uom: DF.Link
		uom: DF.Link
		written_off_qty: DF.Float
	# end: auto-generated types

	pass
