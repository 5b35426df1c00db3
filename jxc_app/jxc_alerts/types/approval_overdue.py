"""审批超时: approval steps waiting longer than the rule's ``days`` working days (default 2; the Chinese
calendar with 调休, rules/working_days); one alert per Approval Request, to its current approvers."""

import frappe
from frappe.utils import get_datetime, now_datetime

from jxc_app.jxc_alerts.types import common
from jxc_app.jxc_approvals.constants import PENDING
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import APPROVAL_OVERDUE, Finding, document_key
from jxc_app.rules.working_days import working_days_between

DEFAULT_DAYS = 2
APPROVAL_REQUEST = "Approval Request"


def evaluate(rule, scope=None) -> list[Finding]:
	limit = common.days(rule, DEFAULT_DAYS)
	now = now_datetime()
	request = frappe.qb.DocType(APPROVAL_REQUEST)
	query = (
		frappe.qb.from_(request)
		.select(
			request.name,
			request.company,
			request.reference_doctype,
			request.reference_name,
			request.requester,
			request.amount,
			request.current_step,
			request.current_approvers,
			request.step_started_on,
		)
		.where((request.status == PENDING) & request.step_started_on.isnotnull())
	)
	if rule.get("company"):
		query = query.where(request.company == rule.company)
	findings = []
	for row in query.run(as_dict=True):
		waited = working_days_between(get_datetime(row.step_started_on), now)
		check = alert_checks.approval_overdue(waited, limit, common.severity(rule))
		if not check:
			continue
		approvers = [user.strip() for user in (row.current_approvers or "").replace("\n", ",").split(",")]
		findings.append(
			common.finding(
				APPROVAL_OVERDUE,
				check,
				document_key(APPROVAL_REQUEST, row.name),
				row.company,
				subject_doctype=APPROVAL_REQUEST,
				subject_name=row.name,
				figures={
					"reference_doctype": row.reference_doctype,
					"reference_name": row.reference_name,
					"requester": row.requester,
					"amount": row.amount,
					"current_step": row.current_step,
					"step_started_on": str(row.step_started_on),
					"waited_working_days": waited,
					"notify_users": [user for user in approvers if user],
				},
			)
		)
	return findings
