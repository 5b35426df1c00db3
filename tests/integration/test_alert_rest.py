"""预警 over real HTTP: a keeper sees and acts on his warehouse's alerts only, a salesperson on his customers';
acknowledge / assign / resolve / snooze one or many; bad input gets a 4xx and changes nothing.

Records are committed for the server to see and removed afterwards."""

import frappe
import pytest
import requests
from frappe.utils import add_days, today

from jxc_app.jxc_alerts import store
from jxc_app.rules.alerts import (
	ACKNOWLEDGED,
	IGNORED,
	IN_PROGRESS,
	LOW_STOCK,
	NEW,
	RECEIVABLE_OVERDUE,
	RESOLVED,
	Finding,
	document_key,
)
from tests.integration.alert_helpers import finding, make_rule
from tests.integration.factories import CustomerFactory, ItemFactory, WarehouseFactory, api_user

API = "jxc_app.jxc_alerts.api"


def _restrict(made, user: str, doctype: str, value: str):
	permission = frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": doctype, "for_value": value}
	).insert(ignore_permissions=True)
	made.append(("User Permission", permission.name))


@pytest.fixture
def center(company, committed):
	item = ItemFactory().name
	committed.append(("Item", item))
	mine, other = (WarehouseFactory(company=company).name for _ in range(2))
	committed.extend([("Warehouse", mine), ("Warehouse", other)])
	customer, other_customer = (CustomerFactory().name for _ in range(2))
	committed.extend([("Customer", customer), ("Customer", other_customer)])
	rule = make_rule()
	committed.append(("JXC Alert Rule", rule.name))
	stock_alerts = store.sync_findings(rule, LOW_STOCK, [finding(item, mine), finding(item, other)]).created
	receivable_rule = make_rule(alert_type=RECEIVABLE_OVERDUE)
	committed.append(("JXC Alert Rule", receivable_rule.name))
	receivables = store.sync_findings(
		receivable_rule,
		RECEIVABLE_OVERDUE,
		[
			Finding(
				alert_type=RECEIVABLE_OVERDUE,
				subject_key=document_key("Customer", party),
				company=company,
				value=1000,
				threshold=0,
				party_type="Customer",
				party=party,
				subject_doctype="Customer",
				subject_name=party,
			)
			for party in (customer, other_customer)
		],
	).created
	committed.extend(("JXC Alert", name) for name in stock_alerts + receivables)
	users = {}
	for key, roles in (
		("keeper", ["Stock User"]),
		("seller", ["Sales User"]),
		("manager", ["Stock Manager", "Stock User"]),
		("outsider", ["Maintenance User"]),
	):
		users[key] = api_user(committed, roles)
	_restrict(committed, users["keeper"][0], "Warehouse", mine)
	_restrict(committed, users["seller"][0], "Customer", customer)
	frappe.db.commit()
	return frappe._dict(
		mine=stock_alerts[0],
		other=stock_alerts[1],
		customer_alert=receivables[0],
		other_customer_alert=receivables[1],
		users=users,
	)


READS = {"summary", "trend"}  # GET only


def _call(server, center, who, method, **data):
	if method in READS:
		return requests.get(
			f"{server}/api/method/{API}.{method}", headers=center.users[who][1], params=data, timeout=60
		)
	return requests.post(
		f"{server}/api/method/{API}.{method}", headers=center.users[who][1], json=data, timeout=60
	)


def _listed(server, center, who) -> set[str]:
	response = requests.get(
		f"{server}/api/resource/JXC Alert",
		headers=center.users[who][1],
		params={"limit_page_length": 0},
		timeout=60,
	)
	assert response.status_code == 200, response.text
	return {row["name"] for row in response.json()["data"]}


def _status(name):
	frappe.db.rollback()
	return frappe.db.get_value("JXC Alert", name, "status")


