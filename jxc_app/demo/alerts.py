"""预警 demo: stock limits on a few items, the documents that make every alert type fire in the demo company
(an expired batch, an overdue receivable, a payable due, a late and a short purchase order, orders split
under the 1 万元 band, a step waiting for approval, a high return rate), one 预警规则 per type, each run once.
The opening stock (60 days old), 华南仓's batches close to expiry and the transfer in transit supply the rest."""

import frappe
from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return
from frappe.utils import add_days, add_to_date, now_datetime, nowdate

from jxc_app.demo import data, records
from jxc_app.jxc_alerts import runner
from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.rules import alerts

# item, warehouse, limits
STOCK_LIMITS = [
	("DZ-010", "总仓", {"safety_qty": 10, "min_qty": 30, "max_qty": 60}),  # 20 on hand: low
	("BG-002", "总仓", {"min_qty": 240, "max_qty": 800}),  # 1 200 on hand: overstock
	("DZ-002", "总仓", {"min_qty": 10, "max_qty": 100, "max_value": 5000}),  # worth 4 732: fine
]
# type, title, thresholds, recipients' role
RULES = [
	(alerts.LOW_STOCK, "低库存预警", {}, "Stock Manager"),
	(alerts.OVERSTOCK, "超储预警", {}, "Stock Manager"),
	(alerts.EXPIRING_BATCH, "临期批次预警（30天）", {"days": 30}, "Stock Manager"),
	(alerts.EXPIRED_BATCH, "过期批次预警", {"severity": alerts.CRITICAL}, "Stock Manager"),
	(
		alerts.SLOW_MOVING,
		"滞销预警（30天无出库，货值≥2000元）",
		{"days": 30, "amount": 2000},
		"Stock Manager",
	),
	(alerts.RECEIVABLE_OVERDUE, "应收逾期预警", {"amount": 1000}, "Accounts Manager"),
	(alerts.PAYABLE_DUE, "应付到期预警（7天内）", {"days": 7}, "Accounts Manager"),
	(alerts.PURCHASE_ORDER_OVERDUE, "采购订单逾期预警", {}, "Purchase Manager"),
	(alerts.SHORT_RECEIPT, "到货短缺预警", {}, "Purchase Manager"),
	(alerts.TRANSIT_OVERDUE, "在途超时预警（1天）", {"days": 1}, "Stock Manager"),
	(alerts.APPROVAL_OVERDUE, "审批超时预警（2个工作日）", {"days": 2}, "General Manager"),
	(alerts.SPLIT_ORDERS, "拆单预警（7天内）", {"days": 7, "percent": 20}, "General Manager"),
	(alerts.HIGH_RETURN_RATE, "高退货率预警（30天，10%）", {"days": 30, "percent": 10}, "Sales Manager"),
]


def ensure_alert_demo(company: str, warehouses: dict[str, str]):
	if frappe.db.exists("JXC Alert Rule", {"company": company}):
		return
	current_user = frappe.session.user
	try:
		_stock_limits(warehouses)
		_expired_batch(company, warehouses)
		_money(company)
		_purchase_orders(company, warehouses)
		_high_returns(company, warehouses)
	finally:
		frappe.set_user(current_user)
	for alert_type, title, thresholds, role in RULES:
		rule = frappe.get_doc(
			{
				"doctype": "JXC Alert Rule",
				"title": title,
				"alert_type": alert_type,
				"severity": alerts.WARNING,
				"enabled": 1,
				"company": company,
				"schedule": "At Set Times",
				"run_times": "08:30",
				"working_days_only": 1,
				"delivery": "Digest",
				"channel_system": 1,
				"roles": [{"role": role}],
				**thresholds,
			}
		).insert(ignore_permissions=True)
		runner.run_rule(rule.name)


EXPIRED_BATCH = "YL-009-过期演示"


def _stock_limits(warehouses):
	for item_code, warehouse, limits in STOCK_LIMITS:
		item = frappe.get_doc("Item", item_code)
		if any(row.warehouse == warehouses[warehouse] for row in item.get("jxc_stock_limits")):
			continue  # a demo run stopped half-way before
		item.append("jxc_stock_limits", {"warehouse": warehouses[warehouse], **limits})
		item.save(ignore_permissions=True)


def _expired_batch(company, warehouses):
	"""牛奶 received 40 days ago in a batch that expired 5 days ago, still in 总仓."""
	if frappe.db.exists("Batch", EXPIRED_BATCH):
		return  # a demo run stopped half-way before
	batch = frappe.get_doc(
		{
			"doctype": "Batch",
			"batch_id": EXPIRED_BATCH,
			"item": "YL-009",
			"manufacturing_date": add_days(nowdate(), -185),
			"expiry_date": add_days(nowdate(), -5),
		}
	).insert(ignore_permissions=True)
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -40),
			"items": [
				{
					"item_code": "YL-009",
					"qty": 48,
					"basic_rate": 1.82,
					"t_warehouse": warehouses["总仓"],
					"batch_no": batch.name,
					"use_serial_batch_fields": 1,
				}
			],
		}
	).insert(ignore_permissions=True)
	entry.submit()


