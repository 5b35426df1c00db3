"""The life of an Approval Request: created with its chain fixed, step by step decided, closed; and
what follows every change (the document's own reaction, its list status, ToDos and messages).

Only this package writes Approval Requests (``save_request`` sets the flag their controller asks for).
"""

import frappe
from frappe import _
from frappe.utils import flt, now_datetime

from jxc_app.jxc_approvals import notify
from jxc_app.jxc_approvals.approvers import approvers_for_step, escalation_targets
from jxc_app.jxc_approvals.constants import APPROVED, PENDING
from jxc_app.jxc_approvals.errors import NoApproverFoundError
from jxc_app.jxc_approvals.requests import rows_of_step
from jxc_app.rules import approval as approval_rules
from jxc_app.setup.customizations import APPROVAL_STATUS_FIELD


def log_action(request, action: str, user: str | None = None, on_behalf_of: str | None = None, comment=None):
	request.append(
		"actions",
		{
			"action": action,
			"step_no": request.current_step,
			"user": user or frappe.session.user,
			"on_behalf_of": on_behalf_of,
			"timestamp": now_datetime(),
			"comment": comment,
		},
	)


def save_request(request):
	request.flags.from_engine = True
	request.flags.ignore_permissions = True
	if request.is_new():
		request.insert()
	else:
		request.save()


def create_request(doc, rule: dict, amount: float, signature: str, comment=None, proposed_change=None) -> str:
	"""A new request for ``doc`` under ``rule``, its approvers fixed now; returns its name."""
	requester = frappe.session.user
	steps = {step["idx"]: step for step in rule["steps"]}
	try:
		chain = approval_rules.resolve_chain(
			[
				approval_rules.Step(
					step_name=step["step_name"],
					approver_type=step["approver_type"],
					mode=step["mode"],
					skip_below_amount=flt(step.get("skip_below_amount")),
					escalate_to=escalation_targets(step, doc.get("company"), doc),
					options={"idx": step["idx"]},
				)
				for step in sorted(rule["steps"], key=lambda row: row["idx"])
			],
			requester=requester,
			amount=amount,
			approvers_for=lambda step: approvers_for_step(steps[step.options["idx"]], doc, requester),
		)
	except approval_rules.NoApproverError as error:
		frappe.throw(
			_(
				"Approval step {0} has no approver for this document. Ask an administrator to check the rule {1}."
			).format(error.step_name, rule["name"]),
			title=_("No Approver"),
			exc=NoApproverFoundError,
		)

	request = frappe.new_doc("Approval Request")
	request.update(
		{
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"company": doc.get("company"),
			"rule": rule["name"],
			"requester": requester,
			"amount": amount,
			"signature": signature,
			"proposed_change": proposed_change,
			"status": PENDING,
		}
	)
	for step in chain:
		for approver in step.approvers or [None]:
			request.append(
				"approvers",
				{
					"step_no": step.step_no,
					"step_name": step.step_name,
					"mode": step.mode,
					"approver": approver,
					"status": "Skipped" if step.skipped else "Waiting",
					"escalated": int(step.escalated),
				},
			)
	request.current_step = 0
	log_action(request, "Request", comment=comment)
	first = approval_rules.next_step(chain)
	if first:
		start_step(request, first)
	else:
		request.status = APPROVED
	save_request(request)
	after_change(request)
	return request.name


def save_and_follow(request, after_save=None) -> str:
	"""Save what happened to the request (its current approvers brought up to date), run
	``after_save(request)`` if given, then let everything follow (``after_change``); returns its status."""
	refresh_current_approvers(request)
	save_request(request)
	if after_save:
		after_save(request)
	after_change(request)
	return request.status


def start_step(request, step_no: int):
	request.current_step = step_no
	request.step_started_on = now_datetime()
	for row in rows_of_step(request, step_no):
		if row.status in ("Waiting", "Rejected", "Approved", "Cancelled"):
			row.update(
				{
					"status": "Pending",
					"acted_by": None,
					"on_behalf_of": None,
					"acted_on": None,
					"comment": None,
				}
			)
	refresh_current_approvers(request)


def refresh_current_approvers(request):
	pending = [
		row.approver
		for row in request.approvers
		if row.step_no == request.current_step and row.status == "Pending"
	]
	request.current_approvers = "\n".join(pending) if request.status == PENDING else ""


def decide(request, acting, decision: str, comment: str | None):
	"""Record ``decision`` (Approved / Rejected) on the rows ``user`` acts on, as (row, on_behalf_of)."""
	user = frappe.session.user
	for row, on_behalf_of in acting:
		row.update(
			{
				"status": decision,
				"acted_by": user,
				"on_behalf_of": on_behalf_of,
				"acted_on": now_datetime(),
				"comment": comment,
			}
		)
		log_action(request, "Approve" if decision == "Approved" else "Reject", user, on_behalf_of, comment)


def step_outcome(request) -> str:
	rows = [
		row
		for row in rows_of_step(request, request.current_step)
		if row.status not in ("Transferred", "Cancelled")
	]
	decisions = {
		row.name: {"Approved": approval_rules.APPROVED, "Rejected": approval_rules.REJECTED}.get(row.status)
		for row in rows
	}
	return approval_rules.step_outcome(rows[0].mode if rows else approval_rules.ANY_ONE_APPROVES, decisions)


def close_step(request):
	"""The step is decided: undecided rows are no longer needed."""
	for row in rows_of_step(request, request.current_step):
		if row.status == "Pending":
			row.status = "Cancelled"


def chain_of(request) -> list[approval_rules.ResolvedStep]:
	steps: dict[int, approval_rules.ResolvedStep] = {}
	for row in request.approvers:
		step = steps.setdefault(
			row.step_no, approval_rules.ResolvedStep(row.step_no, row.step_name, row.mode, [], skipped=True)
		)
		if row.status != "Skipped":
			step.skipped = False
			step.approvers.append(row.approver)
	return [steps[number] for number in sorted(steps)]


def after_change(request):
	"""ToDos for whoever must act now, closed for everybody else; notices and robots."""
	# documents that follow their approval (e.g. a requisition's status) do so in their controller
	# method on_approval_change; run_method also runs other apps' doc_events for it
	reference = frappe.get_doc(request.reference_doctype, request.reference_name)
	reference.run_method("on_approval_change")
	if reference.meta.has_field(APPROVAL_STATUS_FIELD):
		# shown in the document's list; a status, not an edit of the document
		frappe.db.set_value(
			request.reference_doctype,
			request.reference_name,
			APPROVAL_STATUS_FIELD,
			request.status,
			update_modified=False,
		)

	notify.sync_todos(request)
	notify.announce(request)
