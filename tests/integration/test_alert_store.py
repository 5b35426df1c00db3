"""The alert store on a real site: one open alert per (type, subject), updated in place, resolved
automatically when the condition clears (within a ledger change's scope only), snoozes, and the ledger
hook that re-evaluates only the item × warehouse a movement touched."""

import frappe
import pytest
from frappe.utils import add_days, getdate, today

from jxc_app.jxc_alerts import runner, store
from jxc_app.rules.alerts import IGNORED, LOW_STOCK, NEW, OVERSTOCK, RESOLVED
from tests.integration import alert_helpers
from tests.integration.alert_helpers import alerts_of, finding, make_rule
from tests.integration.factories import ItemFactory, UserFactory, WarehouseFactory, material_receipt

fake_evaluator = alert_helpers.fake_evaluator


@pytest.fixture
def bins(company):
	items = [ItemFactory().name for _ in range(3)]
	warehouses = [WarehouseFactory(company=company).name for _ in range(2)]
	return frappe._dict(item_codes=items, warehouses=warehouses, company=company)


def _set_seen(names, moment):
	alert = frappe.qb.DocType("JXC Alert")
	frappe.qb.update(alert).set(alert.last_seen, moment).where(alert.name.isin(names)).run()


@pytest.mark.smoke
def test_fires_dedupes_updates_and_resolves(bins):
	rule = make_rule()
	a, b = (finding(item, bins.warehouses[0]) for item in bins.item_codes[:2])
	first = store.sync_findings(rule, LOW_STOCK, [a, b])
	assert len(first.created) == 2
	alerts = {row.subject_key: row for row in alerts_of(rule)}
	assert {row.status for row in alerts.values()} == {NEW}
	_set_seen(first.created, "2020-01-01 00:00:00")

	a.value, a.figures = 0, {"projected_qty": 0}
	second = store.sync_findings(rule, LOW_STOCK, [a, b, a])
	assert second.created == [] and second.seen == 2
	assert second.updated == [alerts[a.subject_key].name]
	again = {row.subject_key: row for row in alerts_of(rule)}
	assert len(again) == 2
	assert again[a.subject_key].value == 0
	assert again[a.subject_key].first_seen == alerts[a.subject_key].first_seen
	assert all(getdate(row.last_seen) == getdate(today()) for row in again.values())
	assert frappe.parse_json(frappe.db.get_value("JXC Alert", again[a.subject_key].name, "figures")) == {
		"projected_qty": 0
	}

	third = store.sync_findings(rule, LOW_STOCK, [a])
	assert third.resolved == [alerts[b.subject_key].name]
	resolved = frappe.db.get_value(
		"JXC Alert", alerts[b.subject_key].name, ["status", "resolved_on"], as_dict=True
	)
	assert resolved.status == RESOLVED and resolved.resolved_on

	# the condition comes back: a new alert, the resolved one stays resolved
	fourth = store.sync_findings(rule, LOW_STOCK, [a, b])
	assert len(fourth.created) == 1 and fourth.created[0] != alerts[b.subject_key].name
	assert len([row for row in alerts_of(rule) if row.status == NEW]) == 2


def test_a_scope_resolves_only_its_own_pairs(bins):
	rule = make_rule()
	w = bins.warehouses[0]
	findings = [finding(item, w) for item in bins.item_codes]
	store.sync_findings(rule, LOW_STOCK, findings)
	# a ledger change of item 0 re-evaluated only item 0, and found it fine
	result = store.sync_findings(rule, LOW_STOCK, [], scope=[(bins.item_codes[0], w)])
	assert len(result.resolved) == 1
	statuses = {row.subject_key: row.status for row in alerts_of(rule)}
	assert statuses[findings[0].subject_key] == RESOLVED
	assert statuses[findings[1].subject_key] == NEW and statuses[findings[2].subject_key] == NEW


def test_other_types_and_rules_are_left_alone(bins):
	rule, other_rule = make_rule(), make_rule()
	w = bins.warehouses[0]
	store.sync_findings(rule, LOW_STOCK, [finding(bins.item_codes[0], w)])
	store.sync_findings(other_rule, OVERSTOCK, [finding(bins.item_codes[0], w, alert_type=OVERSTOCK)])
	# the same subject found by another rule of the type updates the one open alert
	result = store.sync_findings(other_rule, LOW_STOCK, [finding(bins.item_codes[0], w)])
	assert result.created == [] and result.seen == 1
	# a run of the first rule finding nothing resolves its low-stock alert, not the overstock one
	store.sync_findings(rule, LOW_STOCK, [])
	assert [row.status for row in alerts_of(rule)] == [RESOLVED]
	assert [row.status for row in alerts_of(other_rule)] == [NEW]


