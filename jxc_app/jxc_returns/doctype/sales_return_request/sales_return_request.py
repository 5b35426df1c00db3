# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_returns.sales_return import lifecycle


class SalesReturnRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		pass
	# end: auto-generated types

	def validate(self):
		lifecycle.validate(self)

	def on_submit(self):
		lifecycle.on_submit(self)

	def before_cancel(self):
		lifecycle.before_cancel(self)

	def on_cancel(self):
		lifecycle.on_cancel(self)

	def on_trash(self):
		lifecycle.on_trash(self)

	def on_approval_change(self):
		lifecycle.on_approval_change(self)
