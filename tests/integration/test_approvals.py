"""The approval engine on a real site: routing, chains, actions, guard, delegation, escalation, messages.

Over 500 lines on purpose: the engine's concerns share one set of rules, users and documents
(the fixtures here); the REST and scope probes are in their own files."""

import json
from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace
from unittest.mock import patch

import frappe
import pytest
from frappe.utils import add_days, nowdate

from jxc_app.jxc_approvals import actions, constants, errors, escalation, rule_lookup
from jxc_app.jxc_approvals import requests as approval_requests
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	PurchaseOrderFactory,
	SupplierFactory,
	as_administrator,
	make_department,
	make_person,
	unique,
)
from tests.integration.robot_helpers import RobotHandler, configure_robots


@pytest.fixture(scope="module")
def org(company):
	"""总经理 ← 部门负责人 ← 主管 ← 申请人, in a department with a head.

	Made once for the module and committed (five users with employees take ~10 s to make, which every
	test here paid); each test still rolls back what it does with them, and the module removes them."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	gm, gm_employee = make_person(company, ["General Manager"])
	head, head_employee = make_person(company, ["Purchase Manager"])
	department = make_department(company, head=head)
	supervisor, supervisor_employee = make_person(company, ["Purchase User"], department=department)
	requester, requester_employee = make_person(
		company, ["Purchase User"], department=department, reports_to=supervisor_employee
	)
	other, other_employee = make_person(company, ["Purchase User"])
	frappe.db.commit()
	yield SimpleNamespace(
		company=company,
		gm=gm,
		head=head,
		supervisor=supervisor,
		requester=requester,
		other=other,
		department=department,
	)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for employee in (requester_employee, supervisor_employee, other_employee, head_employee, gm_employee):
		frappe.delete_doc("Employee", employee, force=True, ignore_permissions=True)
	frappe.delete_doc("Department", department, force=True, ignore_permissions=True)
	for user in (requester, supervisor, other, head, gm):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


@contextmanager
def clock_at(moment):
	"""The approval modules' clock (step start, actions, escalation) at ``moment``."""
	with (
		patch("jxc_app.jxc_approvals.lifecycle.now_datetime", return_value=moment),
		patch("jxc_app.jxc_approvals.escalation.now_datetime", return_value=moment),
	):
		yield


def as_user(user):
	frappe.set_user(user)


def user_step(name, user, **extra):
	return {"step_name": name, "approver_type": "User", "user": user, **extra}


def draft_po(org, rate=100, qty=1, requester=None):
	"""A draft PO created by the requester (master data made beforehand by the administrator)."""
	as_user("Administrator")
	supplier, item = SupplierFactory().name, ItemFactory().name
	as_user(requester or org.requester)
	return PurchaseOrderFactory(company=org.company, rate=rate, qty=qty, supplier=supplier, item_code=item)


def request_of(po):
	return frappe.get_doc("Approval Request", approval_requests.get_requests(po.doctype, po.name)[0])


def reads_orders(user):
	"""A general manager who may also read purchase orders (to approve one handed over to them)."""
	with as_administrator():
		frappe.get_doc("User", user).add_roles("Purchase User")


@pytest.mark.smoke
def test_amount_band_routing_picks_the_right_chain(org):
	ApprovalRuleFactory(
		rule_name=unique("小额"),
		amount_field="base_grand_total",
		max_amount=10000,
		steps=[user_step("主管", org.supervisor)],
	)
	ApprovalRuleFactory(
		rule_name=unique("中额"),
		amount_field="base_grand_total",
		min_amount=10000,
		max_amount=50000,
		steps=[user_step("部门", org.head)],
	)
	ApprovalRuleFactory(
		rule_name=unique("大额"),
		amount_field="base_grand_total",
		min_amount=50000,
		steps=[user_step("部门", org.head), user_step("总经理", org.gm)],
	)
	expected = {500: [org.supervisor], 10000: [org.head], 80000: [org.head, org.gm]}
	for amount, approvers in expected.items():
		po = draft_po(org, rate=amount)
		actions.request_approval(po.doctype, po.name)
		request = request_of(po)
		assert [row.approver for row in request.approvers] == approvers
		assert request.amount == amount and request.status == constants.PENDING
		assert request.current_approvers == approvers[0]


