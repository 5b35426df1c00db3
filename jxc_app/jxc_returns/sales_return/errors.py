"""What a sales return refuses (each a ``frappe.ValidationError``: HTTP 417)."""

import frappe


class SalesReturnValidationError(frappe.ValidationError):
	"""The request or an action's input is not valid (customer, source line, reason …)."""


class SalesReturnStateError(frappe.ValidationError):
	"""The request is not in a state that allows the action."""


class SalesReturnQuantityError(frappe.ValidationError):
	"""A quantity or amount the rules refuse (more than returnable, received, inspected …)."""
