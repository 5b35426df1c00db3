# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from jxc_app.jxc_approvals.constants import STATUS_COLORS


class ApprovalRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_approvals.doctype.approval_action_log.approval_action_log import ApprovalActionLog
		from jxc_app.jxc_approvals.doctype.approval_request_approver.approval_request_approver import (
			ApprovalRequestApprover,
		)

		actions: DF.Table[ApprovalActionLog]
		amount: DF.Currency
		approvers: DF.Table[ApprovalRequestApprover]
		company: DF.Link
		current_approvers: DF.SmallText
		current_step: DF.Int
		proposed_change: DF.Code
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		requester: DF.Link
		rule: DF.Link
		signature: DF.Data
		status: DF.Literal["Pending Approval", "Approved", "Rejected", "Withdrawn"]
		step_started_on: DF.Datetime
	# end: auto-generated types

	def validate(self):
		# the engine is the only writer: a hand-made or hand-edited request could approve anything
		if not self.flags.from_engine:
			frappe.throw(
				_("Approval requests change only through request, approve, reject, withdraw and transfer."),
				title=_("Not Permitted"),
				exc=frappe.PermissionError,
			)

	def get_indicator(self):
		return _(self.status), STATUS_COLORS.get(self.status, "gray"), f"status,=,{self.status}"