def test_department_head_reports_to_and_walk_up_the_tree(org, company):
	rule = ApprovalRuleFactory(
		steps=[
			{"step_name": "直属上级", "approver_type": "Reports To"},
			{"step_name": "部门负责人", "approver_type": "Department Head"},
		]
	)
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	assert [row.approver for row in request_of(po).approvers] == [org.supervisor, org.head]

	# a newcomer without reports_to: that step has nobody and nowhere to escalate
	as_user("Administrator")
	sub = make_department(company, parent=org.department)  # no head of its own
	newcomer, _ = make_person(company, ["Purchase User"], department=sub)
	po = draft_po(org, requester=newcomer)
	with pytest.raises(errors.NoApproverFoundError):
		actions.request_approval(po.doctype, po.name)
	assert not approval_requests.get_requests(po.doctype, po.name)

	# the department head step walks up to the nearest department with a head
	as_user("Administrator")
	rule.reload()
	rule.set("steps", [{"step_name": "部门负责人", "approver_type": "Department Head"}])
	rule.save()
	as_user(newcomer)
	actions.request_approval(po.doctype, po.name)
	assert [row.approver for row in request_of(po).approvers] == [org.head]


@pytest.mark.smoke
def test_countersign_needs_everyone_and_or_sign_needs_one(org):
	ApprovalRuleFactory(
		steps=[
			{"step_name": "或签", "approver_type": "User", "user": org.supervisor},
			{
				"step_name": "会签",
				"approver_type": "Role",
				"role": _role_for(org.head, org.gm),
				"mode": "All Must Approve",
			},
		]
	)
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	as_user(org.supervisor)
	actions.approve(po.doctype, po.name)
	as_user(org.head)
	assert actions.approve(po.doctype, po.name) == constants.PENDING  # gm has not signed yet
	as_user(org.gm)
	assert actions.approve(po.doctype, po.name) == constants.APPROVED

	# 或签 with two approvers: the first decision decides, the other's row is cancelled
	ApprovalRuleFactory(
		rule_name=unique("或签"),
		priority=10,
		steps=[{"step_name": "任一", "approver_type": "Role", "role": _role_for(org.head, org.gm)}],
	)
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	as_user(org.gm)
	assert actions.approve(po.doctype, po.name) == constants.APPROVED
	statuses = {row.approver: row.status for row in request_of(po).approvers}
	assert statuses == {org.head: "Cancelled", org.gm: "Approved"}


def _role_for(*users):
	with as_administrator():
		role = frappe.get_doc(
			{"doctype": "Role", "role_name": unique("_JXC审批组"), "desk_access": 1}
		).insert()
		for user in users:
			frappe.get_doc("User", user).add_roles(role.name)
	return role.name


def test_reject_back_to_a_chosen_step_then_to_the_requester(org):
	ApprovalRuleFactory(
		steps=[user_step("一", org.supervisor), user_step("二", org.head), user_step("三", org.gm)]
	)
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	for approver in (org.supervisor, org.head):
		as_user(approver)
		actions.approve(po.doctype, po.name)
	as_user(org.gm)
	with pytest.raises(errors.CommentRequiredError):
		actions.reject(po.doctype, po.name, comment="  ")
	with pytest.raises(errors.ApprovalStateError):
		actions.reject(po.doctype, po.name, comment="价格偏高", send_back_to_step=3)
	assert actions.reject(po.doctype, po.name, comment="价格偏高", send_back_to_step=2) == constants.PENDING
	request = request_of(po)
	assert request.current_step == 2
	assert {row.step_no: row.status for row in request.approvers} == {
		1: "Approved",
		2: "Pending",
		3: "Waiting",
	}
	assert [a.action for a in request.actions][-2:] == ["Reject", "Send Back"]

	as_user(org.head)
	actions.reject(po.doctype, po.name, comment="请重新询价")
	request = request_of(po)
	assert request.status == constants.REJECTED and not request.current_approvers
	# the requester can fix the order and ask again
	as_user(org.requester)
	actions.request_approval(po.doctype, po.name)
	assert len(approval_requests.get_requests(po.doctype, po.name)) == 2


