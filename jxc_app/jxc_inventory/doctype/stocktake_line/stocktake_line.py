# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class StocktakeLine(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch_no: DF.Link
		book_qty: DF.Float
		counted: DF.Check
		counted_by: DF.SmallText
		counted_qty: DF.Float
		expected_qty: DF.Float
		final_qty: DF.Float
		item_code: DF.Link
		item_name: DF.Data
		moved_qty: DF.Float
		open_book_qty: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		recount_by: DF.Link
		recount_required: DF.Check
		recounted: DF.Check
		recounted_qty: DF.Float
		stock_uom: DF.Link
		valuation_rate: DF.Currency
		variance_qty: DF.Float
		variance_value: DF.Currency
		warehouse: DF.Link
	# end: auto-generated types

	pass
