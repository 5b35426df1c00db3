"""Reminders and escalation (scheduler, hourly): a step pending longer than its rule step's working-day
limits is reminded once, then handed to the step's escalation users who may read the document."""

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from jxc_app.jxc_approvals import notify
from jxc_app.jxc_approvals.approvers import escalation_targets, may_read
from jxc_app.jxc_approvals.constants import PENDING
from jxc_app.jxc_approvals.lifecycle import log_action, save_and_follow, save_request
from jxc_app.jxc_approvals.requests import rows_of_step
from jxc_app.rules.working_days import working_days_between


def process_overdue_steps():
	"""Hourly: remind, then escalate, steps pending longer than their working-day limits."""
	for name in frappe.get_all("Approval Request", filters={"status": PENDING}, pluck="name"):
		request = frappe.get_doc("Approval Request", name)
		step = _rule_step(request)
		if not step or not request.step_started_on:
			continue
		waited = working_days_between(get_datetime(request.step_started_on), now_datetime())
		logged = {
			row.action
			for row in request.actions
			if row.step_no == request.current_step
			and get_datetime(row.timestamp) >= get_datetime(request.step_started_on)
		}
		if (
			cint(step.get("escalate_after_days"))
			and waited >= cint(step["escalate_after_days"])
			and "Escalate" not in logged
		):
			escalate(request, step)
		elif (
			cint(step.get("remind_after_days"))
			and waited >= cint(step["remind_after_days"])
			and "Remind" not in logged
		):
			log_action(request, "Remind", user="Administrator")
			save_request(request)
			notify.remind(request)


def _rule_step(request) -> dict | None:
	"""The rule step the request's current step follows, if the rule still has it."""
	if not request.rule or not frappe.db.exists("Approval Rule", request.rule):
		return None
	step_name = next(
		(row.step_name for row in request.approvers if row.step_no == request.current_step), None
	)
	rule = frappe.get_doc("Approval Rule", request.rule)
	step = next((s for s in rule.steps if s.idx == request.current_step and s.step_name == step_name), None)
	return step.as_dict() if step else None


def escalate(request, step: dict):
	"""The step's undecided approvers hand over to the escalation users who may read the document
	(recorded as transferred); none: the step stays with its approvers."""
	rows = rows_of_step(request, request.current_step)
	pending = [row for row in rows if row.status == "Pending"]
	reference = frappe.get_doc(request.reference_doctype, request.reference_name)
	candidates = [user for user in escalation_targets(step, request.company) if user != request.requester]
	targets = [user for user in candidates if may_read(reference, user)]
	unable = [user for user in candidates if user not in targets]
	if targets:
		for row in pending:
			row.update({"status": "Transferred", "acted_on": now_datetime(), "comment": _("Escalated")})
		for user in targets:
			request.append(
				"approvers",
				{
					"step_no": rows[0].step_no,
					"step_name": rows[0].step_name,
					"mode": rows[0].mode,
					"approver": user,
					"status": "Pending",
					"escalated": 1,
				},
			)
	logged = ", ".join(targets) or _("No escalation target")
	if unable:
		logged += "; " + _("not escalated to {0}: they may not read the document").format(", ".join(unable))
	log_action(request, "Escalate", user="Administrator", comment=logged)
	save_and_follow(request)
