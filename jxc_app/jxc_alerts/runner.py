"""When alert rules run: at their set times on (working) days, from the scheduler every quarter hour, and for
the stock types on each ledger change, re-evaluating only the item × warehouse the change touched.

Each run: the type's evaluator (``jxc_alerts/types``: ``EVALUATORS[alert_type].evaluate(rule, scope)``),
then the store (one open alert per type × subject, resolved when the condition clears), then the messages.
"""

import frappe
from frappe.utils import now_datetime

from jxc_app.jxc_alerts import notify, store
from jxc_app.jxc_alerts.types import EVALUATORS
from jxc_app.rules import alert_store
from jxc_app.rules.alerts import STOCK_TYPES
from jxc_app.rules.working_days import is_working_day

QUEUE = "long"
RULE_JOB_TIMEOUT = 1500
LEDGER_SCOPE_FLAG = "jxc_alert_ledger_scope"


def run_rule(rule_name: str, scope: list | None = None) -> store.SyncResult | None:
	"""Evaluate one rule (within ``scope``: (item_code, warehouse) pairs), store and announce its alerts."""
	rule = frappe.get_doc("JXC Alert Rule", rule_name)
	if not rule.enabled:
		return None
	evaluator = EVALUATORS.get(rule.alert_type)
	if evaluator is None:
		return None
	if scope is not None:
		scope = [tuple(pair) for pair in scope]
	findings = evaluator.evaluate(rule, scope=scope)
	result = store.sync_findings(rule, rule.alert_type, findings, scope=scope)
	notify.dispatch_pending(rule)
	return result


# --- at set times --------------------------------------------------------------------------------------


def due_rules(now=None) -> list[str]:
	"""Enabled rules one of whose run times has come since their last run (working days only, if so set)."""
	now = now or now_datetime()
	working_day = is_working_day(now.date())
	due = []
	for rule in frappe.get_all(
		"JXC Alert Rule",
		filters={"enabled": 1},
		fields=["name", "run_times", "working_days_only", "last_run_on", "creation"],
		order_by="name asc",
	):
		try:
			times = alert_store.parse_run_times(rule.run_times)
		except ValueError:
			continue
		if alert_store.is_due(
			times,
			last_run=rule.last_run_on or rule.creation,
			now=now,
			working_day=working_day or not rule.working_days_only,
		):
			due.append(rule.name)
	return due


def scheduled_run(now=None):
	"""Scheduler (every 15 minutes): queue the due rules on the long queue; send what quiet hours held back."""
	now = now or now_datetime()
	for rule_name in due_rules(now):
		frappe.db.set_value("JXC Alert Rule", rule_name, "last_run_on", now, update_modified=False)
		frappe.enqueue(
			"jxc_app.jxc_alerts.runner.run_rule",
			queue=QUEUE,
			timeout=RULE_JOB_TIMEOUT,
			job_id=f"jxc-alert-rule::{rule_name}",
			deduplicate=True,
			rule_name=rule_name,
			enqueue_after_commit=True,
		)
	for rule_name in frappe.get_all("JXC Alert Rule", filters={"enabled": 1}, pluck="name"):
		notify.dispatch_pending(frappe.get_doc("JXC Alert Rule", rule_name), now)


# --- on each ledger change -----------------------------------------------------------------------------


def ledger_rules() -> list[str]:
	return frappe.get_all(
		"JXC Alert Rule",
		filters={
			"enabled": 1,
			"schedule": alert_store.ON_LEDGER_CHANGE,
			"alert_type": ("in", STOCK_TYPES),
		},
		pluck="name",
	)


def on_ledger_change(item_code: str, warehouse: str):
	"""Queue (after commit, once per transaction) the re-evaluation of the item × warehouse pairs the
	transaction's ledger entries touched, for the rules that run on ledger changes."""
	if not item_code or not warehouse:
		return
	pending = frappe.flags.get(LEDGER_SCOPE_FLAG)
	if pending is None:
		# asked once per request or job (a transaction posts many entries)
		if getattr(frappe.local, "jxc_alert_ledger_rules", None) is None:
			frappe.local.jxc_alert_ledger_rules = bool(ledger_rules())
		if not frappe.local.jxc_alert_ledger_rules:
			return
		pending = []
		frappe.flags[LEDGER_SCOPE_FLAG] = pending
		# the list is read when the transaction commits: the entries after this one join the same job
		frappe.enqueue(
			"jxc_app.jxc_alerts.runner.run_ledger_scope",
			queue=QUEUE,
			timeout=RULE_JOB_TIMEOUT,
			scope=pending,
			enqueue_after_commit=True,
		)
		frappe.db.after_commit.add(_forget_ledger_scope)
		frappe.db.after_rollback.add(_forget_ledger_scope)
	pair = [item_code, warehouse]
	if pair not in pending:
		pending.append(pair)


def _forget_ledger_scope():
	frappe.flags.pop(LEDGER_SCOPE_FLAG, None)


def run_ledger_scope(scope: list):
	pairs = sorted({tuple(pair) for pair in scope})
	for rule_name in ledger_rules():
		run_rule(rule_name, scope=pairs)
