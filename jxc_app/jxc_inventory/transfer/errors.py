"""What a transfer refuses (each a ``frappe.ValidationError``: HTTP 417)."""

import frappe


class TransferValidationError(frappe.ValidationError):
	"""The order or an action's input is not valid (route, lines, reason …)."""


class TransferStateError(frappe.ValidationError):
	"""The order is not in a state that allows the action (not submitted, closed, completed …)."""


class TransferQuantityError(frappe.ValidationError):
	"""A quantity the rules refuse (more than remains, than is in transit …)."""


class TransferCancelError(frappe.ValidationError):
	"""A cancel that would leave later documents without what they built on."""
