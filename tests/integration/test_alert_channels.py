"""The alert center's channels on a real site: the approval robots (企业微信 / 钉钉 / 飞书) reached over HTTP in
each one's format, e-mail into the Email Queue, system notifications; digest vs one message per alert;
quiet hours hold messages back; the warehouse keeper and department heads as recipients."""

from datetime import datetime

import frappe
import pytest

from jxc_app.jxc_alerts import notify, store
from jxc_app.rules.alerts import LOW_STOCK
from tests.integration.alert_helpers import finding, make_rule
from tests.integration.factories import ItemFactory, UserFactory, WarehouseFactory, make_department
from tests.integration.robot_helpers import RobotHandler, configure_robots


@pytest.fixture
def robots(robot_server):
	configure_robots(robot_server)
	return RobotHandler.received


@pytest.fixture
def outgoing_email():
	if not frappe.db.exists("Email Account", {"enable_outgoing": 1}):
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": "JXC Alerts Test",
				"email_id": "alerts@jxc-test.example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "127.0.0.1",
				"smtp_port": "2525",
				"no_smtp_authentication": 1,
			}
		).insert(ignore_permissions=True)


@pytest.fixture
def stock(company):
	items = [ItemFactory().name for _ in range(3)]
	warehouse = WarehouseFactory(company=company).name
	return frappe._dict(item_codes=items, warehouse=warehouse, company=company)


def _raise(rule, stock, count=3):
	findings = [finding(item, stock.warehouse) for item in stock.item_codes[:count]]
	return store.sync_findings(rule, LOW_STOCK, findings).created


def _by_platform(received):
	found = {}
	for path, payload in received:
		found.setdefault(path.split("?")[0].strip("/"), []).append((path, payload))
	return found


def _emails(recipient):
	return frappe.get_all(
		"Email Queue Recipient", filters={"recipient": recipient}, fields=["parent"], pluck="parent"
	)


@pytest.mark.smoke
def test_every_channel_in_its_format(stock, robots, outgoing_email):
	user = UserFactory(roles=["Stock User"])
	rule = make_rule(
		users=[{"user": user.name}],
		channel_email=1,
		channel_wecom=1,
		channel_dingtalk=1,
		channel_feishu=1,
	)
	names = _raise(rule, stock)
	assert notify.dispatch_pending(rule) == 3
	platforms = _by_platform(robots)
	wecom = platforms["WeCom"][0][1]
	assert wecom["msgtype"] == "markdown" and stock.item_codes[0] in wecom["markdown"]["content"]
	path, dingtalk = platforms["DingTalk"][0]
	assert dingtalk["msgtype"] == "markdown" and "sign=" in path and "timestamp=" in path
	feishu = platforms["Feishu"][0][1]
	assert (
		feishu["msg_type"] == "text" and feishu["sign"] and stock.item_codes[2] in feishu["content"]["text"]
	)
	# a digest: one message per robot
	assert {platform: len(posts) for platform, posts in platforms.items()} == {
		"WeCom": 1,
		"DingTalk": 1,
		"Feishu": 1,
	}
	assert len(_emails(user.email)) == 1
	assert frappe.db.count("Notification Log", {"for_user": user.name, "document_type": "JXC Alert"}) == 1
	# announced once: nothing is pending any more
	assert store.pending_notification(rule.name) == [] and notify.dispatch_pending(rule) == 0
	assert all(frappe.db.get_value("JXC Alert", name, "notified_on") for name in names)


def test_one_message_per_alert(stock, robots, outgoing_email):
	user = UserFactory(roles=["Stock User"])
	rule = make_rule(users=[{"user": user.name}], delivery="One per Alert", channel_email=1, channel_wecom=1)
	_raise(rule, stock)
	notify.dispatch_pending(rule)
	assert len(_by_platform(robots)["WeCom"]) == 3
	assert len(_emails(user.email)) == 3
	assert frappe.db.count("Notification Log", {"for_user": user.name, "document_type": "JXC Alert"}) == 3


def test_quiet_hours_hold_messages_back(stock, robots):
	user = UserFactory(roles=["Stock User"])
	rule = make_rule(
		users=[{"user": user.name}], channel_wecom=1, quiet_hours_start="22:00", quiet_hours_end="07:00"
	)
	_raise(rule, stock, count=2)
	assert notify.dispatch_pending(rule, datetime(2026, 12, 1, 23, 30)) == 0
	assert robots == [] and len(store.pending_notification(rule.name)) == 2
	assert notify.dispatch_pending(rule, datetime(2026, 12, 2, 7, 0)) == 2
	assert len(_by_platform(robots)["WeCom"]) == 1


def test_the_keeper_and_department_heads_receive_their_alerts(stock):
	keeper, head, bystander = (UserFactory(roles=["Stock User"]) for _ in range(3))
	frappe.db.set_value("Warehouse", stock.warehouse, "jxc_keeper", keeper.name)
	other_warehouse = WarehouseFactory(company=stock.company).name
	frappe.db.set_value("Warehouse", other_warehouse, "jxc_keeper", bystander.name)
	department = make_department(stock.company, head=head.name)
	rule = make_rule(users=[], notify_keeper=1, departments=[{"department": department}])
	store.sync_findings(rule, LOW_STOCK, [finding(stock.item_codes[0], stock.warehouse)])
	notify.dispatch_pending(rule)
	for user, expected in ((keeper, 1), (head, 1), (bystander, 0)):
		assert (
			frappe.db.count("Notification Log", {"for_user": user.name, "document_type": "JXC Alert"})
			== expected
		), user.name


def test_role_recipients_per_company(stock):
	role_holder = UserFactory(roles=["Stock Manager"])
	rule = make_rule(users=[], roles=[{"role": "Stock Manager"}])
	assert role_holder.name in notify.rule_recipients(rule, stock.company)
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": role_holder.name,
			"allow": "Company",
			"for_value": frappe.db.get_value("Company", {"name": ("!=", stock.company)}),
		}
	).insert(ignore_permissions=True)
	assert role_holder.name not in notify.rule_recipients(rule, stock.company)
