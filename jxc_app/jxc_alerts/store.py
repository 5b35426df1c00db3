"""The alert store: turns an evaluator's findings into alerts, one open alert per (type, subject_key).

:func:`sync_findings` reads the open alerts of the type in one query, asks ``rules.alert_store.plan_sync``
what to create, update, wake and resolve, and writes the plan in bulk: new alerts by batched inserts with
names reserved from the naming series in one step, "seen again" and "resolved" as one UPDATE per batch,
and the alerts whose figures changed (their fingerprints compared with the findings') by one joined
UPDATE per batch; an unchanged alert is only "seen again".
"""

from dataclasses import dataclass, field

import frappe
from frappe.query_builder import Order
from frappe.query_builder.functions import Coalesce
from frappe.utils import getdate, now_datetime

from jxc_app.rules import alert_store
from jxc_app.rules.alerts import NEW, OPEN_STATUSES, RESOLVED, Finding

NAMING_PREFIX = "ALT-"
NAMING_DIGITS = 7
BATCH_SIZE = 5000

INSERT_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"idx",
	"alert_type",
	"severity",
	"status",
	"company",
	"alert_rule",
	"subject_doctype",
	"subject_name",
	"item_code",
	"warehouse",
	"batch_no",
	"party_type",
	"party",
	"subject_key",
	"value",
	"threshold",
	"figures",
	"message",
	"first_seen",
	"last_seen",
	"fingerprint",
)


@dataclass
class SyncResult:
	created: list[str] = field(default_factory=list)
	updated: list[str] = field(default_factory=list)
	woken: list[str] = field(default_factory=list)
	resolved: list[str] = field(default_factory=list)
	seen: int = 0


def _rule_name(rule) -> str | None:
	if rule is None:
		return None
	return rule if isinstance(rule, str) else rule.name


def sync_findings(
	rule, alert_type: str, findings: list[Finding], scope: list[tuple[str, str]] | None = None
) -> SyncResult:
	"""Create, update and resolve the alerts of ``rule`` × ``alert_type`` after an evaluation.

	``scope``: the item × warehouse pairs a ledger change re-evaluated (None: everything the rule covers).
	"""
	rule_name = _rule_name(rule)
	if rule_name:
		# runs of one rule (at set times, after a ledger change) take turns: each reads what the other wrote
		rule_table = frappe.qb.DocType("JXC Alert Rule")
		frappe.qb.from_(rule_table).select(rule_table.name).where(
			rule_table.name == rule_name
		).for_update().run()
	findings = [finding for finding in findings if finding.alert_type == alert_type]
	if scope is not None:
		scope = [tuple(pair) for pair in scope]
	now = now_datetime()
	open_alerts = read_open_alerts(alert_type, scope)
	plan = alert_store.plan_sync(findings, open_alerts, today=getdate(now), rule=rule_name, scope=scope)
	result = SyncResult(seen=len(plan.seen), woken=list(plan.wake), resolved=list(plan.resolve))
	result.created = _insert(rule_name, plan.create, now)
	_touch(plan.seen, now)
	result.updated = _update(plan.update, now)
	_wake(plan.wake, now)
	_resolve(plan.resolve, now)
	return result


def read_open_alerts(
	alert_type: str, scope: list[tuple[str, str]] | None = None
) -> list[alert_store.OpenAlert]:
	alert = frappe.qb.DocType("JXC Alert")
	query = (
		frappe.qb.from_(alert)
		.select(
			alert.name,
			alert.subject_key,
			alert.status,
			alert.snoozed_until,
			alert.item_code,
			alert.warehouse,
			alert.alert_rule,
			alert.fingerprint,
		)
		.where(alert.alert_type == alert_type)
		.where(alert.status.isin(OPEN_STATUSES))
		.orderby(alert.creation, order=Order.asc)
	)
	if scope is not None:
		if not scope:
			return []
		query = query.where(alert.item_code.isin(sorted({item for item, _ in scope}))).where(
			alert.warehouse.isin(sorted({warehouse for _, warehouse in scope}))
		)
	rows = query.run(as_dict=True)
	return [
		alert_store.OpenAlert(
			name=row.name,
			subject_key=row.subject_key,
			status=row.status,
			snoozed_until=getdate(row.snoozed_until) if row.snoozed_until else None,
			item_code=row.item_code,
			warehouse=row.warehouse,
			alert_rule=row.alert_rule,
			shown=row.fingerprint,
		)
		for row in rows
	]


def reserve_names(count: int) -> list[str]:
	"""``count`` names of the JXC Alert series (ALT-.#######) in one locked step."""
	if not count:
		return []
	series = frappe.qb.DocType("Series")
	current = (
		frappe.qb.from_(series).select(series.current).where(series.name == NAMING_PREFIX).for_update().run()
	)
	if not current:
		frappe.qb.into(series).columns(series.name, series.current).insert(NAMING_PREFIX, 0).run()
		start = 0
	else:
		start = int(current[0][0] or 0)
	frappe.qb.update(series).set(series.current, start + count).where(series.name == NAMING_PREFIX).run()
	return [f"{NAMING_PREFIX}{number:0{NAMING_DIGITS}d}" for number in range(start + 1, start + count + 1)]


def _sql_value(value) -> str:
	if value is None:
		return "null"
	if isinstance(value, bool):
		return str(int(value))
	if isinstance(value, int | float):
		return repr(float(value))
	return frappe.db.escape(str(value), percent=False)


