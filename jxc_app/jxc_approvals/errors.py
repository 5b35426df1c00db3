"""What the approval engine refuses with (each a ``frappe.ValidationError``: HTTP 417 over REST)."""

import frappe


class ApprovalRequiredError(frappe.ValidationError):
	"""A covered document was submitted (or changed after submit) without its approval."""


class ApprovalStateError(frappe.ValidationError):
	"""The document or its request is not in a state that allows the action."""


class NoApprovalRuleError(frappe.ValidationError):
	pass


class NoApproverFoundError(frappe.ValidationError):
	pass


class CommentRequiredError(frappe.ValidationError):
	pass


class ApproverCannotReadError(frappe.ValidationError):
	"""A transfer to someone who may not read the document."""
