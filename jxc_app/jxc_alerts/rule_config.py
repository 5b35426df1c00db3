"""预警规则: validation (clear zh errors), and the rule's scope and recipients as the runner reads them."""

import frappe
from frappe import _

from jxc_app.jxc_alerts.errors import AlertRuleError
from jxc_app.rules import alert_store
from jxc_app.rules.alerts import ALERT_TYPES, SEVERITIES

THRESHOLD_FIELDS = ("days", "quantity", "amount", "percent")
ROBOT_CHANNELS = {"channel_wecom": "WeCom", "channel_dingtalk": "DingTalk", "channel_feishu": "Feishu"}


def _refuse(message: str):
	frappe.throw(message, title=_("Invalid Alert Rule"), exc=AlertRuleError)


def validate_rule(rule):
	if rule.alert_type not in ALERT_TYPES:
		_refuse(_("Unknown alert type: {0}.").format(rule.alert_type))
	if rule.severity not in SEVERITIES:
		_refuse(_("Unknown severity: {0}.").format(rule.severity))
	for fieldname in THRESHOLD_FIELDS:
		if (rule.get(fieldname) or 0) < 0:
			_refuse(_("{0} cannot be negative.").format(_(rule.meta.get_label(fieldname))))
	_validate_schedule(rule)
	_validate_quiet_hours(rule)
	_validate_channels(rule)


def _validate_schedule(rule):
	if rule.schedule not in alert_store.SCHEDULES:
		_refuse(_("Unknown schedule: {0}.").format(rule.schedule))
	if rule.delivery not in alert_store.DELIVERIES:
		_refuse(_("Unknown delivery: {0}.").format(rule.delivery))
	if not alert_store.schedule_allowed(rule.schedule, rule.alert_type):
		_refuse(
			_("Only stock alerts can run on each ledger change; {0} runs at set times.").format(
				_(rule.alert_type)
			)
		)
	try:
		times = alert_store.parse_run_times(rule.run_times)
	except ValueError as error:
		_refuse(_("Run At: {0} is not a time of day (use HH:MM, e.g. 08:30, 17:00).").format(str(error)))
	if rule.schedule == alert_store.AT_SET_TIMES and not times:
		_refuse(_("A rule that runs at set times needs at least one time in Run At."))
	rule.run_times = ", ".join(moment.strftime("%H:%M") for moment in times)


def _validate_quiet_hours(rule):
	try:
		start = alert_store.as_time(rule.quiet_hours_start)
		end = alert_store.as_time(rule.quiet_hours_end)
	except ValueError as error:
		_refuse(_("Quiet hours: {0} is not a time of day (use HH:MM, e.g. 22:00).").format(str(error)))
	if not alert_store.quiet_window_valid(start, end):
		_refuse(_("Quiet hours need both a start and an end, and they must differ."))
	rule.quiet_hours_start = start.strftime("%H:%M") if start else None
	rule.quiet_hours_end = end.strftime("%H:%M") if end else None


def _validate_channels(rule):
	channels = ["channel_system", "channel_email", *ROBOT_CHANNELS]
	if not any(rule.get(channel) for channel in channels):
		_refuse(_("Choose at least one channel."))
	for fieldname, platform in ROBOT_CHANNELS.items():
		if rule.get(fieldname) and not configured_robots(platform):
			_refuse(
				_("No enabled {0} robot is configured in Approval Settings.").format(
					_(rule.meta.get_label(fieldname))
				)
			)
	if rule.channel_email and not frappe.db.exists("Email Account", {"enable_outgoing": 1}):
		_refuse(_("E-mail needs an outgoing Email Account: set one up first."))
	personal = rule.channel_system or rule.channel_email
	has_recipients = rule.roles or rule.users or rule.departments or rule.notify_keeper
	if personal and not has_recipients:
		_refuse(
			_("System notifications and e-mails need recipients: roles, users, keepers or department heads.")
		)


def configured_robots(platform: str) -> list[str]:
	return frappe.get_all(
		"Approval Webhook",
		filters={"parent": "Approval Settings", "enabled": 1, "platform": platform},
		pluck="name",
	)


def warehouses(rule) -> list[str]:
	return [row.warehouse for row in rule.warehouses]


def item_groups(rule) -> list[str]:
	return [row.item_group for row in rule.item_groups]


def customer_groups(rule) -> list[str]:
	return [row.customer_group for row in rule.customer_groups]
