# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class ApprovalRequestApprover(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acted_by: DF.Link
		acted_on: DF.Datetime
		approver: DF.Link
		comment: DF.SmallText
		escalated: DF.Check
		mode: DF.Literal["Any One Approves", "All Must Approve"]
		on_behalf_of: DF.Link
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		status: DF.Literal[
			"Waiting", "Pending", "Approved", "Rejected", "Skipped", "Transferred", "Cancelled"
		]
		step_name: DF.Data
		step_no: DF.Int
		todo: DF.Link
	# end: auto-generated types

	pass
