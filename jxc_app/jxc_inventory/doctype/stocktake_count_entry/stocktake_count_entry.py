# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_inventory.stocktake import counting


class StocktakeCountEntry(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch_no: DF.Link
		counter: DF.Link
		is_recount: DF.Check
		item_code: DF.Link
		line: DF.Data
		qty: DF.Float
		source: DF.Literal["Typed", "Scanned", "Uploaded"]
		stocktake: DF.Link
		warehouse: DF.Link
	# end: auto-generated types

	def validate(self):
		counting.validate_count_entry(self)
