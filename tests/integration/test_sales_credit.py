"""信用管控 on a real site: an order over the customer's credit or with overdue invoices waits for
信用审批 through our engine, then passes ERPNext's credit stop; orders submitted at the same time
never share one available credit; with the setting off ERPNext behaves as without jxc_app."""

import frappe
import pytest
import requests
from erpnext.selling.doctype.customer.customer import check_credit_limit, get_customer_outstanding
from frappe.utils import add_days, nowdate

from jxc_app.jxc_approvals import actions, errors
from jxc_app.jxc_selling import credit
from jxc_app.rules.credit import NEEDS_APPROVAL, OK, OVER_LIMIT, OVERDUE
from tests.integration.factories import (
	ApprovalRuleFactory,
	CustomerFactory,
	ItemFactory,
	api_user,
)
from tests.integration.test_races import explain, race


@pytest.fixture(autouse=True)
def credit_settings(site):
	"""Credit approval on, 30 days of overdue allowed, and ERPNext's credit stop for everyone (no
	Credit Controller role, which the administrator would have). Rolled back after each test."""
	frappe.local.lang = "en"
	set_settings(credit_approval=1, credit_overdue_days=30)
	frappe.db.set_single_value("Accounts Settings", "credit_controller", "")


def set_settings(**values):
	settings = frappe.get_doc("JXC Settings")
	settings.update(values)
	settings.save(ignore_permissions=True)


@pytest.fixture(scope="module")
def item(company):
	"""A non-stock item (no bins to clean up), committed once for the module."""
	code = ItemFactory(is_stock_item=0).name
	frappe.db.commit()
	yield code
	frappe.db.rollback()
	frappe.delete_doc("Item", code, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture(scope="module")
def manager(company):
	"""A sales manager (approver of the credit rule, and the API user of the race), committed once for
	the module: making a user takes seconds."""
	made: list[tuple[str, str]] = []
	user, headers = api_user(made, ["Sales Manager", "Sales User"])
	frappe.db.commit()
	yield frappe._dict(user=user, headers=headers)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def customer_with_limit(company: str, limit: float) -> str:
	return CustomerFactory(credit_limits=[{"company": company, "credit_limit": limit}]).name


def order(company: str, customer: str, item: str, amount: float, insert: bool = True):
	doc = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": company,
			"customer": customer,
			"currency": "CNY",
			"conversion_rate": 1,
			"selling_price_list": frappe.db.get_value("Price List", {"selling": 1, "enabled": 1}),
			"transaction_date": nowdate(),
			"delivery_date": add_days(nowdate(), 7),
			"items": [{"item_code": item, "qty": 1, "rate": amount}],
		}
	)
	return doc.insert() if insert else doc


def credit_rule(company: str, approver: str):
	return ApprovalRuleFactory(
		rule_name=f"信用审批 {approver}",
		reference_doctype="Sales Order",
		company=company,
		priority=100,
		conditions=[{"fieldname": "jxc_credit_check", "operator": "in", "value": ",".join(NEEDS_APPROVAL)}],
		steps=[{"step_name": "销售经理", "approver_type": "User", "user": approver}],
	)


@pytest.mark.smoke
def test_over_limit_order_waits_for_credit_approval_then_passes_erpnext_stop(company, item, manager):
	credit_rule(company, manager.user)
	customer = customer_with_limit(company, 1000)
	so = order(company, customer, item, 1500)

	assert so.jxc_credit_check == OVER_LIMIT
	assert (so.jxc_credit_limit, so.jxc_credit_used, so.jxc_credit_available) == (1000, 0, 1000)
	with pytest.raises(errors.ApprovalRequiredError):
		frappe.get_doc(so.doctype, so.name).submit()

	actions.request_approval(so.doctype, so.name)
	frappe.set_user(manager.user)
	actions.approve(so.doctype, so.name)
	frappe.set_user("Administrator")
	so = frappe.get_doc(so.doctype, so.name)
	so.submit()
	assert frappe.db.get_value(so.doctype, so.name, "docstatus") == 1
	# ERPNext's own check stops this customer now: the approval, not a role or a bypass, let it through
	assert (
		frappe.db.get_value("Customer Credit Limit", {"parent": customer}, "bypass_credit_limit_check") == 0
	)
	with pytest.raises(frappe.ValidationError, match=r"(?i)credit limit"):
		check_credit_limit(customer, company)


