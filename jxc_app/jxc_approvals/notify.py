"""Messages of the approval engine, all through Frappe: ToDo (assignment, with its notification and
e-mail per the user's Notification Settings), Notification Log, and group robots via background jobs."""

import time

import frappe
import requests
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.desk.form import assign_to
from frappe.utils import escape_html, fmt_money, get_fullname, get_url_to_form

from jxc_app import compat
from jxc_app.jxc_approvals.constants import PENDING
from jxc_app.rules.webhooks import dingtalk_signed_url, robot_payload

ROBOT_TIMEOUT_SECONDS = 5


def _amount(request) -> str:
	currency = (
		frappe.get_cached_value("Company", request.company, "default_currency") if request.company else None
	)
	return fmt_money(request.amount, currency=currency)


def full_names(users) -> str:
	"""Approvers as people read them (王强, 李娜), not their logins."""
	return ", ".join(get_fullname(user) for user in users if user)


def summary(request, user: str, loaded: dict | None = None) -> list[str]:
	"""What the reference document's capability tells ``user`` about it, one line each (the
	``jxc_approval_summary`` hook: DocType -> functions of (doc, user) returning lines of text), e.g. the
	margins and the price-control reasons of a Sales Order. ``loaded`` keeps the document between calls."""
	paths = (frappe.get_hooks("jxc_approval_summary") or {}).get(request.reference_doctype) or []
	if not paths:
		return []
	loaded = {} if loaded is None else loaded
	if "doc" not in loaded:
		loaded["doc"] = frappe.get_doc(request.reference_doctype, request.reference_name)
	doc = loaded["doc"]
	return [line for path in paths for line in frappe.get_attr(path)(doc, user) or []]


def _todo_description(request, user: str, loaded: dict) -> str:
	"""The approver's ToDo (and its e-mail and notification): the document, its amount, and what its
	capability adds for this approver, a line each."""
	headline = _("Approval needed: {0} {1}, {2}").format(
		_(request.reference_doctype), request.reference_name, _amount(request)
	)
	return "<br>".join(escape_html(line) for line in (headline, *summary(request, user, loaded)))


def sync_todos(request):
	"""One open ToDo per approver who must act now; every other engine ToDo is closed."""
	loaded = {}
	for row in request.approvers:
		must_act = (
			request.status == PENDING and row.step_no == request.current_step and row.status == "Pending"
		)
		todo_open = bool(row.todo) and frappe.db.get_value("ToDo", row.todo, "status") == "Open"
		if must_act and not todo_open:
			assign_to.add(
				{
					"assign_to": [row.approver],
					"doctype": request.reference_doctype,
					"name": request.reference_name,
					"description": _todo_description(request, row.approver, loaded),
					"assigned_by": request.requester,
				},
				ignore_permissions=True,
			)
			todo = frappe.db.get_value(
				"ToDo",
				{
					"reference_type": request.reference_doctype,
					"reference_name": request.reference_name,
					"allocated_to": row.approver,
					"status": "Open",
				},
			)
			frappe.db.set_value("Approval Request Approver", row.name, "todo", todo, update_modified=False)
			row.todo = todo
		elif todo_open and not must_act:
			status = "Closed" if row.status in ("Approved", "Rejected", "Transferred") else "Cancelled"
			assign_to.set_status(
				request.reference_doctype,
				request.reference_name,
				todo=row.todo,
				status=status,
				ignore_permissions=True,
			)


def announce(request):
	"""Tell the requester about a final outcome; tell the robots about every new step and outcome."""
	last_action = request.actions[-1].action if request.actions else None
	doctype_label, name = _(request.reference_doctype), request.reference_name
	if request.status == PENDING:
		if last_action in ("Request", "Approve", "Send Back", "Transfer", "Escalate"):
			approvers = full_names(request.current_approvers.split("\n"))
			post_to_robots_later(
				_("Waiting for approval: {0} {1}").format(doctype_label, name),
				[
					_("Amount: {0}").format(_amount(request)),
					_("Approvers: {0}").format(approvers),
					_link(request),
				],
			)
		return
	titles = {
		"Approved": _("Approval approved: {0} {1}"),
		"Rejected": _("Approval rejected: {0} {1}"),
		"Withdrawn": _("Approval withdrawn: {0} {1}"),
	}
	title = titles[request.status].format(doctype_label, name)
	enqueue_create_notification(
		request.requester,
		{
			"type": "Alert",
			"document_type": request.reference_doctype,
			"document_name": request.reference_name,
			"subject": title,
			"from_user": frappe.session.user,
			"email_content": request.actions[-1].comment or "",
		},
	)
	post_to_robots_later(title, [_("Amount: {0}").format(_amount(request)), _link(request)])


def remind(request):
	approvers = [user for user in request.current_approvers.split("\n") if user]
	title = _("Reminder: {0} {1} is waiting for your approval").format(
		_(request.reference_doctype), request.reference_name
	)
	enqueue_create_notification(
		approvers,
		{
			"type": "Alert",
			"document_type": request.reference_doctype,
			"document_name": request.reference_name,
			"subject": title,
			"from_user": "Administrator",
		},
	)
	post_to_robots_later(title, [_("Approvers: {0}").format(full_names(approvers)), _link(request)])


def _link(request) -> str:
	return get_url_to_form(request.reference_doctype, request.reference_name)


def post_to_robots_later(title: str, lines: list[str]):
	if not frappe.get_all("Approval Webhook", filters={"enabled": 1, "parent": "Approval Settings"}, limit=1):
		return
	frappe.enqueue(
		"jxc_app.jxc_approvals.notify.post_to_robots",
		title=title,
		lines=lines,
		enqueue_after_commit=True,
		now=compat.in_test(),
	)


def post_to_robots(title: str, lines: list[str], platforms: list[str] | None = None) -> list[int]:
	"""Post to every enabled robot (of ``platforms`` when given: the alert center picks them per rule);
	a failing robot is logged and does not stop the others."""
	settings = frappe.get_single("Approval Settings")
	statuses = []
	for hook in settings.webhooks:
		if not hook.enabled or (platforms is not None and hook.platform not in platforms):
			continue
		secret = hook.get_password("secret", raise_exception=False) if hook.secret else None
		url = hook.webhook_url
		timestamp = int(time.time())
		if hook.platform == "DingTalk" and secret:
			url = dingtalk_signed_url(url, timestamp * 1000, secret)
		payload = robot_payload(hook.platform, title, lines, timestamp=timestamp, secret=secret)
		try:
			response = requests.post(url, json=payload, timeout=ROBOT_TIMEOUT_SECONDS)
			statuses.append(response.status_code)
		except requests.RequestException:
			frappe.log_error(title=_("Approval robot {0} failed").format(hook.platform))
			statuses.append(0)
	return statuses
