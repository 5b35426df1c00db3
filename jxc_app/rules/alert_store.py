"""预警 store and delivery decisions (pure): what a scan creates, updates and resolves, when a rule runs,
quiet hours, and how messages are grouped (digest or one per alert).

The store (``jxc_alerts/store.py``) reads the open alerts, asks :func:`plan_sync`, and writes the plan in bulk.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from jxc_app.rules.alerts import IGNORED, STOCK_TYPES, Finding

# schedules and deliveries of an alert rule
AT_SET_TIMES, ON_LEDGER_CHANGE = "At Set Times", "On Ledger Change"
SCHEDULES = (AT_SET_TIMES, ON_LEDGER_CHANGE)
DIGEST, SINGLE = "Digest", "One per Alert"
DELIVERIES = (DIGEST, SINGLE)
# a digest lists at most this many alerts, then says how many more there are
DIGEST_MAX_LINES = 30


@dataclass
class OpenAlert:
	"""What the store needs to know of an alert that is open (rules/alerts.OPEN_STATUSES)."""

	name: str
	subject_key: str
	status: str
	snoozed_until: date | None = None
	item_code: str | None = None
	warehouse: str | None = None


@dataclass
class SyncPlan:
	create: list[Finding] = field(default_factory=list)
	# (alert name, finding): figures change in place
	update: list[tuple[str, Finding]] = field(default_factory=list)
	# ignored alerts whose snooze date has passed and whose condition still holds: back to New, announced again
	wake: list[str] = field(default_factory=list)
	resolve: list[str] = field(default_factory=list)


def is_snoozed(status: str, snoozed_until: date | None, today: date) -> bool:
	"""An ignored alert stays silent until its date (for good when it has none)."""
	return status == IGNORED and (snoozed_until is None or snoozed_until >= today)


def plan_sync(
	findings: list[Finding],
	open_alerts: list[OpenAlert],
	*,
	today: date,
	scope: list[tuple[str, str]] | None = None,
) -> SyncPlan:
	"""One open alert per subject_key: update it, open a new one, and resolve what no finding names.

	With ``scope`` (the item × warehouse pairs a ledger change touched) only open alerts of those pairs
	may be resolved: the evaluator looked at nothing else. Two findings of one subject: the first counts.
	"""
	plan = SyncPlan()
	by_key = {alert.subject_key: alert for alert in open_alerts}
	seen: set[str] = set()
	for finding in findings:
		if finding.subject_key in seen:
			continue
		seen.add(finding.subject_key)
		alert = by_key.get(finding.subject_key)
		if alert is None:
			plan.create.append(finding)
			continue
		plan.update.append((alert.name, finding))
		if alert.status == IGNORED and not is_snoozed(alert.status, alert.snoozed_until, today):
			plan.wake.append(alert.name)
	pairs = set(scope) if scope is not None else None
	for alert in open_alerts:
		if alert.subject_key in seen:
			continue
		if pairs is not None and (alert.item_code, alert.warehouse) not in pairs:
			continue
		plan.resolve.append(alert.name)
	return plan


# --- schedule ---------------------------------------------------------------------------------------


def parse_run_times(text: str | None) -> list[time]:
	"""``"08:30, 17:00"`` → the times, sorted; ValueError names the part that is not a time of day."""
	times = set()
	for part in (text or "").replace("，", ",").replace(";", ",").split(","):
		part = part.strip()
		if not part:
			continue
		try:
			hour, minute = part.split(":")[:2]
			times.add(time(int(hour), int(minute)))
		except (ValueError, TypeError):
			raise ValueError(part) from None
	return sorted(times)


def schedule_allowed(schedule: str, alert_type: str) -> bool:
	"""A ledger change re-evaluates only the stock types (their subject is an item × warehouse)."""
	return schedule != ON_LEDGER_CHANGE or alert_type in STOCK_TYPES


def is_due(
	run_times: list[time],
	*,
	last_run: datetime | None,
	now: datetime,
	working_day: bool,
) -> bool:
	"""Due when one of today's run times has come since the last run (never on a day off when the rule
	runs on working days only: pass ``working_day=True`` for a rule that runs every day)."""
	if not working_day or not run_times:
		return False
	for run_at in run_times:
		moment = datetime.combine(now.date(), run_at)
		if moment <= now and (last_run is None or last_run < moment):
			return True
	return False


# --- quiet hours -------------------------------------------------------------------------------------


def quiet_window_valid(start: time | None, end: time | None) -> bool:
	"""Both ends or neither, and not the same time."""
	if start is None and end is None:
		return True
	return start is not None and end is not None and start != end


def in_quiet_hours(moment: time, start: time | None, end: time | None) -> bool:
	"""Inside [start, end); a window over midnight (22:00 → 07:00) wraps."""
	if start is None or end is None or start == end:
		return False
	if start < end:
		return start <= moment < end
	return moment >= start or moment < end


def as_time(value) -> time | None:
	"""Frappe hands Time fields over as str ("22:00:00") or timedelta; None stays None."""
	if value in (None, ""):
		return None
	if isinstance(value, time):
		return value
	if isinstance(value, timedelta):
		seconds = int(value.total_seconds()) % 86400
		return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
	parts = [int(float(part)) for part in str(value).split(":")]
	while len(parts) < 3:
		parts.append(0)
	return time(parts[0], parts[1], parts[2])


# --- messages ----------------------------------------------------------------------------------------


def group_for_users(alerts_by_user: dict[str, list[str]], delivery: str) -> list[tuple[str, list[str]]]:
	"""(user, alert names) per message: one per user (digest) or one per user and alert (single)."""
	messages = []
	for user in sorted(alerts_by_user):
		names = alerts_by_user[user]
		if not names:
			continue
		if delivery == DIGEST:
			messages.append((user, list(names)))
		else:
			messages.extend((user, [name]) for name in names)
	return messages


def group_for_robots(alert_names: list[str], delivery: str) -> list[list[str]]:
	"""Alert names per robot message: all in one (digest) or one each (single)."""
	if not alert_names:
		return []
	if delivery == DIGEST:
		return [list(alert_names)]
	return [[name] for name in alert_names]


def digest_lines(lines: list[str], limit: int = DIGEST_MAX_LINES) -> tuple[list[str], int]:
	"""The lines a digest shows, and how many it leaves out."""
	return lines[:limit], max(0, len(lines) - limit)