def test_withdraw_only_by_the_requester(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	as_user(org.supervisor)
	with pytest.raises(frappe.PermissionError):
		actions.withdraw(po.doctype, po.name)
	as_user(org.requester)
	assert actions.withdraw(po.doctype, po.name, comment="不买了") == constants.WITHDRAWN
	assert not frappe.get_all("ToDo", filters={"reference_name": po.name, "status": "Open"})
	with pytest.raises(errors.ApprovalStateError):
		actions.withdraw(po.doctype, po.name)


def test_requester_never_approves_their_own_step(org):
	# the requester holds the approving role: they are left out of the step
	as_user("Administrator")
	frappe.get_doc("User", org.requester).add_roles("General Manager")
	ApprovalRuleFactory(steps=[{"step_name": "总经理", "approver_type": "Role", "role": "General Manager"}])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	assert org.requester not in [row.approver for row in request_of(po).approvers]
	with pytest.raises(frappe.PermissionError):
		actions.approve(po.doctype, po.name)

	# the requester is the only approver: the step escalates
	reads_orders(org.gm)
	ApprovalRuleFactory(
		rule_name=unique("自审"),
		priority=10,
		steps=[user_step("本人", org.requester, escalate_to_user=org.gm)],
	)
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	rows = request_of(po).approvers
	assert [(row.approver, row.escalated) for row in rows] == [(org.gm, 1)]


def test_non_approver_is_refused_and_nothing_changes(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	before = request_of(po).as_dict()
	for action in (
		lambda: actions.approve(po.doctype, po.name),
		lambda: actions.reject(po.doctype, po.name, comment="x"),
		lambda: actions.transfer(po.doctype, po.name, org.other),
	):
		as_user(org.other)
		with pytest.raises(frappe.PermissionError):
			action()
	as_user("Administrator")
	after = request_of(po).as_dict()
	assert after["modified"] == before["modified"] and after["approvers"] == before["approvers"]


def test_every_submit_path_is_guarded(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	as_user("Administrator")  # even the administrator
	with pytest.raises(errors.ApprovalRequiredError):
		frappe.get_doc(po.doctype, po.name).submit()
	from frappe.client import submit

	with pytest.raises(errors.ApprovalRequiredError):
		submit(frappe.get_doc(po.doctype, po.name).as_dict())
	doc = frappe.get_doc(po.doctype, po.name)
	doc.docstatus = 1  # what REST PUT {"docstatus": 1} does
	with pytest.raises(errors.ApprovalRequiredError):
		doc.save()
	assert frappe.db.get_value(po.doctype, po.name, "docstatus") == 0


def test_approved_document_submits_and_its_amendment_needs_approval_again(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org, rate=300)
	actions.request_approval(po.doctype, po.name)
	as_user(org.supervisor)
	actions.approve(po.doctype, po.name)
	as_user(org.requester)
	# a change after approval breaks the approval
	doc = frappe.get_doc(po.doctype, po.name)
	doc.items[0].qty = 2
	doc.save()
	with pytest.raises(errors.ApprovalRequiredError):
		doc.submit()
	doc.reload()
	doc.items[0].qty = 1
	doc.save()
	doc.submit()
	assert doc.docstatus == 1

	as_user("Administrator")
	doc.cancel()
	amended = frappe.copy_doc(doc)
	amended.docstatus = 0
	amended.amended_from = doc.name
	amended.insert()
	with pytest.raises(errors.ApprovalRequiredError):
		amended.submit()


def test_update_items_after_approval_needs_a_new_approval(org):
	from erpnext.controllers.accounts_controller import update_child_qty_rate

	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org, rate=300)
	actions.request_approval(po.doctype, po.name)
	as_user(org.supervisor)
	actions.approve(po.doctype, po.name)
	as_user("Administrator")
	doc = frappe.get_doc(po.doctype, po.name)
	doc.submit()
	row = doc.items[0]
	change = [
		{"docname": row.name, "item_code": row.item_code, "qty": 5, "rate": row.rate, "conversion_factor": 1}
	]
	frappe.db.savepoint("before_update_items")
	with pytest.raises(errors.ApprovalRequiredError):
		update_child_qty_rate(po.doctype, json.dumps(change), po.name)
	frappe.db.rollback(save_point="before_update_items")  # what the failed request does
	assert frappe.db.get_value("Purchase Order Item", row.name, "qty") == 1


def test_delegation_inside_its_window_only(org):
	ApprovalRuleFactory(steps=[user_step("一", org.head)])
	as_user(org.head)
	frappe.get_doc(
		{
			"doctype": "Approval Delegation",
			"delegator": org.head,
			"delegate": org.gm,
			"from_date": add_days(nowdate(), 1),
			"to_date": add_days(nowdate(), 5),
		}
	).insert()
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	as_user(org.gm)
	with pytest.raises(frappe.PermissionError):  # the window starts tomorrow
		actions.approve(po.doctype, po.name)
	as_user("Administrator")
	frappe.db.set_value("Approval Delegation", {"delegator": org.head}, "from_date", nowdate())
	as_user(org.gm)
	from jxc_app.jxc_approvals.report.my_pending_approvals.my_pending_approvals import get_data

	assert [(row["reference_name"], row["on_behalf_of"]) for row in get_data(org.gm)] == [(po.name, org.head)]
	actions.approve(po.doctype, po.name, comment="代批")
	row = request_of(po).approvers[0]
	assert (row.status, row.acted_by, row.on_behalf_of) == ("Approved", org.gm, org.head)
	assert request_of(po).actions[-1].on_behalf_of == org.head


def test_delegation_rules(org):
	as_user(org.other)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Approval Delegation",
				"delegator": org.head,
				"delegate": org.other,
				"from_date": nowdate(),
				"to_date": nowdate(),
			}
		).insert()
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc(
			{
				"doctype": "Approval Delegation",
				"delegator": org.other,
				"delegate": org.other,
				"from_date": nowdate(),
				"to_date": nowdate(),
			}
		).insert()


