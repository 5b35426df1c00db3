# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt
"""我的待审批: every approval step waiting for the current user, directly or as a delegate."""

import frappe
from frappe import _
from frappe.utils import get_fullname, now_datetime, nowdate

from jxc_app.jxc_approvals.constants import PENDING
from jxc_app.jxc_approvals.delegations import active_delegations
from jxc_app.rules import approval as approval_rules
from jxc_app.rules.working_days import working_days_between


def execute(filters=None):
	return get_columns(), get_data(frappe.session.user)


def get_columns():
	return [
		{
			"fieldname": "approval_request",
			"label": _("Approval Request"),
			"fieldtype": "Link",
			"options": "Approval Request",
			"width": 150,
		},
		{
			# Data, not a Link to DocType: approvers need not read DocType records
			"fieldname": "reference_doctype",
			"label": _("Document Type"),
			"fieldtype": "Data",
			"width": 140,
		},
		{
			"fieldname": "reference_name",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 170,
		},
		{
			"fieldname": "amount",
			"label": _("Amount"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 120,
		},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			"fieldtype": "Link",
			"options": "Currency",
			"hidden": 1,
		},
		{
			"fieldname": "requester",
			"label": _("Requester"),
			"fieldtype": "Link",
			"options": "User",
			"width": 180,
		},
		{"fieldname": "step_name", "label": _("Step"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "on_behalf_of",
			"label": _("On Behalf Of"),
			"fieldtype": "Link",
			"options": "User",
			"width": 160,
		},
		{"fieldname": "waiting_days", "label": _("Waiting (Working Days)"), "fieldtype": "Int", "width": 120},
		# the people by name (王强): the links show these, not the logins (my_pending_approvals.js)
		{"fieldname": "requester_name", "label": _("Requester Name"), "fieldtype": "Data", "hidden": 1},
		{"fieldname": "on_behalf_of_name", "label": _("On Behalf Of Name"), "fieldtype": "Data", "hidden": 1},
	]


def get_data(user: str) -> list[dict]:
	request = frappe.qb.DocType("Approval Request")
	row = frappe.qb.DocType("Approval Request Approver")
	today, delegations = nowdate(), active_delegations()
	# whom the user acts for on some doctype; each row is checked for its own doctype below
	people = {user: None} | {
		delegator: delegator for delegator in approval_rules.delegators_of(user, today, delegations)
	}
	rows = (
		frappe.qb.from_(request)
		.join(row)
		.on(row.parent == request.name)
		.select(
			request.name.as_("approval_request"),
			request.reference_doctype,
			request.reference_name,
			request.amount,
			request.company,
			request.requester,
			request.step_started_on,
			row.step_name,
			row.approver,
		)
		.where(
			(request.status == PENDING)
			& (row.status == "Pending")
			& (row.step_no == request.current_step)
			& (row.approver.isin(list(people)))
			& (request.requester != user)
		)
		.orderby(request.step_started_on)
	).run(as_dict=True)
	now = now_datetime()
	data = []
	for entry in rows:
		on_behalf_of = people[entry.pop("approver")]
		if on_behalf_of and on_behalf_of not in approval_rules.delegators_of(
			user, today, delegations, entry.reference_doctype
		):
			continue
		entry["on_behalf_of"] = on_behalf_of
		entry["requester_name"] = get_fullname(entry.requester) if entry.requester else None
		entry["on_behalf_of_name"] = get_fullname(on_behalf_of) if on_behalf_of else None
		entry["currency"] = (
			frappe.get_cached_value("Company", entry.pop("company"), "default_currency")
			if entry.company
			else None
		)
		entry["waiting_days"] = working_days_between(entry.pop("step_started_on") or now, now)
		data.append(entry)
	return data
