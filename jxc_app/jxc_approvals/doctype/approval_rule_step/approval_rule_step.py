# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document


class ApprovalRuleStep(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		approver_type: DF.Literal[
			"Role", "User", "Department Head", "Reports To", "Document Field", "Cost Center Manager"
		]
		document_field: DF.Autocomplete
		escalate_after_days: DF.Int
		escalate_to_role: DF.Link
		escalate_to_user: DF.Link
		mode: DF.Literal["Any One Approves", "All Must Approve"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		remind_after_days: DF.Int
		role: DF.Link
		skip_below_amount: DF.Currency
		step_name: DF.Data
		user: DF.Link
	# end: auto-generated types

	pass