def test_transfer_hands_the_decision_over(org):
	reads_orders(org.gm)
	ApprovalRuleFactory(steps=[user_step("一", org.head)])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	as_user(org.head)
	with pytest.raises(frappe.PermissionError):
		actions.transfer(po.doctype, po.name, org.requester)
	actions.transfer(po.doctype, po.name, org.gm, comment="出差")
	with pytest.raises(frappe.PermissionError):
		actions.approve(po.doctype, po.name)
	as_user(org.gm)
	assert actions.approve(po.doctype, po.name) == constants.APPROVED
	assert [row.status for row in request_of(po).approvers] == ["Transferred", "Approved"]


def test_escalation_after_working_days_across_national_day(org):
	reads_orders(org.gm)
	ApprovalRuleFactory(
		steps=[user_step("一", org.head, remind_after_days=1, escalate_after_days=2, escalate_to_user=org.gm)]
	)
	po = draft_po(org)
	with clock_at(datetime(2025, 9, 30, 10, 0)):
		actions.request_approval(po.doctype, po.name)

	def run_at(moment):
		with clock_at(moment):
			escalation.process_overdue_steps()
		return [row.action for row in request_of(po).actions]

	assert run_at(datetime(2025, 10, 8, 18, 0)) == ["Request"]  # eight days, all holiday
	assert run_at(datetime(2025, 10, 9, 9, 0)) == ["Request", "Remind"]
	assert run_at(datetime(2025, 10, 9, 15, 0)) == ["Request", "Remind"]  # reminded once
	assert run_at(datetime(2025, 10, 10, 9, 0)) == ["Request", "Remind", "Escalate"]
	rows = request_of(po).approvers
	assert [(row.approver, row.status) for row in rows] == [(org.head, "Transferred"), (org.gm, "Pending")]
	as_user(org.gm)
	assert actions.approve(po.doctype, po.name) == constants.APPROVED


