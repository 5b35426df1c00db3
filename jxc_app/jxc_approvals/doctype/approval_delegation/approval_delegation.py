# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from jxc_app.utils.roles import APPROVAL_MANAGERS, is_in


class ApprovalDelegation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_approvals.doctype.approval_delegation_doctype.approval_delegation_doctype import (
			ApprovalDelegationDocType,
		)

		delegate: DF.Link
		delegator: DF.Link
		doctypes: DF.TableMultiSelect[ApprovalDelegationDocType]
		enabled: DF.Check
		from_date: DF.Date
		reason: DF.SmallText
		to_date: DF.Date
	# end: auto-generated types

	def validate(self):
		if self.delegator == self.delegate:
			frappe.throw(_("A user cannot delegate approvals to themselves."), title=_("Invalid Delegation"))
		if getdate(self.to_date) < getdate(self.from_date):
			frappe.throw(_("To Date cannot be before From Date."), title=_("Invalid Delegation"))
		if self.delegator != frappe.session.user and not is_in(APPROVAL_MANAGERS):
			frappe.throw(
				_("You can only delegate your own approvals."),
				title=_("Not Permitted"),
				exc=frappe.PermissionError,
			)