@pytest.mark.smoke
def test_keepers_and_sellers_see_and_act_on_their_own(server, center):
	ours = {center.mine, center.other, center.customer_alert, center.other_customer_alert}
	keeper_sees = _listed(server, center, "keeper") & ours
	assert center.mine in keeper_sees and center.other not in keeper_sees
	seller_sees = _listed(server, center, "seller") & ours
	assert center.customer_alert in seller_sees and center.other_customer_alert not in seller_sees
	assert _listed(server, center, "manager") >= ours

	read = requests.get(
		f"{server}/api/resource/JXC Alert/{center.other}", headers=center.users["keeper"][1], timeout=60
	)
	assert read.status_code == 403
	assert _call(server, center, "keeper", "acknowledge", names=[center.other]).status_code == 403
	assert _status(center.other) == NEW
	response = _call(server, center, "keeper", "acknowledge", names=[center.mine])
	assert response.status_code == 200, response.text
	assert _status(center.mine) == ACKNOWLEDGED

	summary = _call(server, center, "keeper", "summary").json()["message"]
	assert sum(row["count"] for row in summary["by_type"] if row["alert_type"] == LOW_STOCK) >= 1
	trend = _call(server, center, "keeper", "trend", days=7).json()["message"]
	assert len(trend["labels"]) == 7 and trend["datasets"][0]["values"][-1] >= 1


def test_bulk_resolve_assign_and_snooze(server, center):
	manager = center.users["manager"][0]
	both = [center.mine, center.other]
	response = _call(server, center, "manager", "assign", names=both, user=manager)
	assert response.status_code == 200, response.text
	assert {_status(name) for name in both} == {IN_PROGRESS}
	assert frappe.db.exists(
		"ToDo", {"reference_name": center.mine, "allocated_to": manager, "status": "Open"}
	)

	tomorrow = add_days(today(), 1)
	assert _call(server, center, "manager", "snooze", names=[center.mine], until=tomorrow).status_code == 200
	assert _status(center.mine) == IGNORED

	response = _call(server, center, "manager", "resolve", names=both, comment="补货已到")
	assert response.status_code == 200, response.text
	assert {_status(name) for name in both} == {RESOLVED}
	assert frappe.db.get_value("JXC Alert", center.mine, "resolved_on")
	assert frappe.db.exists("Comment", {"reference_name": center.mine, "content": ("like", "%补货已到%")})
	assert not frappe.db.exists("ToDo", {"reference_name": center.mine, "status": "Open"})


def test_bad_input_gets_a_4xx_and_changes_nothing(server, center):
	def refused(status, who, method, **data):
		response = _call(server, center, who, method, **data)
		assert response.status_code == status, (method, data, response.status_code, response.text[:300])

	refused(417, "manager", "acknowledge")
	refused(417, "manager", "acknowledge", names=[])
	refused(417, "manager", "acknowledge", names="not json")
	refused(404, "manager", "acknowledge", names=["ALT-NOPE"])
	refused(404, "manager", "acknowledge", names=[center.mine, "ALT-NOPE"])
	refused(417, "manager", "snooze", names=[center.mine], until=today())
	refused(417, "manager", "snooze", names=[center.mine], until="someday")
	refused(404, "manager", "assign", names=[center.mine], user="nobody@example.com")
	refused(403, "outsider", "acknowledge", names=[center.mine])
	refused(403, "outsider", "summary")
	refused(417, "manager", "trend", days=0)
	assert {_status(center.mine), _status(center.other)} == {NEW}

	# a resolved alert takes no more actions; writes only by POST
	assert _call(server, center, "manager", "resolve", names=[center.other]).status_code == 200
	refused(417, "manager", "acknowledge", names=[center.mine, center.other])
	assert _status(center.mine) == NEW
	response = requests.get(
		f"{server}/api/method/{API}.acknowledge",
		headers=center.users["manager"][1],
		params={"names": f'["{center.mine}"]'},
		timeout=60,
	)
	assert response.status_code in (403, 405)
	assert _status(center.mine) == NEW


def test_alerts_change_only_through_their_actions(server, center):
	response = requests.put(
		f"{server}/api/resource/JXC Alert/{center.mine}",
		headers=center.users["manager"][1],
		json={"status": RESOLVED},
		timeout=60,
	)
	assert response.status_code == 403
	response = requests.post(
		f"{server}/api/resource/JXC Alert",
		headers=center.users["manager"][1],
		json={"alert_type": LOW_STOCK, "subject_key": "x"},
		timeout=60,
	)
	assert response.status_code == 403
	assert _status(center.mine) == NEW