def test_transfer_and_escalation_only_to_who_may_read_the_document(org):
	other_company = frappe.db.get_value("Company", {"name": ("!=", org.company)})
	outsider, _ = make_person(org.company, ["Purchase User"])  # the role, but another company only
	with as_administrator():
		frappe.get_doc(
			{"doctype": "User Permission", "user": outsider, "allow": "Company", "for_value": other_company}
		).insert()
	ApprovalRuleFactory(steps=[user_step("一", org.head, escalate_after_days=1, escalate_to_user=org.gm)])
	po = draft_po(org)
	with clock_at(datetime(2025, 9, 1, 10, 0)):
		actions.request_approval(po.doctype, po.name)
	as_user(org.head)
	before = request_of(po).as_dict()
	# the general manager may not read purchase orders; the outsider not this company's
	for user in (org.gm, outsider):
		with pytest.raises(errors.ApproverCannotReadError):
			actions.transfer(po.doctype, po.name, user)
	after = request_of(po).as_dict()
	assert after["modified"] == before["modified"] and after["approvers"] == before["approvers"]
	assert not frappe.get_all("DocShare", {"share_doctype": po.doctype, "share_name": po.name})
	# the escalation skips who may not read it: the step stays with its approver
	as_user("Administrator")
	with clock_at(datetime(2025, 9, 10, 10, 0)):
		escalation.process_overdue_steps()
	request = request_of(po)
	assert [(row.approver, row.status) for row in request.approvers] == [(org.head, "Pending")]
	assert request.actions[-1].action == "Escalate" and org.gm in request.actions[-1].comment
	assert not frappe.get_all("ToDo", {"reference_name": po.name, "allocated_to": org.gm, "status": "Open"})
	# a share (the engine's own ToDo) does not count as being able to read it
	frappe.share.add(po.doctype, po.name, org.gm, read=1)
	as_user(org.head)
	with pytest.raises(errors.ApproverCannotReadError):
		actions.transfer(po.doctype, po.name, org.gm)
	# someone who may read it takes it
	reads_orders(org.gm)
	as_user(org.head)
	actions.transfer(po.doctype, po.name, org.gm)
	assert [row.approver for row in request_of(po).approvers if row.status == "Pending"] == [org.gm]


def test_a_step_with_no_approver_falls_back_only_to_who_may_read_it(org):
	ApprovalRuleFactory(steps=[user_step("本人", org.requester, escalate_to_user=org.gm)])
	po = draft_po(org)
	with pytest.raises(errors.NoApproverFoundError):
		actions.request_approval(po.doctype, po.name)


def test_todos_and_notifications_follow_the_chain(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor), user_step("二", org.head)])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)

	def open_todos():
		return frappe.get_all(
			"ToDo", filters={"reference_name": po.name, "status": "Open"}, pluck="allocated_to"
		)

	assert open_todos() == [org.supervisor]
	assert frappe.db.exists(
		"Notification Log", {"for_user": org.supervisor, "document_name": po.name, "type": "Assignment"}
	)
	as_user(org.supervisor)
	actions.approve(po.doctype, po.name)
	assert open_todos() == [org.head]
	assert (
		frappe.db.get_value("ToDo", {"reference_name": po.name, "allocated_to": org.supervisor}, "status")
		== "Closed"
	)
	as_user(org.head)
	actions.approve(po.doctype, po.name)
	assert open_todos() == []
	assert frappe.db.exists(
		"Notification Log", {"for_user": org.requester, "document_name": po.name, "type": "Alert"}
	)


def test_group_robots_receive_each_platforms_payload(org, robot_server):
	configure_robots(robot_server)
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	by_platform = {path.split("?")[0].strip("/"): (path, payload) for path, payload in RobotHandler.received}
	assert (
		by_platform["WeCom"][1]["msgtype"] == "markdown"
		and po.name in by_platform["WeCom"][1]["markdown"]["content"]
	)
	assert by_platform["DingTalk"][1]["msgtype"] == "markdown" and "sign=" in by_platform["DingTalk"][0]
	assert by_platform["Feishu"][1]["msg_type"] == "text" and by_platform["Feishu"][1]["sign"]


def test_rule_validation(company):
	with pytest.raises(frappe.ValidationError, match="not submittable"):
		ApprovalRuleFactory(reference_doctype="Item")
	with pytest.raises(frappe.ValidationError, match="not a currency"):
		ApprovalRuleFactory(amount_field="supplier")
	with pytest.raises(frappe.ValidationError):
		ApprovalRuleFactory(amount_field="base_grand_total", min_amount=100, max_amount=50)


def test_requests_are_written_only_by_the_engine(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	as_user("Administrator")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Approval Request",
				"reference_doctype": po.doctype,
				"reference_name": po.name,
				"status": "Approved",
			}
		).insert()
	actions.request_approval(po.doctype, po.name)
	request = request_of(po)
	request.status = constants.APPROVED
	with pytest.raises(frappe.PermissionError):
		request.save()


