"""信用管控 demo: the 信用审批 rule, a customer with a 2 万元 credit limit and an invoice 45 days overdue,
and a sales order by 陈静 that takes the customer over the limit, waiting for 信用审批."""

import frappe
from frappe.utils import add_days, nowdate

from jxc_app.demo import data
from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.requests import get_requests
from jxc_app.rules import credit

# Sales orders over the customer's credit, or from a customer with invoices overdue by more than
# JXC Settings › Overdue Days, wait for the sales manager (instead of ERPNext's credit stop).
CREDIT_RULE = {
	"rule_name": "信用审批",
	"reference_doctype": "Sales Order",
	"priority": 100,  # before the other Sales Order rules: credit is decided first
	"description": "Over the customer's credit limit, or invoices overdue beyond the settings' days",
	"conditions": [
		{"fieldname": "jxc_credit_check", "operator": "in", "value": ",".join(credit.NEEDS_APPROVAL)}
	],
	"steps": [{"step_name": "销售经理", "approver_type": "Role", "role": "Sales Manager"}],
}
CUSTOMER = "温州信达文具批发部"
CREDIT_LIMIT = 20000
ITEM = "BG-001"
OVERDUE_QTY, ORDER_QTY, RATE = 300, 700, 21  # 6 300 overdue + 14 700 ordered > 20 000


def ensure_sales_credit_demo(company: str, warehouses: dict[str, str]):
	ensure_credit_rule(company)
	customer = _customer(company)
	if frappe.db.exists("Sales Invoice", {"customer": customer, "docstatus": 1}):
		return
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": company,
			"customer": customer,
			"currency": "CNY",
			"conversion_rate": 1,
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -75),
			"due_date": add_days(nowdate(), -45),
			"items": [{"item_code": ITEM, "qty": OVERDUE_QTY, "rate": RATE}],
		}
	).insert(ignore_permissions=True)
	invoice.submit()
	_order_waiting_for_credit_approval(company, customer, warehouses["总仓"])


def ensure_credit_rule(company: str):
	if not frappe.db.exists("Approval Rule", CREDIT_RULE["rule_name"]):
		frappe.get_doc({"doctype": "Approval Rule", "company": company, **CREDIT_RULE}).insert(
			ignore_permissions=True
		)


def _customer(company: str) -> str:
	name = frappe.db.get_value("Customer", {"customer_name": CUSTOMER})
	if name:
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": CUSTOMER,
				"customer_group": "经销商",
				"territory": "华东",
				"customer_type": "Company",
				"default_currency": "CNY",
				"credit_limits": [{"company": company, "credit_limit": CREDIT_LIMIT}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _order_waiting_for_credit_approval(company: str, customer: str, warehouse: str):
	current_user = frappe.session.user
	try:
		frappe.set_user(data.user_email("sales"))
		order = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"company": company,
				"customer": customer,
				"currency": "CNY",
				"conversion_rate": 1,
				"transaction_date": nowdate(),
				"delivery_date": add_days(nowdate(), 3),
				"set_warehouse": warehouse,
				"items": [{"item_code": ITEM, "qty": ORDER_QTY, "rate": RATE, "warehouse": warehouse}],
			}
		).insert()
		if not get_requests(order.doctype, order.name):
			approval_actions.request_approval(order.doctype, order.name, "客户逾期未付，申请信用审批")
	finally:
		frappe.set_user(current_user)
