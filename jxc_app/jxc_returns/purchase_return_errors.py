"""What receipt inspection and purchase returns refuse (each a ``frappe.ValidationError``: HTTP 417)."""

import frappe


class PurchaseReturnValidationError(frappe.ValidationError):
	"""The request, an inspection or an action's input is not valid (receipt, line, reason …)."""


class PurchaseReturnStateError(frappe.ValidationError):
	"""The document is not in a state that allows the action (not submitted, closed, completed …)."""


class PurchaseReturnQuantityError(frappe.ValidationError):
	"""A quantity the rules refuse (more than is returnable, than awaits replacement …)."""