def test_visibility_of_requests(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	name = request_of(po).name
	for user, visible in ((org.requester, True), (org.supervisor, True), (org.other, False), (org.gm, True)):
		as_user(user)
		assert (name in frappe.get_list("Approval Request", pluck="name")) is visible, user
		assert bool(frappe.has_permission("Approval Request", "read", doc=name)) is visible, user


def test_role_approvers_are_limited_to_the_documents_company(org):
	role = _role_for(org.head, org.gm)
	with as_administrator():
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": org.gm,
				"allow": "Company",
				"for_value": frappe.db.get_value("Company", {"name": ("!=", org.company)}),
			}
		).insert()
	ApprovalRuleFactory(steps=[{"step_name": "本公司", "approver_type": "Role", "role": role}])
	po = draft_po(org)
	actions.request_approval(po.doctype, po.name)
	assert [row.approver for row in request_of(po).approvers] == [org.head]


@pytest.fixture
def workflow_state_field():
	"""A workflow adds this field (ALTER TABLE, which commits); made beforehand so the test stays
	inside its transaction and rolls back whole."""
	from frappe.custom.doctype.custom_field.custom_field import create_custom_field

	if not frappe.get_meta("Purchase Order").has_field("workflow_state"):
		create_custom_field(
			"Purchase Order",
			{
				"fieldname": "workflow_state",
				"label": "Workflow State",
				"fieldtype": "Link",
				"options": "Workflow State",
				"hidden": 1,
				"allow_on_submit": 1,
				"no_copy": 1,
			},
		)
		frappe.db.commit()


def test_coexists_with_a_frappe_workflow(org, workflow_state_field):
	"""The workflow keeps its states; its submitting transition waits for the approval chain."""
	from frappe.model.workflow import apply_workflow

	with as_administrator():
		frappe.get_doc(
			{
				"doctype": "Workflow",
				"workflow_name": unique("_jxc wf"),
				"document_type": "Purchase Order",
				"workflow_state_field": "workflow_state",
				"is_active": 1,
				"send_email_alert": 0,
				"states": [
					{"state": "Pending", "doc_status": "0", "allow_edit": "Purchase User"},
					{"state": "Approved", "doc_status": "1", "allow_edit": "Purchase User"},
				],
				"transitions": [
					{
						"state": "Pending",
						"action": "Approve",
						"next_state": "Approved",
						"allowed": "Purchase User",
						"allow_self_approval": 1,
					}
				],
			}
		).insert()
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	assert po.workflow_state == "Pending"
	with pytest.raises(errors.ApprovalRequiredError):
		apply_workflow(frappe.get_doc(po.doctype, po.name), "Approve")
	actions.request_approval(po.doctype, po.name)
	as_user(org.supervisor)
	actions.approve(po.doctype, po.name)
	as_user(org.requester)
	doc = apply_workflow(frappe.get_doc(po.doctype, po.name), "Approve")
	assert (doc.workflow_state, doc.docstatus) == ("Approved", 1)


def test_data_import_with_submit_after_import_is_guarded(org):
	"""Data Import's own insert-and-submit step (Importer.insert_record) meets the guard."""
	from frappe.core.doctype.data_import.importer import Importer

	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	template = draft_po(org).as_dict()
	as_user("Administrator")
	importer = Importer.__new__(Importer)  # the file-reading part of the importer is not under test
	importer.doctype = "Purchase Order"
	importer.data_import = frappe.new_doc(
		"Data Import", submit_after_import=1, import_type="Insert New Records"
	)
	row = frappe._dict(
		{
			key: template[key]
			for key in (
				"company",
				"supplier",
				"currency",
				"conversion_rate",
				"transaction_date",
				"schedule_date",
			)
		}
	)
	row["items"] = [
		{k: template["items"][0][k] for k in ("item_code", "qty", "rate", "schedule_date", "warehouse")}
	]
	count = frappe.db.count("Purchase Order", {"docstatus": 1})
	with pytest.raises(errors.ApprovalRequiredError):
		importer.insert_record(row)
	assert frappe.db.count("Purchase Order", {"docstatus": 1}) == count


def _approved_submitted_po(org, rate=300):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org, rate=rate)
	actions.request_approval(po.doctype, po.name)
	as_user(org.supervisor)
	actions.approve(po.doctype, po.name)
	as_user("Administrator")
	doc = frappe.get_doc(po.doctype, po.name)
	doc.submit()
	return doc


