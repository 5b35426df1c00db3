"""Small records the demo's capability files share: return reasons, and an approval rule by amount with
one step for a role."""

import frappe
from erpnext.stock.utils import get_stock_balance
from frappe.query_builder.functions import Min
from frappe.utils import flt

from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.requests import open_request


def ensure_return_reasons(reasons):
	for reason in reasons:
		if not frappe.db.exists("Return Reason", reason):
			frappe.get_doc({"doctype": "Return Reason", "reason_name": reason, "enabled": 1}).insert(
				ignore_permissions=True
			)


def ensure_amount_rule(
	rule_name: str,
	doctype: str,
	company: str,
	min_amount: float,
	description: str,
	step: tuple,
	amount_field: str = "total_amount",
):
	"""An approval rule on ``doctype``'s ``amount_field`` from ``min_amount``; ``step``: (step name, role)."""
	if frappe.db.exists("Approval Rule", rule_name):
		return
	step_name, role = step
	frappe.get_doc(
		{
			"doctype": "Approval Rule",
			"rule_name": rule_name,
			"reference_doctype": doctype,
			"company": company,
			"amount_field": amount_field,
			"min_amount": min_amount,
			"description": description,
			"steps": [{"step_name": step_name, "approver_type": "Role", "role": role}],
		}
	).insert(ignore_permissions=True)


def ensure_stock(company: str, warehouse: str, needs: dict[str, float], posting_date: str):
	"""Receive into ``warehouse`` on ``posting_date`` what the demo is about to take out of it from then on.

	The demo's orders leave ERPNext documents behind when jxc_app is uninstalled, so a reinstall makes them
	again and takes the same goods out a second time; a Material Receipt tops the warehouse up to what the
	demo needs at its lowest balance from ``posting_date`` on (a back-dated issue must not turn any later
	balance negative)."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	items = []
	for item_code, qty in needs.items():
		later = (
			frappe.qb.from_(sle)
			.select(Min(sle.qty_after_transaction))
			.where(
				(sle.item_code == item_code)
				& (sle.warehouse == warehouse)
				& (sle.is_cancelled == 0)
				& (sle.posting_date >= posting_date)
			)
			.run()
		)[0][0]
		lowest = min(
			flt(get_stock_balance(item_code, warehouse, posting_date)),
			flt(later) if later is not None else float("inf"),
		)
		if lowest < qty:
			rate = frappe.db.get_value("Item", item_code, ["valuation_rate", "standard_rate"])
			items.append(
				{
					"item_code": item_code,
					"qty": qty - lowest,
					"basic_rate": flt(rate[0]) or flt(rate[1]) or 1,
					"t_warehouse": warehouse,
				}
			)
	if not items:
		return
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"set_posting_time": 1,
			"posting_date": posting_date,
			"posting_time": "00:00:00",
			"remarks": "示例数据补货",
			"items": items,
		}
	).insert(ignore_permissions=True)
	entry.submit()


def approve_through_the_chain(doctype: str, name: str):
	"""Each current approver in turn approves, until the request is decided (the session ends as the
	last approver)."""
	while request := open_request(doctype, name):
		frappe.set_user(request.current_approvers.split("\n")[0])
		approval_actions.approve(doctype, name, comment="同意")
