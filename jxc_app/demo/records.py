"""Small records the demo's capability files share: return reasons, and an approval rule by amount with
one step for a role."""

import frappe


def ensure_return_reasons(reasons):
	for reason in reasons:
		if not frappe.db.exists("Return Reason", reason):
			frappe.get_doc({"doctype": "Return Reason", "reason_name": reason, "enabled": 1}).insert(
				ignore_permissions=True
			)


def ensure_amount_rule(
	rule_name: str, doctype: str, company: str, min_amount: float, description: str, step: tuple
):
	"""An approval rule on ``doctype``'s total_amount from ``min_amount``; ``step``: (step name, role)."""
	if frappe.db.exists("Approval Rule", rule_name):
		return
	step_name, role = step
	frappe.get_doc(
		{
			"doctype": "Approval Rule",
			"rule_name": rule_name,
			"reference_doctype": doctype,
			"company": company,
			"amount_field": "total_amount",
			"min_amount": min_amount,
			"description": description,
			"steps": [{"step_name": step_name, "approver_type": "Role", "role": role}],
		}
	).insert(ignore_permissions=True)
