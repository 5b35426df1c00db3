"""The alert center's REST methods (POST, permission-checked; bad input: a clear 4xx and nothing changed).

- ``acknowledge(names)``, ``assign(names, user)``, ``resolve(names, comment)``, ``snooze(names, until)``:
  one or many alerts (the list view's bulk actions and the form's buttons);
- ``follow_up(name, …)``: a ToDo on the alert for oneself;
- ``summary()`` / ``trend(days)``: the 预警中心 page's counts by type × severity and open alerts per day.
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.desk.form import assign_to
from frappe.query_builder.functions import Count
from frappe.utils import getdate, now_datetime, today

from jxc_app.jxc_alerts import permissions
from jxc_app.jxc_alerts.errors import AlertStateError
from jxc_app.rules import alert_store
from jxc_app.rules.alerts import IGNORED, OPEN_STATUSES, RESOLVED
from jxc_app.utils.arguments import check_exists, parse_date, parse_list, parse_number, require_arguments

ALERT = "JXC Alert"
MAX_NAMES = 500
TREND_MAX_DAYS = 366


def _alerts(names, action: str) -> list:
	"""The named alerts, each readable and writable by the user, each open (else refused, nothing done)."""
	names = parse_list(names, "names")
	if len(names) > MAX_NAMES:
		frappe.throw(
			_("At most {0} alerts at a time.").format(MAX_NAMES),
			title=_("Invalid Argument"),
			exc=frappe.ValidationError,
		)
	docs = []
	for name in dict.fromkeys(names):
		check_exists(ALERT, name, "names")
		doc = frappe.get_doc(ALERT, name)
		doc.check_permission("write")
		try:
			alert_store.next_status(action, doc.status)
		except ValueError:
			frappe.throw(
				_("Alert {0} is {1}: it cannot be changed any more.").format(name, _(doc.status)),
				title=_("Not Allowed"),
				exc=AlertStateError,
			)
		docs.append(doc)
	return docs


def _apply(doc, action: str, comment: str, **values):
	doc.status = alert_store.next_status(action, doc.status)
	doc.update(values)
	doc.flags.alert_action = True
	doc.save()
	doc.add_comment("Comment", comment)


@frappe.whitelist(methods=["POST"])
@require_arguments
def acknowledge(names: str | list) -> list[str]:
	docs = _alerts(names, alert_store.ACKNOWLEDGE)
	for doc in docs:
		_apply(doc, alert_store.ACKNOWLEDGE, _("Acknowledged"))
	return [doc.name for doc in docs]


@frappe.whitelist(methods=["POST"])
@require_arguments
def assign(names: str | list, user: str) -> list[str]:
	check_exists("User", user, "user")
	if not frappe.db.get_value("User", user, "enabled"):
		frappe.throw(
			_("User {0} is disabled.").format(user), title=_("Invalid Argument"), exc=frappe.ValidationError
		)
	docs = _alerts(names, alert_store.ASSIGN)
	for doc in docs:
		if not frappe.has_permission(ALERT, "read", doc=doc, user=user):
			frappe.throw(
				_("{0} may not read alert {1}.").format(user, doc.name),
				title=_("Not Allowed"),
				exc=frappe.PermissionError,
			)
	for doc in docs:
		_apply(doc, alert_store.ASSIGN, _("Assigned to {0}").format(user), assigned_to=user)
		if not frappe.db.exists(
			"ToDo",
			{"reference_type": ALERT, "reference_name": doc.name, "allocated_to": user, "status": "Open"},
		):
			assign_to.add(
				{
					"assign_to": [user],
					"doctype": ALERT,
					"name": doc.name,
					"description": doc.message or doc.name,
				},
				ignore_permissions=True,
			)
	return [doc.name for doc in docs]


@frappe.whitelist(methods=["POST"])
@require_arguments
def resolve(names: str | list, comment: str | None = None) -> list[str]:
	if comment is not None and not isinstance(comment, str):
		frappe.throw(_("The comment must be text."), title=_("Invalid Argument"), exc=frappe.ValidationError)
	docs = _alerts(names, alert_store.RESOLVE)
	now = now_datetime()
	for doc in docs:
		text = _("Resolved: {0}").format(comment) if comment else _("Resolved")
		_apply(doc, alert_store.RESOLVE, text, resolved_on=now)
		assign_to.close_all_assignments(ALERT, doc.name)
	return [doc.name for doc in docs]


@frappe.whitelist(methods=["POST"])
@require_arguments
def snooze(names: str | list, until: str) -> list[str]:
	until = parse_date(until, "until")
	if not alert_store.snooze_date_valid(getdate(until), getdate(today())):
		frappe.throw(
			_("Ignore until a date after today."), title=_("Invalid Argument"), exc=frappe.ValidationError
		)
	docs = _alerts(names, alert_store.SNOOZE)
	for doc in docs:
		_apply(doc, alert_store.SNOOZE, _("Ignored until {0}").format(until), snoozed_until=until)
	return [doc.name for doc in docs]


@frappe.whitelist(methods=["POST"])
@require_arguments
def follow_up(name: str, description: str | None = None, date: str | None = None) -> str:
	"""A ToDo on the alert for the user (the 跟进 action)."""
	check_exists(ALERT, name, "name")
	doc = frappe.get_doc(ALERT, name)
	doc.check_permission("write")
	date = parse_date(date, "date")
	if description is not None and not isinstance(description, str):
		frappe.throw(
			_("The description must be text."), title=_("Invalid Argument"), exc=frappe.ValidationError
		)
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": frappe.session.user,
			"reference_type": ALERT,
			"reference_name": name,
			"description": description or _("Follow up: {0}").format(doc.message or name),
			"date": date,
			"assigned_by": frappe.session.user,
		}
	).insert()
	doc.add_comment("Comment", _("Follow-up: {0}").format(todo.name))
	return todo.name


# --- the 预警中心 page -------------------------------------------------------------------------------


def _open_query(alert):
	frappe.has_permission(ALERT, "read", throw=True)
	return permissions.restrict_query(frappe.qb.from_(alert), alert)


@frappe.whitelist(methods=["GET"])
def summary() -> dict:
	"""Open alerts by type × severity (the alerts the user may see), and how many of each status."""
	alert = frappe.qb.DocType(ALERT)
	rows = (
		_open_query(alert)
		.select(alert.alert_type, alert.severity, Count("*").as_("count"))
		.where(alert.status.isin([status for status in OPEN_STATUSES if status != IGNORED]))
		.groupby(alert.alert_type, alert.severity)
		.run(as_dict=True)
	)
	statuses = (
		_open_query(alert)
		.select(alert.status, Count("*").as_("count"))
		.where(alert.status.isin(OPEN_STATUSES))
		.groupby(alert.status)
		.run(as_dict=True)
	)
	return {
		"by_type": [{"alert_type": r.alert_type, "severity": r.severity, "count": r["count"]} for r in rows],
		"by_status": {r.status: r["count"] for r in statuses},
	}


@frappe.whitelist(methods=["GET"])
def trend(days: int | str = 30) -> dict:
	"""Alerts open at the end of each of the last ``days`` days (for frappe.Chart)."""
	days = int(parse_number(days, "days", minimum=1, integer=True))
	if days > TREND_MAX_DAYS:
		frappe.throw(
			_("At most {0} days.").format(TREND_MAX_DAYS),
			title=_("Invalid Argument"),
			exc=frappe.ValidationError,
		)
	last = getdate(today())
	first = last - timedelta(days=days - 1)
	alert = frappe.qb.DocType(ALERT)
	rows = (
		_open_query(alert)
		.select(alert.first_seen, alert.resolved_on, alert.status)
		.where(alert.first_seen < last + timedelta(days=1))
		.where((alert.resolved_on.isnull()) | (alert.resolved_on >= first))
		.run(as_dict=True)
	)
	# +1 on the day an alert opens, -1 on the day it is resolved: open alerts per day as a running sum
	changes = [0] * (days + 1)
	for row in rows:
		if row.status == RESOLVED and row.resolved_on is None:
			continue
		start = max((getdate(row.first_seen) - first).days, 0)
		end = (getdate(row.resolved_on) - first).days if row.resolved_on else days
		if end > start:
			changes[start] += 1
			changes[min(end, days)] -= 1
	labels, values, running = [], [], 0
	for offset in range(days):
		running += changes[offset]
		labels.append((first + timedelta(days=offset)).isoformat())
		values.append(running)
	return {"labels": labels, "datasets": [{"name": _("Open Alerts"), "values": values}]}
