"""预警 store and delivery decisions (pure): what a scan creates, updates and resolves, when a rule runs,
quiet hours, and how messages are grouped (digest or one per alert).

The store (``jxc_alerts/store.py``) reads the open alerts, asks :func:`plan_sync`, and writes the plan in bulk.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from jxc_app.rules.alerts import (
	ACKNOWLEDGED,
	IGNORED,
	IN_PROGRESS,
	OPEN_STATUSES,
	RESOLVED,
	STOCK_TYPES,
	Finding,
)

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
	alert_rule: str | None = None
	# what the alert shows now (see :func:`fingerprint`): an unchanged finding is only "seen again"
	shown: str | None = None


@dataclass
class SyncPlan:
	create: list[Finding] = field(default_factory=list)
	# (alert name, finding) whose figures changed: updated in place
	update: list[tuple[str, Finding]] = field(default_factory=list)
	# every open alert a finding names again (its last_seen moves)
	seen: list[str] = field(default_factory=list)
	# ignored alerts whose snooze date has passed and whose condition still holds: back to New, announced again
	wake: list[str] = field(default_factory=list)
	resolve: list[str] = field(default_factory=list)


def is_snoozed(status: str, snoozed_until: date | None, today: date) -> bool:
	"""An ignored alert stays silent until its date (for good when it has none)."""
	return status == IGNORED and (snoozed_until is None or snoozed_until >= today)


def figures_json(figures: dict | None) -> str:
	return json.dumps(figures or {}, sort_keys=True, ensure_ascii=False, default=str)


def fingerprint(
	severity: str, value: float, threshold: float, message: str | None, figures: str | None
) -> tuple:
	"""What an update would change, comparable between a finding and a stored alert."""
	return (
		severity,
		round(float(value or 0), 6),
		round(float(threshold or 0), 6),
		message or "",
		figures or "{}",
	)


def finding_fingerprint(finding: Finding) -> str:
	"""A short digest of what an alert shows (stored on the alert: a scan compares digests, not texts)."""
	return shown_digest(
		fingerprint(
			finding.severity, finding.value, finding.threshold, finding.message, figures_json(finding.figures)
		)
	)


def shown_digest(shown: tuple) -> str:
	return hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()


def plan_sync(
	findings: list[Finding],
	open_alerts: list[OpenAlert],
	*,
	today: date,
	rule: str | None = None,
	scope: list[tuple[str, str]] | None = None,
) -> SyncPlan:
	"""One open alert per (type, subject_key): update it, open a new one, and resolve what no finding names.

	``open_alerts`` are the open alerts of the type (any rule): a finding of a subject another rule already
	opened updates that alert. Only alerts of ``rule`` are resolved, and with ``scope`` (the item × warehouse
	pairs a ledger change touched) only those of these pairs: the evaluator looked at nothing else.
	Two findings of one subject: the first counts.
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
		plan.seen.append(alert.name)
		if alert.shown != finding_fingerprint(finding):
			plan.update.append((alert.name, finding))
		if alert.status == IGNORED and not is_snoozed(alert.status, alert.snoozed_until, today):
			plan.wake.append(alert.name)
	pairs = set(scope) if scope is not None else None
	for alert in open_alerts:
		if alert.subject_key in seen or (rule is not None and alert.alert_rule != rule):
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
	"""A time of day from "22:00", "22:00:00", a time or a timedelta; None for nothing; ValueError else."""
	if value in (None, ""):
		return None
	if isinstance(value, time):
		return value
	if isinstance(value, timedelta):
		seconds = int(value.total_seconds()) % 86400
		return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
	text = str(value).strip().replace("：", ":")
	if not text:
		return None
	try:
		parts = [int(part) for part in text.split(":")]
	except ValueError:
		raise ValueError(text) from None
	if not 2 <= len(parts) <= 3:
		raise ValueError(text)
	return time(*parts)


# --- messages ----------------------------------------------------------------------------------------


def group_messages(alert_names: list[str], delivery: str, limit: int = DIGEST_MAX_LINES) -> list[list[str]]:
	"""Alert names per message: all in one (digest), or one each (one per alert) — but never more than
	``limit`` single messages in one go: the alerts beyond them share one digest."""
	names = list(alert_names)
	if not names:
		return []
	if delivery == DIGEST:
		return [names]
	singles = [[name] for name in names[:limit]]
	rest = names[limit:]
	return singles + ([rest] if rest else [])


def group_for_users(
	alerts_by_user: dict[str, list[str]], delivery: str, limit: int = DIGEST_MAX_LINES
) -> list[tuple[str, list[str]]]:
	"""(user, alert names) per message, each user's alerts grouped as :func:`group_messages` does."""
	return [
		(user, names)
		for user in sorted(alerts_by_user)
		for names in group_messages(alerts_by_user[user], delivery, limit)
	]


def digest_lines(lines: list[str], limit: int = DIGEST_MAX_LINES) -> tuple[list[str], int]:
	"""The lines a digest shows, and how many it leaves out."""
	return lines[:limit], max(0, len(lines) - limit)


# --- desk actions ------------------------------------------------------------------------------------

ACKNOWLEDGE, ASSIGN, RESOLVE, SNOOZE = "acknowledge", "assign", "resolve", "snooze"
ACTIONS = (ACKNOWLEDGE, ASSIGN, RESOLVE, SNOOZE)


def next_status(action: str, status: str) -> str:
	"""The status an action leaves an open alert in; ValueError for a closed (resolved) alert.

	Acknowledging an alert someone already works on keeps it in progress."""
	if action not in ACTIONS:
		raise ValueError(action)
	if status not in OPEN_STATUSES:
		raise ValueError(status)
	if action == ACKNOWLEDGE:
		return status if status in (ACKNOWLEDGED, IN_PROGRESS) else ACKNOWLEDGED
	if action == ASSIGN:
		return IN_PROGRESS
	if action == SNOOZE:
		return IGNORED
	return RESOLVED


def snooze_date_valid(until: date, today: date) -> bool:
	return until > today
