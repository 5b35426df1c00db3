"""价格与毛利管控 demo: 销售限价 for a few items (one for the 经销商 group), the approval rules 最低售价审批,
折扣审批 and 低毛利审批 on Sales Order, and an order by 陈静 below the minimum price and over the maximum
discount, waiting for approval."""

import frappe
from frappe.utils import add_days, nowdate

from jxc_app.demo import data
from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.requests import get_requests

# item, customer group (None: everyone), minimum price per stock unit, maximum discount %
LIMITS = [
	("YL-001", None, 2.3, 10),
	("YL-001", "经销商", 2.1, 15),
	("SP-005", None, 60, 8),
	("DZ-002", None, 150, 10),
]

_SALES_MANAGER = [{"step_name": "销售经理", "approver_type": "Role", "role": "Sales Manager"}]
RULES = [
	{
		"rule_name": "最低售价审批",
		"priority": 30,
		"description": "A line sold below its 最低售价 (销售限价)",
		"conditions": [{"fieldname": "jxc_below_min_price", "operator": "=", "value": "1"}],
		"steps": _SALES_MANAGER,
	},
	{
		"rule_name": "折扣审批",
		"priority": 20,
		"description": "A line discounted beyond its maximum discount (销售限价)",
		"conditions": [{"fieldname": "jxc_over_max_discount", "operator": "=", "value": "1"}],
		"steps": _SALES_MANAGER,
	},
	{
		"rule_name": "低毛利审批",
		"priority": 10,
		"description": "A line with a gross margin under 10 %",
		"conditions": [{"fieldname": "jxc_lowest_margin_pct", "operator": "<", "value": "10"}],
		"steps": [{"step_name": "总经理", "approver_type": "Role", "role": "General Manager"}],
	},
]

CUSTOMER = "上海好德便利店"
ORDER_MARK = "DEMO-限价"  # the customer's PO no. on the demo order, so a second run finds it


def ensure_sales_pricing_demo(company: str, warehouses: dict[str, str]):
	for item_code, group, min_price, max_discount in LIMITS:
		if group and not frappe.db.exists("Customer Group", group):
			continue
		filters = {"item_code": item_code, "company": company, "customer_group": group or ("is", "not set")}
		if frappe.db.exists("Item", item_code) and not frappe.db.exists("Sales Price Limit", filters):
			frappe.get_doc(
				{
					"doctype": "Sales Price Limit",
					"item_code": item_code,
					"customer_group": group,
					"company": company,
					"min_price": min_price,
					"max_discount_pct": max_discount,
				}
			).insert(ignore_permissions=True)
	for rule in RULES:
		if not frappe.db.exists("Approval Rule", rule["rule_name"]):
			frappe.get_doc(
				{"doctype": "Approval Rule", "reference_doctype": "Sales Order", "company": company, **rule}
			).insert(ignore_permissions=True)
	_order_waiting_for_price_approval(company, warehouses["总仓"])


def _order_waiting_for_price_approval(company: str, warehouse: str):
	customer = frappe.db.get_value("Customer", {"customer_name": CUSTOMER})
	if not customer or frappe.db.exists("Sales Order", {"po_no": ORDER_MARK, "company": company}):
		return
	current_user = frappe.session.user
	try:
		frappe.set_user(data.user_email("sales"))
		# 2.20 a can: under the 2.30 minimum, and 12 % off the 2.50 list price (the maximum is 10 %)
		order = frappe.get_doc(
			{
				"doctype": "Sales Order",
				"company": company,
				"customer": customer,
				"currency": "CNY",
				"conversion_rate": 1,
				"po_no": ORDER_MARK,
				"transaction_date": nowdate(),
				"delivery_date": add_days(nowdate(), 3),
				"set_warehouse": warehouse,
				"items": [
					{
						"item_code": "YL-001",
						"qty": 240,
						"price_list_rate": 2.5,
						"rate": 2.2,
						"warehouse": warehouse,
					}
				],
			}
		).insert()
		if not get_requests(order.doctype, order.name):
			approval_actions.request_approval(order.doctype, order.name, "门店开业促销，申请特价")
	finally:
		frappe.set_user(current_user)
