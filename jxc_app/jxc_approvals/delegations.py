"""Approval Delegations (代理审批) in force today, loaded here and judged by ``jxc_app.rules.approval``
(``delegate_of``: who acts for an approver; ``delegators_of``: for whom a user acts)."""

import frappe
from frappe.utils import nowdate

from jxc_app.rules import approval as approval_rules


def active_delegations(on_day=None) -> list[dict]:
	"""Enabled delegations whose dates include ``on_day`` (default today), each with its ``doctypes``
	(empty: every doctype)."""
	day = on_day or nowdate()
	delegations = frappe.get_all(
		"Approval Delegation",
		filters={"enabled": 1, "from_date": ("<=", day), "to_date": (">=", day)},
		fields=["name", "delegator", "delegate", "from_date", "to_date"],
	)
	for delegation in delegations:
		delegation["doctypes"] = frappe.get_all(
			"Approval Delegation DocType", filters={"parent": delegation["name"]}, pluck="reference_doctype"
		)
	return delegations


def delegators_of(user: str, doctype: str | None = None) -> list[str]:
	"""Whom ``user`` acts for today on ``doctype`` (None: on any doctype, e.g. to see their requests)."""
	return approval_rules.delegators_of(user, nowdate(), active_delegations(), doctype)
