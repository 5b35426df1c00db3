"""Messages of the alert center: system notification (Notification Log), e-mail (Email Queue) and the group
robots configured for approvals (企业微信 / 钉钉 / 飞书, in each one's format), as a digest or one message per
alert; nothing is sent in a rule's quiet hours (the alerts stay pending and go out when they end)."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import enqueue_create_notification
from frappe.utils import get_url_to_form, get_url_to_list, now_datetime
from frappe.utils.user import get_users_with_role

from jxc_app import compat
from jxc_app.jxc_alerts import store
from jxc_app.jxc_approvals.approvers import users_with_role_for_company
from jxc_app.rules import alert_store

ROBOT_CHANNELS = {"channel_wecom": "WeCom", "channel_dingtalk": "DingTalk", "channel_feishu": "Feishu"}
KEEPER_FIELD = "jxc_keeper"
DEPARTMENT_HEAD_FIELD = "jxc_department_head"


def in_quiet_hours(rule, now=None) -> bool:
	now = now or now_datetime()
	return alert_store.in_quiet_hours(
		now.time(), alert_store.as_time(rule.quiet_hours_start), alert_store.as_time(rule.quiet_hours_end)
	)


def dispatch_pending(rule, now=None) -> int:
	"""Announce the rule's alerts that no message has announced yet; in quiet hours, nothing (later).

	Returns how many alerts were announced."""
	if in_quiet_hours(rule, now):
		return 0
	names = store.pending_notification(rule.name)
	if not names:
		return 0
	alerts = _read_alerts(names)
	_send_personal(rule, alerts)
	_send_robots(rule, alerts)
	store.mark_notified(names, now)
	return len(names)


def _read_alerts(names: list[str]) -> list[dict]:
	alert = frappe.qb.DocType("JXC Alert")
	rows = (
		frappe.qb.from_(alert)
		.select(
			alert.name,
			alert.alert_type,
			alert.severity,
			alert.company,
			alert.warehouse,
			alert.subject_key,
			alert.message,
			alert.value,
			alert.threshold,
		)
		.where(alert.name.isin(names))
		.run(as_dict=True)
	)
	order = {name: index for index, name in enumerate(names)}
	return sorted(rows, key=lambda row: order[row.name])


def alert_line(alert) -> str:
	text = alert.message or _("{0}: {1} (threshold {2})").format(
		alert.subject_key, frappe.format(alert.value), frappe.format(alert.threshold)
	)
	return f"[{_(alert.severity)}] {text}"


def _title(rule, alerts: list[dict]) -> str:
	if len(alerts) == 1:
		return _("Alert: {0}").format(_(alerts[0].alert_type))
	return _("{0} new alerts: {1}").format(len(alerts), _(rule.alert_type))


def _body_lines(alerts: list[dict]) -> list[str]:
	shown, more = alert_store.digest_lines([alert_line(alert) for alert in alerts])
	if more:
		shown.append(_("… and {0} more").format(more))
	if len(alerts) == 1:
		shown.append(get_url_to_form("JXC Alert", alerts[0].name))
	else:
		shown.append(get_url_to_list("JXC Alert"))
	return shown


# --- recipients --------------------------------------------------------------------------------------


def rule_recipients(rule, company: str | None = None) -> set[str]:
	"""The users every alert of the rule goes to: its roles (less users kept out of the company), users and
	the heads of its departments."""
	users = set()
	for row in rule.roles:
		users.update(
			users_with_role_for_company(row.role, company) if company else get_users_with_role(row.role)
		)
	users.update(row.user for row in rule.users)
	for row in rule.departments:
		head = frappe.db.get_value("Department", row.department, DEPARTMENT_HEAD_FIELD)
		if head:
			users.add(head)
	return users


def keepers(warehouses: set[str]) -> dict[str, str]:
	"""warehouse → its keeper (Warehouse.jxc_keeper)."""
	if not warehouses or not frappe.get_meta("Warehouse").has_field(KEEPER_FIELD):
		return {}
	rows = frappe.get_all(
		"Warehouse",
		filters={"name": ("in", sorted(warehouses)), KEEPER_FIELD: ("is", "set")},
		fields=["name", KEEPER_FIELD],
	)
	return {row.name: row.get(KEEPER_FIELD) for row in rows}


def alerts_by_user(rule, alerts: list[dict]) -> dict[str, list[str]]:
	by_user: dict[str, list[str]] = {}
	base_by_company: dict[str | None, set[str]] = {}
	keeper_of = (
		keepers({alert.warehouse for alert in alerts if alert.warehouse}) if rule.notify_keeper else {}
	)
	for alert in alerts:
		if alert.company not in base_by_company:
			base_by_company[alert.company] = rule_recipients(rule, alert.company)
		users = set(base_by_company[alert.company])
		if alert.warehouse in keeper_of:
			users.add(keeper_of[alert.warehouse])
		for user in users:
			by_user.setdefault(user, []).append(alert.name)
	enabled = set(
		frappe.get_all("User", filters={"name": ("in", sorted(by_user)), "enabled": 1}, pluck="name")
		if by_user
		else []
	)
	return {user: names for user, names in by_user.items() if user in enabled and user != "Guest"}


# --- channels ----------------------------------------------------------------------------------------


def _send_personal(rule, alerts: list[dict]):
	if not (rule.channel_system or rule.channel_email):
		return
	by_name = {alert.name: alert for alert in alerts}
	for user, names in alert_store.group_for_users(alerts_by_user(rule, alerts), rule.delivery):
		group = [by_name[name] for name in names]
		title, lines = _title(rule, group), _body_lines(group)
		if rule.channel_system:
			enqueue_create_notification(
				user,
				{
					"type": "Alert",
					"document_type": "JXC Alert",
					"document_name": group[0].name,
					"subject": title,
					"from_user": "Administrator",
					"email_content": "<br>".join(frappe.utils.escape_html(line) for line in lines),
				},
			)
		if rule.channel_email:
			email = frappe.db.get_value("User", user, "email")
			if email:
				_send_email(
					recipients=[email],
					subject=title,
					message="<br>".join(frappe.utils.escape_html(line) for line in lines),
					reference_doctype="JXC Alert",
					reference_name=group[0].name,
				)


def _send_email(**kwargs):
	"""An e-mail into the Email Queue; without an outgoing account (removed after the rule was saved) the
	other channels still go out and the error is logged."""
	try:
		frappe.sendmail(**kwargs)
	except frappe.OutgoingEmailError:
		frappe.log_error(title=_("Alert e-mail not sent"))


def robot_platforms(rule) -> list[str]:
	return [platform for fieldname, platform in ROBOT_CHANNELS.items() if rule.get(fieldname)]


def _send_robots(rule, alerts: list[dict]):
	platforms = robot_platforms(rule)
	if not platforms:
		return
	by_name = {alert.name: alert for alert in alerts}
	for names in alert_store.group_messages([alert.name for alert in alerts], rule.delivery):
		group = [by_name[name] for name in names]
		frappe.enqueue(
			"jxc_app.jxc_approvals.notify.post_to_robots",
			title=_title(rule, group),
			lines=_body_lines(group),
			platforms=platforms,
			enqueue_after_commit=True,
			now=compat.in_test(),
		)
