"""The alert store's pure decisions: create / update / wake / resolve, schedule, quiet hours, messages."""

from datetime import date, datetime, time, timedelta

import pytest

from jxc_app.rules import alert_store
from jxc_app.rules.alerts import (
	ACKNOWLEDGED,
	EXPIRED_BATCH,
	IGNORED,
	IN_PROGRESS,
	LOW_STOCK,
	NEW,
	RECEIVABLE_OVERDUE,
	RESOLVED,
	Finding,
	item_warehouse_key,
)
from jxc_app.rules.working_days import is_working_day

TODAY = date(2026, 11, 30)


def finding(item, warehouse="W1", value=1.0, **values):
	return Finding(
		alert_type=LOW_STOCK,
		subject_key=item_warehouse_key(item, warehouse),
		company="C",
		value=value,
		threshold=5,
		item_code=item,
		warehouse=warehouse,
		**values,
	)


def open_alert(name, item, warehouse="W1", status=NEW, rule="R1", shown_from=None, **values):
	shown = alert_store.finding_fingerprint(shown_from) if shown_from else None
	return alert_store.OpenAlert(
		name=name,
		subject_key=item_warehouse_key(item, warehouse),
		status=status,
		item_code=item,
		warehouse=warehouse,
		alert_rule=rule,
		shown=shown,
		**values,
	)


def test_new_findings_open_alerts_and_known_ones_are_seen_again():
	a, b = finding("A"), finding("B")
	plan = alert_store.plan_sync([a, b], [open_alert("ALT-1", "A", shown_from=a)], today=TODAY, rule="R1")
	assert plan.create == [b]
	assert plan.seen == ["ALT-1"] and plan.update == [] and plan.resolve == []


def test_changed_figures_update_in_place():
	a = finding("A", value=3)
	changed = finding("A", value=1, figures={"projected_qty": 1})
	plan = alert_store.plan_sync([changed], [open_alert("ALT-1", "A", shown_from=a)], today=TODAY)
	assert plan.update == [("ALT-1", changed)] and plan.create == []


def test_a_subject_found_twice_counts_once():
	plan = alert_store.plan_sync([finding("A"), finding("A", value=9)], [], today=TODAY)
	assert len(plan.create) == 1 and plan.create[0].value == 1


def test_what_no_finding_names_is_resolved_for_its_own_rule_only():
	alerts = [open_alert("ALT-1", "A"), open_alert("ALT-2", "B", rule="R2")]
	plan = alert_store.plan_sync([], alerts, today=TODAY, rule="R1")
	assert plan.resolve == ["ALT-1"]


def test_a_scope_resolves_only_its_pairs():
	alerts = [open_alert("ALT-1", "A"), open_alert("ALT-2", "B"), open_alert("ALT-3", "A", "W2")]
	plan = alert_store.plan_sync([], alerts, today=TODAY, scope=[("A", "W1")])
	assert plan.resolve == ["ALT-1"]
	assert alert_store.plan_sync([], alerts, today=TODAY, scope=[]).resolve == []


def test_snoozed_alerts_stay_silent_until_their_date():
	a = finding("A")
	snoozed = open_alert("ALT-1", "A", status=IGNORED, snoozed_until=TODAY, shown_from=a)
	assert alert_store.plan_sync([a], [snoozed], today=TODAY).wake == []
	forever = open_alert("ALT-1", "A", status=IGNORED, shown_from=a)
	assert alert_store.plan_sync([a], [forever], today=TODAY).wake == []
	over = open_alert("ALT-1", "A", status=IGNORED, snoozed_until=TODAY - timedelta(days=1), shown_from=a)
	assert alert_store.plan_sync([a], [over], today=TODAY).wake == ["ALT-1"]
	# a snoozed alert whose condition clears is resolved all the same
	assert alert_store.plan_sync([], [snoozed], today=TODAY).resolve == ["ALT-1"]


def test_is_snoozed():
	assert alert_store.is_snoozed(IGNORED, None, TODAY)
	assert not alert_store.is_snoozed(NEW, TODAY + timedelta(days=3), TODAY)


@pytest.mark.parametrize(
	"text, expected",
	[
		("08:30, 17:00", [time(8, 30), time(17, 0)]),
		("17:00，08:30;08:30", [time(8, 30), time(17, 0)]),
		("", []),
		(None, []),
	],
)
def test_run_times(text, expected):
	assert alert_store.parse_run_times(text) == expected


@pytest.mark.parametrize("text", ["25:00", "8", "ab:cd", "08:30, 7:61"])
def test_malformed_run_times(text):
	with pytest.raises(ValueError):
		alert_store.parse_run_times(text)


