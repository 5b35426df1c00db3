# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_selling import followup


class QuotationFollowUp(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		channel: DF.Literal["Phone", "WeChat", "On-site Visit", "Email", "Other"]
		company: DF.Link | None
		customer: DF.Link | None
		customer_name: DF.Data | None
		follow_up_date: DF.Date
		followed_by: DF.Link
		next_follow_up_date: DF.Date | None
		notes: DF.SmallText | None
		quotation: DF.Link
		reminder: DF.Link | None
	# end: auto-generated types

	def validate(self):
		followup.validate(self)

	def after_insert(self):
		followup.after_insert(self)
