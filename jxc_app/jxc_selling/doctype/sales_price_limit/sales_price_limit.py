# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class DuplicatePriceLimitError(frappe.ValidationError):
	pass


class SalesPriceLimit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company: DF.Link
		currency: DF.Link | None
		customer_group: DF.Link | None
		description: DF.SmallText | None
		item_code: DF.Link
		item_name: DF.Data | None
		max_discount_pct: DF.Percent
		min_price: DF.Currency
		stock_uom: DF.Link | None
	# end: auto-generated types

	def validate(self):
		if flt(self.min_price) < 0:
			frappe.throw(_("Minimum Price cannot be negative."), title=_("Invalid Sales Price Limit"))
		if not 0 <= flt(self.max_discount_pct) <= 100:
			frappe.throw(
				_("Maximum Discount % must be between 0 and 100."), title=_("Invalid Sales Price Limit")
			)
		limit = frappe.qb.DocType("Sales Price Limit")
		query = (
			frappe.qb.from_(limit)
			.select(limit.name)
			.where(
				(limit.item_code == self.item_code)
				& (limit.company == self.company)
				& (limit.name != (self.name or ""))
			)
		)
		if self.customer_group:
			query = query.where(limit.customer_group == self.customer_group)
		else:
			query = query.where(limit.customer_group.isnull() | (limit.customer_group == ""))
		other = query.limit(1).run()
		if other:
			frappe.throw(
				_("{0} already has a price limit for this customer group and company: {1}.").format(
					self.item_code, other[0][0]
				),
				title=_("Duplicate Sales Price Limit"),
				exc=DuplicatePriceLimitError,
			)
