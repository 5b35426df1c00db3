"""预警规则 on a real site: malformed rules are refused with clear (zh) errors, and rules run at their set
times on working days only — across 国庆 2026 and its 调休 Saturday."""

from datetime import datetime

import frappe
import pytest

from jxc_app.jxc_alerts import runner
from jxc_app.jxc_alerts.errors import AlertRuleError
from jxc_app.rules.alerts import LOW_STOCK, RECEIVABLE_OVERDUE
from tests.integration.alert_helpers import make_rule


@pytest.fixture
def no_robots():
	settings = frappe.get_single("Approval Settings")
	settings.set("webhooks", [])
	settings.save()
	for account in frappe.get_all("Email Account", filters={"enable_outgoing": 1}, pluck="name"):
		frappe.db.set_value("Email Account", account, "enable_outgoing", 0)


@pytest.mark.parametrize(
	"values, message",
	[
		({"days": -1}, "cannot be negative"),
		({"amount": -0.01}, "cannot be negative"),
		({"quiet_hours_start": "22:00"}, "Quiet hours need both"),
		({"quiet_hours_start": "22:00", "quiet_hours_end": "22:00"}, "Quiet hours need both"),
		({"quiet_hours_start": "22h", "quiet_hours_end": "07:00"}, "is not a time of day"),
		({"run_times": ""}, "at least one time"),
		({"run_times": "08:30, 25:00"}, "is not a time of day"),
		({"alert_type": RECEIVABLE_OVERDUE, "schedule": "On Ledger Change"}, "Only stock alerts"),
		({"channel_system": 0}, "at least one channel"),
		({"users": []}, "need recipients"),
		({"channel_wecom": 1}, "robot is configured"),
		({"channel_feishu": 1}, "robot is configured"),
		({"channel_email": 1}, "outgoing Email Account"),
	],
)
def test_malformed_rules_are_refused(company, no_robots, values, message):
	with pytest.raises(AlertRuleError, match=message):
		make_rule(**values)


def test_errors_speak_chinese(company):
	frappe.local.lang = "zh"
	with pytest.raises(AlertRuleError, match="不能为负数"):
		make_rule(days=-3)
	with pytest.raises(AlertRuleError, match="免打扰时段"):
		make_rule(quiet_hours_start="22:00")


def test_a_good_rule_is_normalised(company):
	rule = make_rule(run_times="17:00，8:30", quiet_hours_start="22:00:00", quiet_hours_end="7:30")
	assert rule.run_times == "08:30, 17:00"
	assert (rule.quiet_hours_start, rule.quiet_hours_end) == ("22:00", "07:30")
	ledger = make_rule(schedule="On Ledger Change", alert_type=LOW_STOCK, run_times="")
	assert ledger.name in runner.ledger_rules()


@pytest.mark.smoke
def test_set_times_on_working_days_across_national_day(company):
	"""国庆 2026: off 10-01 … 10-07; Saturday 10-10 is a 调休 working day; every-day rules run on holidays."""
	working = make_rule(run_times="08:30")
	every_day = make_rule(run_times="08:30", working_days_only=0)
	for rule in (working, every_day):
		frappe.db.set_value("JXC Alert Rule", rule.name, "last_run_on", "2026-09-29 09:00:00")

	def due(moment):
		return {name for name in runner.due_rules(moment) if name in (working.name, every_day.name)}

	assert due(datetime(2026, 9, 30, 8, 0)) == set()  # before its time
	assert due(datetime(2026, 9, 30, 8, 45)) == {working.name, every_day.name}
	for day in range(1, 8):
		assert due(datetime(2026, 10, day, 8, 45)) == {every_day.name}, day
	assert due(datetime(2026, 10, 10, 8, 45)) == {working.name, every_day.name}
	assert due(datetime(2026, 10, 11, 8, 45)) == {every_day.name}


def test_the_scheduler_runs_a_due_rule_once(company, monkeypatch):
	rule = make_rule(run_times="08:30")
	frappe.db.set_value("JXC Alert Rule", rule.name, "last_run_on", "2026-09-29 09:00:00")
	queued = []
	monkeypatch.setattr(
		runner.frappe, "enqueue", lambda method, **kwargs: queued.append((method, kwargs.get("rule_name")))
	)
	moment = datetime(2026, 9, 30, 8, 45)
	runner.scheduled_run(moment)
	assert ("jxc_app.jxc_alerts.runner.run_rule", rule.name) in queued
	assert frappe.db.get_value("JXC Alert Rule", rule.name, "last_run_on") == moment
	queued.clear()
	runner.scheduled_run(datetime(2026, 9, 30, 9, 0))
	assert ("jxc_app.jxc_alerts.runner.run_rule", rule.name) not in queued


def test_a_disabled_rule_does_not_run(company):
	rule = make_rule(enabled=0)
	assert rule.name not in runner.due_rules(datetime(2026, 9, 30, 8, 45))
	assert runner.run_rule(rule.name) is None
