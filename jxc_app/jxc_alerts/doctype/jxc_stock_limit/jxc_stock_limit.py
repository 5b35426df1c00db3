# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class JXCStockLimit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		max_qty: DF.Float
		max_value: DF.Currency
		min_qty: DF.Float
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		safety_qty: DF.Float
		warehouse: DF.Link
	# end: auto-generated types

	pass
