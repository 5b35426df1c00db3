"""What the alert center refuses with (each a ``frappe.ValidationError``: HTTP 417 over REST)."""

import frappe


class AlertRuleError(frappe.ValidationError):
	"""A malformed 预警规则 (negative threshold, quiet hours, schedule, channel without a robot…)."""


class AlertStateError(frappe.ValidationError):
	"""The alert is not in a state that allows the action (e.g. resolving a resolved alert)."""
