# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

from frappe.model.document import Document

from jxc_app.jxc_approvals.rule_lookup import clear_rule_cache, validate_rule


class ApprovalRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from jxc_app.jxc_approvals.doctype.approval_rule_condition.approval_rule_condition import (
			ApprovalRuleCondition,
		)
		from jxc_app.jxc_approvals.doctype.approval_rule_step.approval_rule_step import ApprovalRuleStep

		amount_field: DF.Autocomplete
		company: DF.Link
		conditions: DF.Table[ApprovalRuleCondition]
		department: DF.Link
		description: DF.SmallText
		enabled: DF.Check
		max_amount: DF.Currency
		min_amount: DF.Currency
		priority: DF.Int
		reference_doctype: DF.Link
		rule_name: DF.Data
		steps: DF.Table[ApprovalRuleStep]
	# end: auto-generated types

	def validate(self):
		validate_rule(self)

	def on_update(self):
		clear_rule_cache()

	def on_trash(self):
		clear_rule_cache()
