# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_purchasing.replenishment import validate_settings


class JXCSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		enable_pinyin_search: DF.Check
		low_stock_requisitions: DF.Check
		show_amount_in_words: DF.Check
		transfer_damaged_warehouse: DF.Link
		transfer_loss_account: DF.Link
	# end: auto-generated types

	def validate(self):
		validate_settings(self)
