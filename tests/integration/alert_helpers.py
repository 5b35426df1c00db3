"""Shared helpers of the alert center's integration tests: rules, findings and a fake evaluator."""

import frappe
import pytest

from jxc_app.jxc_alerts import runner
from jxc_app.rules.alerts import ALERT_TYPES, LOW_STOCK, Finding, item_warehouse_key
from tests.integration.factories import unique


def make_rule(**values):
	defaults = {
		"doctype": "JXC Alert Rule",
		"title": unique("规则"),
		"alert_type": LOW_STOCK,
		"severity": "Warning",
		"enabled": 1,
		"schedule": "At Set Times",
		"run_times": "08:30",
		"working_days_only": 1,
		"delivery": "Digest",
		"channel_system": 1,
		"users": [{"user": "Administrator"}],
	}
	defaults.update(values)
	return frappe.get_doc(defaults).insert()


def finding(item: str, warehouse: str, value: float = 1, threshold: float = 5, **values) -> Finding:
	values.setdefault("company", frappe.db.get_value("Warehouse", warehouse, "company") or "")
	return Finding(
		alert_type=values.pop("alert_type", LOW_STOCK),
		subject_key=item_warehouse_key(item, warehouse),
		value=value,
		threshold=threshold,
		item_code=item,
		warehouse=warehouse,
		subject_doctype="Item",
		subject_name=item,
		message=values.pop("message", f"{item} @ {warehouse}: {value} < {threshold}"),
		**values,
	)


class FakeEvaluator:
	"""Answers what the test sets in ``findings``; remembers the scopes it was asked for."""

	def __init__(self):
		self.findings: list[Finding] = []
		self.scopes: list = []

	def evaluate(self, rule, scope=None):
		self.scopes.append(scope)
		if scope is None:
			return list(self.findings)
		pairs = set(scope)
		return [f for f in self.findings if (f.item_code, f.warehouse) in pairs]


@pytest.fixture
def fake_evaluator(monkeypatch):
	"""A fake evaluator for every alert type (the real ones live in jxc_alerts/types)."""
	fake = FakeEvaluator()
	monkeypatch.setattr(runner, "EVALUATORS", dict.fromkeys(ALERT_TYPES, fake))
	return fake


def alerts_of(rule) -> list[dict]:
	return frappe.get_all(
		"JXC Alert",
		filters={"alert_rule": rule.name},
		fields=[
			"name",
			"subject_key",
			"status",
			"value",
			"threshold",
			"first_seen",
			"last_seen",
			"resolved_on",
		],
		order_by="name asc",
	)