def _insert(rule_name: str | None, findings: list[Finding], now) -> list[str]:
	"""New alerts as multi-row INSERTs, written as SQL text with every value escaped once (the values the
	rows share once for all): frappe.db.bulk_insert renders each value through pypika, 14 s for 20 000
	rows. Only our column names and escaped values go into the text."""
	if not findings:
		return []
	names = reserve_names(len(findings))
	moment, user = _sql_value(now), _sql_value(frappe.session.user)
	shared_head = f"{moment}, {moment}, {user}, {user}, 0, 0"
	status, rule = _sql_value(NEW), _sql_value(rule_name)
	rows = [
		"("
		+ ", ".join(
			(
				_sql_value(name),
				shared_head,
				_sql_value(finding.alert_type),
				_sql_value(finding.severity),
				status,
				_sql_value(finding.company),
				rule,
				_sql_value(finding.subject_doctype),
				_sql_value(finding.subject_name),
				_sql_value(finding.item_code),
				_sql_value(finding.warehouse),
				_sql_value(finding.batch_no),
				_sql_value(finding.party_type),
				_sql_value(finding.party),
				_sql_value(finding.subject_key),
				_sql_value(finding.value),
				_sql_value(finding.threshold),
				_sql_value(alert_store.figures_json(finding.figures)),
				_sql_value(finding.message),
				moment,
				moment,
				_sql_value(alert_store.finding_fingerprint(finding)),
			)
		)
		+ ")"
		for name, finding in zip(names, findings, strict=True)
	]
	columns = ", ".join(f"`{column}`" for column in INSERT_FIELDS)
	for start in range(0, len(rows), BATCH_SIZE):
		frappe.db.sql(
			f"insert into `tabJXC Alert` ({columns}) values " + ", ".join(rows[start : start + BATCH_SIZE])
		)
	return names


def _batches(names: list[str]):
	for start in range(0, len(names), BATCH_SIZE):
		yield names[start : start + BATCH_SIZE]


def _set_by_names(assignments: str, values: dict, names: list[str], only_open: bool = False):
	"""UPDATE the named alerts in batches. Raw SQL for speed: pypika renders a long ``isin`` value by value
	(seconds for 20 000 names); pymysql escapes the tuple at once. Only fixed column names go in the text."""
	condition = " and `status` in %(open)s" if only_open else ""
	for batch in _batches(names):
		frappe.db.sql(
			f"update `tabJXC Alert` set {assignments} where `name` in %(names)s{condition}",
			{**values, "names": tuple(batch), "open": tuple(OPEN_STATUSES)},
		)


def _touch(names: list[str], now):
	_set_by_names("`last_seen` = %(now)s", {"now": now}, names)


UPDATE_FIELDS = ("severity", "value", "threshold", "message", "figures", "fingerprint")
UPDATE_BATCH_SIZE = 1000


def _update(changes: list[tuple[str, Finding]], now) -> list[str]:
	"""Alerts whose figures changed (a daily scan changes every idle-days or days-to-expiry count): one
	UPDATE per batch, joined to the new values as a derived table written as escaped SQL text (only our
	column names and escaped values go into the text)."""
	moment = _sql_value(now)
	for start in range(0, len(changes), UPDATE_BATCH_SIZE):
		rows = []
		for position, (name, finding) in enumerate(changes[start : start + UPDATE_BATCH_SIZE]):
			values = (
				_sql_value(name),
				_sql_value(finding.severity),
				_sql_value(finding.value),
				_sql_value(finding.threshold),
				_sql_value(finding.message),
				_sql_value(alert_store.figures_json(finding.figures)),
				_sql_value(alert_store.finding_fingerprint(finding)),
			)
			if position == 0:
				columns = ("name", *UPDATE_FIELDS)
				values = [f"{value} as `{column}`" for value, column in zip(values, columns, strict=True)]
			rows.append("select " + ", ".join(values))
		assignments = ", ".join(f"`alert`.`{column}` = `changed`.`{column}`" for column in UPDATE_FIELDS)
		frappe.db.sql(
			"update `tabJXC Alert` `alert` join ("
			+ " union all ".join(rows)
			+ f") `changed` on `changed`.`name` = `alert`.`name` set {assignments}, `alert`.`modified` = {moment}"
		)
	return [name for name, _ in changes]


def _wake(names: list[str], now):
	"""A snooze that has run out while the condition holds: the alert is new again, and announced again."""
	_set_by_names(
		"`status` = %(new)s, `snoozed_until` = null, `notified_on` = null, `modified` = %(now)s",
		{"new": NEW, "now": now},
		names,
	)


def _resolve(names: list[str], now):
	_set_by_names(
		"`status` = %(resolved)s, `resolved_on` = %(now)s, `modified` = %(now)s",
		{"resolved": RESOLVED, "now": now},
		names,
		only_open=True,
	)


def pending_notification(rule_name: str) -> list[str]:
	"""The new alerts of a rule that no message has announced yet (oldest first)."""
	alert = frappe.qb.DocType("JXC Alert")
	return (
		frappe.qb.from_(alert)
		.select(alert.name)
		.where(alert.alert_rule == rule_name)
		.where(alert.status == NEW)
		.where(Coalesce(alert.notified_on, "") == "")
		.orderby(alert.creation, order=Order.asc)
		.orderby(alert.name, order=Order.asc)
		.run(pluck=True)
	)


def mark_notified(names: list[str], now=None):
	_set_by_names("`notified_on` = %(now)s", {"now": now or now_datetime()}, names)