def test_only_stock_types_run_on_ledger_changes():
	assert alert_store.schedule_allowed(alert_store.ON_LEDGER_CHANGE, EXPIRED_BATCH)
	assert not alert_store.schedule_allowed(alert_store.ON_LEDGER_CHANGE, RECEIVABLE_OVERDUE)
	assert alert_store.schedule_allowed(alert_store.AT_SET_TIMES, RECEIVABLE_OVERDUE)


def test_due_once_per_run_time():
	times = [time(8, 30), time(17, 0)]
	morning = datetime(2026, 11, 30, 8, 45)
	assert alert_store.is_due(times, last_run=datetime(2026, 11, 29, 17, 0), now=morning, working_day=True)
	assert not alert_store.is_due(
		times, last_run=morning, now=morning + timedelta(minutes=15), working_day=True
	)
	assert not alert_store.is_due(times, last_run=None, now=datetime(2026, 11, 30, 8, 0), working_day=True)
	assert alert_store.is_due(times, last_run=morning, now=datetime(2026, 11, 30, 17, 5), working_day=True)
	assert not alert_store.is_due(times, last_run=None, now=morning, working_day=False)


def test_national_day_holiday_and_its_make_up_saturday():
	"""国庆 2026 (chinese-calendar): 10-01 … 10-07 off, Saturday 10-10 a 调休 working day."""
	times = [time(8, 30)]
	for day in range(1, 8):
		now = datetime(2026, 10, day, 9, 0)
		assert not alert_store.is_due(times, last_run=None, now=now, working_day=is_working_day(now)), now
	for day in (date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 10)):
		now = datetime.combine(day, time(9, 0))
		assert alert_store.is_due(times, last_run=None, now=now, working_day=is_working_day(now)), now
	assert not is_working_day(date(2026, 10, 11))


@pytest.mark.parametrize(
	"moment, start, end, quiet",
	[
		(time(23, 0), time(22, 0), time(7, 0), True),
		(time(6, 59), time(22, 0), time(7, 0), True),
		(time(7, 0), time(22, 0), time(7, 0), False),
		(time(12, 0), time(12, 0), time(13, 0), True),
		(time(13, 0), time(12, 0), time(13, 0), False),
		(time(12, 0), None, None, False),
	],
)
def test_quiet_hours(moment, start, end, quiet):
	assert alert_store.in_quiet_hours(moment, start, end) is quiet


def test_quiet_window_validity():
	assert alert_store.quiet_window_valid(None, None)
	assert not alert_store.quiet_window_valid(time(22, 0), None)
	assert not alert_store.quiet_window_valid(time(22, 0), time(22, 0))


def test_as_time():
	assert alert_store.as_time("22:00") == time(22, 0)
	assert alert_store.as_time(timedelta(hours=7, minutes=30)) == time(7, 30)
	assert alert_store.as_time("") is None
	for bad in ("22h", "25:00", "1:2:3:4"):
		with pytest.raises(ValueError):
			alert_store.as_time(bad)


def test_digest_or_one_message_per_alert():
	names = [f"ALT-{n}" for n in range(5)]
	assert alert_store.group_messages(names, alert_store.DIGEST) == [names]
	assert alert_store.group_messages(names, alert_store.SINGLE) == [[name] for name in names]
	# never a flood: beyond the limit the rest share one digest
	assert alert_store.group_messages(names, alert_store.SINGLE, limit=2) == [["ALT-0"], ["ALT-1"], names[2:]]
	assert alert_store.group_messages([], alert_store.DIGEST) == []
	by_user = {"b": ["ALT-1", "ALT-2"], "a": ["ALT-1"]}
	assert alert_store.group_for_users(by_user, alert_store.DIGEST) == [
		("a", ["ALT-1"]),
		("b", ["ALT-1", "ALT-2"]),
	]
	assert len(alert_store.group_for_users(by_user, alert_store.SINGLE)) == 3


def test_digest_lines():
	assert alert_store.digest_lines(["x"] * 5, limit=3) == (["x"] * 3, 2)


@pytest.mark.parametrize(
	"action, status, expected",
	[
		(alert_store.ACKNOWLEDGE, NEW, ACKNOWLEDGED),
		(alert_store.ACKNOWLEDGE, IN_PROGRESS, IN_PROGRESS),
		(alert_store.ACKNOWLEDGE, IGNORED, ACKNOWLEDGED),
		(alert_store.ASSIGN, NEW, IN_PROGRESS),
		(alert_store.SNOOZE, ACKNOWLEDGED, IGNORED),
		(alert_store.RESOLVE, IGNORED, RESOLVED),
	],
)
def test_actions(action, status, expected):
	assert alert_store.next_status(action, status) == expected


def test_a_resolved_alert_takes_no_action():
	for action in alert_store.ACTIONS:
		with pytest.raises(ValueError):
			alert_store.next_status(action, RESOLVED)
	with pytest.raises(ValueError):
		alert_store.next_status("delete", NEW)