def test_a_snoozed_alert_stays_silent_until_its_date(bins):
	rule = make_rule()
	w = bins.warehouses[0]
	f = finding(bins.item_codes[0], w)
	name = store.sync_findings(rule, LOW_STOCK, [f]).created[0]
	store.mark_notified([name])
	frappe.db.set_value("JXC Alert", name, {"status": IGNORED, "snoozed_until": add_days(today(), 1)})
	result = store.sync_findings(rule, LOW_STOCK, [f])
	assert result.woken == [] and frappe.db.get_value("JXC Alert", name, "status") == IGNORED
	assert store.pending_notification(rule.name) == []

	frappe.db.set_value("JXC Alert", name, "snoozed_until", add_days(today(), -1))
	result = store.sync_findings(rule, LOW_STOCK, [f])
	assert result.woken == [name]
	assert frappe.db.get_value("JXC Alert", name, "status") == NEW
	assert store.pending_notification(rule.name) == [name]


def test_thousands_of_findings_in_bulk(bins):
	rule = make_rule()
	w = bins.warehouses[0]
	findings = [finding(f"ITEM-BULK-{n:05d}", w, value=n) for n in range(3000)]
	for f in findings:
		f.item_code = None  # no such items: the store does not check links
	tricky = "库存 50% 'a' \"b\" `c` \\ %s"
	findings[0].message, findings[0].figures = tricky, {"note": tricky}
	created = store.sync_findings(rule, LOW_STOCK, findings).created
	assert len(created) == len(set(created)) == 3000
	stored = frappe.db.get_value("JXC Alert", created[0], ["message", "figures", "value"], as_dict=True)
	assert stored.message == tricky and frappe.parse_json(stored.figures) == {"note": tricky}
	assert stored.value == 0 and frappe.db.get_value("JXC Alert", created[7], "value") == 7
	assert frappe.db.count("JXC Alert", {"alert_rule": rule.name, "status": NEW}) == 3000
	result = store.sync_findings(rule, LOW_STOCK, findings[:1000])
	assert result.seen == 1000 and len(result.resolved) == 2000 and result.updated == []


def test_run_rule_stores_and_announces(bins, fake_evaluator):
	user = UserFactory(roles=["Stock User"]).name
	rule = make_rule(users=[{"user": user}])
	fake_evaluator.findings = [finding(item, bins.warehouses[0]) for item in bins.item_codes]
	result = runner.run_rule(rule.name)
	assert len(result.created) == 3 and fake_evaluator.scopes == [None]
	assert store.pending_notification(rule.name) == []
	assert frappe.db.exists("Notification Log", {"for_user": user, "document_type": "JXC Alert"})


def test_a_movement_reevaluates_only_its_item_and_warehouse(bins, fake_evaluator):
	rule = make_rule(schedule="On Ledger Change")
	item, w = bins.item_codes[0], bins.warehouses[0]
	frappe.flags.pop(runner.LEDGER_SCOPE_FLAG, None)
	frappe.local.jxc_alert_ledger_rules = None
	material_receipt(bins.company, item, w, 5, days_ago=0)
	material_receipt(bins.company, bins.item_codes[1], w, 5, days_ago=0)
	pending = frappe.flags.get(runner.LEDGER_SCOPE_FLAG)
	assert sorted(map(tuple, pending)) == sorted([(item, w), (bins.item_codes[1], w)])

	fake_evaluator.findings = [finding(i, w) for i in bins.item_codes]
	runner.run_ledger_scope(pending)
	assert fake_evaluator.scopes == [sorted(map(tuple, pending))]
	assert {row.subject_key for row in alerts_of(rule)} == {
		finding(i, w).subject_key for i in bins.item_codes[:2]
	}
	frappe.db.rollback()
	assert frappe.flags.get(runner.LEDGER_SCOPE_FLAG) is None


def test_no_ledger_rule_no_job(bins):
	frappe.flags.pop(runner.LEDGER_SCOPE_FLAG, None)
	for name in runner.ledger_rules():
		frappe.db.set_value("JXC Alert Rule", name, "enabled", 0)
	frappe.local.jxc_alert_ledger_rules = None
	runner.on_ledger_change(bins.item_codes[0], bins.warehouses[0])
	assert frappe.flags.get(runner.LEDGER_SCOPE_FLAG) is None


def test_alerts_are_not_made_by_hand(bins):
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc({"doctype": "JXC Alert", "alert_type": LOW_STOCK, "subject_key": "x"}).insert()
	rule = make_rule()
	name = store.sync_findings(rule, LOW_STOCK, [finding(bins.item_codes[0], bins.warehouses[0])]).created[0]
	doc = frappe.get_doc("JXC Alert", name)
	doc.status = RESOLVED
	with pytest.raises(frappe.PermissionError):
		doc.save()