def _party(doctype: str, name: str) -> str:
	field = "customer_name" if doctype == "Customer" else "supplier_name"
	return frappe.db.get_value(doctype, {field: name})


def _money(company):
	"""An invoice to 上海联华 15 days overdue, and a supplier invoice due in 3 days."""
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": company,
			"customer": _party("Customer", data.CUSTOMERS[0][0]),
			"currency": "CNY",
			"conversion_rate": 1,
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -45),
			"due_date": add_days(nowdate(), -15),
			"items": [{"item_code": "BG-001", "qty": 100, "rate": 21}],
		}
	).insert(ignore_permissions=True)
	invoice.submit()
	bill = frappe.get_doc(
		{
			"doctype": "Purchase Invoice",
			"company": company,
			"supplier": _party("Supplier", "宁波得胜文具有限公司"),
			"currency": "CNY",
			"conversion_rate": 1,
			"bill_no": "DS-2026-118",
			"bill_date": nowdate(),
			"due_date": add_days(nowdate(), 3),
			"items": [{"item_code": "BG-001", "qty": 50, "rate": 14.7}],
		}
	).insert(ignore_permissions=True)
	bill.submit()


def _order(company, warehouses, supplier, item_code, qty, rate, ordered_days_ago=0, expected_in=7):
	"""A purchase order by the buyer, sent for approval."""
	frappe.set_user(data.user_email("buyer"))
	order = frappe.get_doc(
		{
			"doctype": "Purchase Order",
			"company": company,
			"supplier": _party("Supplier", supplier),
			"currency": "CNY",
			"conversion_rate": 1,
			"transaction_date": add_days(nowdate(), -ordered_days_ago),
			"schedule_date": add_days(nowdate(), expected_in),
			"set_warehouse": warehouses["总仓"],
			"items": [
				{
					"item_code": item_code,
					"qty": qty,
					"rate": rate,
					"schedule_date": add_days(nowdate(), expected_in),
					"warehouse": warehouses["总仓"],
				}
			],
		}
	).insert()
	approval_actions.request_approval(order.doctype, order.name, comment="请审批")
	return order


def _approved_and_submitted(order):
	records.approve_through_the_chain(order.doctype, order.name)
	frappe.set_user(data.user_email("buyer"))
	order = frappe.get_doc(order.doctype, order.name)
	order.submit()
	return order


def _purchase_orders(company, warehouses):
	# late: expected 10 days ago, nothing received
	_approved_and_submitted(
		_order(company, warehouses, "上海百联食品批发有限公司", "YL-001", 240, 1.75, 20, -10)
	)
	# short: 300 of 480 received
	short = _approved_and_submitted(
		_order(company, warehouses, "广州粤海饮料供应链有限公司", "YL-003", 480, 0.84, 15, -5)
	)
	frappe.set_user("Administrator")
	receipt = make_purchase_receipt(short.name)
	receipt.items[0].qty = 300
	receipt.insert(ignore_permissions=True)
	receipt.submit()
	# split: three orders of 华为耳机 just under 1 万元 in five days, 2.8 万元 together
	for days_ago, qty in ((5, 80), (3, 82), (1, 78)):
		_approved_and_submitted(
			_order(company, warehouses, "深圳华强电子商贸有限公司", "DZ-002", qty, 118.3, days_ago, 7)
		)
	# waiting: the department head has not decided for 6 days
	waiting = _order(company, warehouses, "杭州西湖日化贸易有限公司", "RY-003", 40, 34.3)
	name = frappe.db.get_value(
		"Approval Request", {"reference_doctype": waiting.doctype, "reference_name": waiting.name}
	)
	frappe.db.set_value(
		"Approval Request",
		name,
		"step_started_on",
		add_to_date(now_datetime(), days=-6),
		update_modified=False,
	)


def _high_returns(company, warehouses):
	"""杭州华润万家 sends back 10 of the 50 香皂 delivered (20 %)."""
	frappe.set_user("Administrator")
	records.ensure_stock(company, warehouses["总仓"], {"RY-005": 50}, add_days(nowdate(), -7))
	note = frappe.get_doc(
		{
			"doctype": "Delivery Note",
			"company": company,
			"customer": _party("Customer", data.CUSTOMERS[1][0]),
			"currency": "CNY",
			"conversion_rate": 1,
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -6),
			"items": [{"item_code": "RY-005", "qty": 50, "rate": 5.5, "warehouse": warehouses["总仓"]}],
		}
	).insert(ignore_permissions=True)
	note.submit()
	back = make_sales_return(note.name)
	back.items[0].qty = -10
	back.insert(ignore_permissions=True)
	back.submit()