def test_figures_match_erpnext_and_an_order_within_the_limit_needs_no_approval(company, item, manager):
	credit_rule(company, manager.user)
	customer = customer_with_limit(company, 10000)
	first = order(company, customer, item, 3000)
	assert first.jxc_credit_check == OK
	first.submit()  # no approval asked

	second = order(company, customer, item, 2000)
	used = get_customer_outstanding(customer, company)
	assert used == 3000  # the first order, open and unbilled
	assert (second.jxc_credit_limit, second.jxc_credit_used, second.jxc_credit_available) == (
		10000,
		used,
		7000,
	)
	assert second.jxc_credit_check == OK
	second.submit()

	# 3 000 + 2 000 used: 5 000.01 more goes over
	third = order(company, customer, item, 5000.01)
	assert third.jxc_credit_used == get_customer_outstanding(customer, company) == 5000
	assert third.jxc_credit_check == OVER_LIMIT
	third.items[0].rate = 5000
	third.save()
	assert third.jxc_credit_check == OK  # exactly at the limit, as ERPNext counts it


def test_overdue_invoice_needs_credit_approval_beyond_the_settings_days(company, item, manager):
	credit_rule(company, manager.user)
	customer = CustomerFactory().name  # no credit limit: only the overdue invoice counts
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": company,
			"customer": customer,
			"currency": "CNY",
			"conversion_rate": 1,
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -60),
			"due_date": add_days(nowdate(), -40),
			"items": [{"item_code": item, "qty": 1, "rate": 800}],
		}
	).insert()
	invoice.submit()

	so = order(company, customer, item, 100)
	assert (so.jxc_overdue_amount, so.jxc_max_overdue_days) == (800, 40)
	assert so.jxc_credit_check == OVERDUE
	with pytest.raises(errors.ApprovalRequiredError):
		frappe.get_doc(so.doctype, so.name).submit()

	set_settings(credit_overdue_days=45)  # 40 days overdue is now allowed
	so = frappe.get_doc(so.doctype, so.name)
	so.save()
	assert so.jxc_credit_check == OK
	so.submit()
	assert so.docstatus == 1


def test_without_approval_or_with_the_setting_off_erpnext_stops_the_order(company, item, manager):
	customer = customer_with_limit(company, 1000)
	# no credit rule: the order is flagged, nothing approves it, ERPNext's stop holds
	so = order(company, customer, item, 1500)
	assert so.jxc_credit_check == OVER_LIMIT
	assert_erpnext_stops(so)

	# setting off: no figures, no credit approval (even with a credit rule), ERPNext's stop as ever
	credit_rule(company, manager.user)
	set_settings(credit_approval=0)
	so = frappe.get_doc(so.doctype, so.name)
	so.save()
	assert not so.jxc_credit_check and not so.jxc_credit_limit and not so.jxc_credit_used
	assert_erpnext_stops(so)


def assert_erpnext_stops(so):
	"""ERPNext's credit stop refuses the submit (at on_submit, after the row was written: undone)."""
	frappe.db.savepoint("credit_stop")
	try:
		with pytest.raises(frappe.ValidationError, match=r"(?i)credit limit") as refused:
			frappe.get_doc(so.doctype, so.name).submit()
		assert not isinstance(refused.value, errors.ApprovalRequiredError)
	finally:
		frappe.db.rollback(save_point="credit_stop")
	assert frappe.db.get_value(so.doctype, so.name, "docstatus") == 0


def test_orders_submitted_at_the_same_time_do_not_share_the_available_credit(
	server, committed, company, item, manager
):
	"""Two orders of 600 on a limit of 1 000, each within it alone, submitted at once over HTTP:
	one passes, the other is refused (credit changed, or over the limit with no approval)."""
	customer = customer_with_limit(company, 1000)
	committed.append(("Customer", customer))
	orders = [order(company, customer, item, 600) for _ in range(2)]
	committed.extend(("Sales Order", so.name) for so in orders)
	assert all(so.jxc_credit_check == OK for so in orders)
	frappe.db.commit()

	try:
		answers = race(
			[
				("PUT", f"{server}/api/resource/Sales Order/{so.name}", manager.headers, {"docstatus": 1})
				for so in orders
			]
		)
		statuses = sorted(answer.status_code for answer in answers if isinstance(answer, requests.Response))
		assert statuses == [200, 417], explain(answers)
		refused = next(answer for answer in answers if answer.status_code == 417).json()
		assert refused["exc_type"] in (credit.CreditChangedError.__name__, "ValidationError"), refused
		submitted = frappe.get_all(
			"Sales Order", filters={"customer": customer, "docstatus": 1}, pluck="base_grand_total"
		)
		assert submitted == [600]
	finally:
		frappe.db.rollback()
		for so in orders:
			if frappe.db.get_value("Sales Order", so.name, "docstatus") == 1:
				frappe.get_doc("Sales Order", so.name).cancel()
		frappe.db.commit()