def _change(row, qty):
	return json.dumps(
		[
			{
				"docname": row.name,
				"item_code": row.item_code,
				"qty": qty,
				"rate": row.rate,
				"uom": row.uom,
				"conversion_factor": row.conversion_factor,
				"schedule_date": str(row.schedule_date),
			}
		]
	)


def test_update_items_change_is_held_for_approval_then_applied(org):
	doc = _approved_submitted_po(org)
	row = doc.items[0]
	as_user(org.requester)
	actions.request_change_approval(doc.doctype, doc.name, _change(row, 5), comment="加量")
	# nothing changes while the change waits
	assert frappe.db.get_value("Purchase Order Item", row.name, "qty") == 1
	assert frappe.db.get_value("Purchase Order", doc.name, "grand_total") == 300
	request = approval_requests.open_request(doc.doctype, doc.name)
	assert request.amount == 1500 and json.loads(request.proposed_change)[0]["qty"] == 5
	with pytest.raises(errors.ApprovalStateError):  # one approval at a time
		actions.request_change_approval(doc.doctype, doc.name, _change(row, 6))
	as_user(org.supervisor)
	assert actions.approve(doc.doctype, doc.name) == constants.APPROVED
	assert frappe.db.get_value("Purchase Order Item", row.name, "qty") == 5
	assert frappe.db.get_value("Purchase Order", doc.name, "grand_total") == 1500


def test_rejected_change_leaves_the_order_as_approved(org):
	doc = _approved_submitted_po(org)
	row = doc.items[0]
	as_user(org.requester)
	actions.request_change_approval(doc.doctype, doc.name, _change(row, 9))
	as_user(org.supervisor)
	actions.reject(doc.doctype, doc.name, comment="不需要这么多")
	assert frappe.db.get_value("Purchase Order Item", row.name, "qty") == 1
	assert frappe.db.get_value("Purchase Order", doc.name, "grand_total") == 300


def test_documents_show_their_approval_status(org):
	ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	po = draft_po(org)
	modified = frappe.db.get_value(po.doctype, po.name, "modified")
	actions.request_approval(po.doctype, po.name)
	assert frappe.db.get_value(po.doctype, po.name, "jxc_approval_status") == constants.PENDING
	as_user(org.supervisor)
	actions.approve(po.doctype, po.name)
	assert frappe.db.get_value(po.doctype, po.name, ["jxc_approval_status", "modified"]) == (
		constants.APPROVED,
		modified,
	)
	as_user(org.requester)
	assert po.name in frappe.get_list(
		"Purchase Order", filters={"jxc_approval_status": constants.APPROVED}, pluck="name"
	)


def test_the_cached_rules_expire_so_a_stale_copy_cannot_route_documents_for_long(org):
	"""A request whose transaction began before a rule's commit reads the old rules from its snapshot and
	may cache them right after the commit dropped the cache: every cached copy expires."""
	rule = ApprovalRuleFactory(steps=[user_step("一", org.supervisor)])
	key = frappe.cache.make_key(constants.RULES_CACHE_KEY)
	frappe.cache.delete_value(constants.RULES_CACHE_KEY)
	assert rule.name in {r["name"] for r in rule_lookup.all_rules().get("Purchase Order", [])}
	assert 0 < frappe.cache.ttl(key) <= constants.RULES_CACHE_SECONDS
	# the rest of the request reads its own copy (every submit asks), not Redis again
	with patch.object(frappe.cache, "get", side_effect=AssertionError("read Redis again")):
		assert rule.name in {r["name"] for r in rule_lookup.all_rules().get("Purchase Order", [])}
	# what a stale request caches (the rules before this one) expires the same way
	frappe.cache.delete_value(constants.RULES_CACHE_KEY)
	with patch.object(rule_lookup, "_load_rules", return_value={}):
		assert rule_lookup.all_rules() == {}
	assert 0 < frappe.cache.ttl(key) <= constants.RULES_CACHE_SECONDS
	frappe.cache.delete_value(constants.RULES_CACHE_KEY)  # as at its expiry
	assert rule.name in {r["name"] for r in rule_lookup.all_rules().get("Purchase Order", [])}
