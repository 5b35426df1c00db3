# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_purchasing.replenishment import validate_settings
from jxc_app.setup.print_formats import set_chinese_print_formats


class JXCSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		allow_expired_quotation_to_order: DF.Check
		credit_approval: DF.Check
		credit_overdue_days: DF.Int
		enable_pinyin_search: DF.Check
		low_stock_requisitions: DF.Check
		quotation_expiring_days: DF.Int
		quotation_validity_days: DF.Int
		show_amount_in_words: DF.Check
		transfer_damaged_warehouse: DF.Link
		transfer_loss_account: DF.Link
		use_chinese_print_formats: DF.Check
	# end: auto-generated types

	def validate(self):
		validate_settings(self)

	def on_update(self):
		if self.has_value_changed("use_chinese_print_formats"):
			set_chinese_print_formats(bool(self.use_chinese_print_formats))
