"""销售 demo: 陈静 (销售员) quotes and sells to the demo's supermarkets. Quotations in every state — 草稿,
待审批 (5 000 元 or more goes to 销售经理 刘洋), approved and open, expiring in two days, 已过期, 已丢单
(with a reason and a competitor), partly and fully ordered — and Sales Orders in every state: 草稿,
待发货待开票, 部分发货, 待开票, 已完成 (delivered, invoiced and paid) and 已关闭.

Every document goes through ERPNext's controllers and our approval engine: an order a demo rule holds
(price, margin or credit) is sent for approval and approved through its chain before it is submitted."""

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.selling.doctype.quotation.quotation import make_sales_order, set_expired_status
from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice
from frappe.utils import add_days, nowdate

from jxc_app.demo import data, records
from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.rule_lookup import match_rule

RULE = "报价单审批（5000元及以上）"
LOST_REASON = "价格高于竞品"
COMPETITOR = "某区域批发商"


def ensure_sales_demo(company: str, warehouses: dict[str, str]):
	if frappe.db.exists("Quotation", {"company": company}):
		return
	current_user = frappe.session.user
	try:
		frappe.set_user("Administrator")
		records.ensure_amount_rule(
			RULE,
			"Quotation",
			company,
			5000,
			"报价金额 5000 元及以上由销售经理审批",
			("销售经理", "Sales Manager"),
			amount_field="base_grand_total",
		)
		if not frappe.db.exists("Quotation Lost Reason", LOST_REASON):
			frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": LOST_REASON}).insert()
		if not frappe.db.exists("Competitor", COMPETITOR):
			frappe.get_doc({"doctype": "Competitor", "competitor_name": COMPETITOR}).insert()
		_run(company, warehouses["总仓"])
	finally:
		frappe.set_user(current_user)


def _customer(index: int) -> str:
	name = data.CUSTOMERS[index][0]
	return frappe.db.get_value("Customer", {"customer_name": name}) or name


def _items(lines):
	"""[(item index in data.ITEMS, qty)] → quotation/order rows at the item's standard rate."""
	return [
		{"item_code": data.ITEMS[index]["item_code"], "qty": qty, "rate": data.ITEMS[index]["standard_rate"]}
		for index, qty in lines
	]


def _quotation(company, warehouse, customer, lines, days_ago=0, valid_days=None):
	doc = frappe.get_doc(
		{
			"doctype": "Quotation",
			"company": company,
			"quotation_to": "Customer",
			"party_name": customer,
			"transaction_date": add_days(nowdate(), -days_ago),
			"items": [dict(row, warehouse=warehouse) for row in _items(lines)],
		}
	)
	if valid_days is not None:
		doc.valid_till = add_days(doc.transaction_date, valid_days)
	return doc.insert()


def _approved_submit(doc):
	"""Submit as its salesperson; through the approval chain first when a rule covers it."""
	seller = frappe.session.user
	if match_rule(doc):
		approval_actions.request_approval(doc.doctype, doc.name, comment="请审批")
		records.approve_through_the_chain(doc.doctype, doc.name)
		frappe.set_user(seller)
		doc.reload()
	doc.submit()
	return doc


def _order(quotation_name, delivery_days=5, qty=None):
	order = make_sales_order(quotation_name)
	order.transaction_date, order.delivery_date = nowdate(), add_days(nowdate(), delivery_days)
	order.payment_schedule = []  # ERPNext makes it again from the order's own date
	for row in order.items:
		row.delivery_date = order.delivery_date
		if qty is not None:
			row.qty = qty
	order.insert()
	return _approved_submit(order)


def _deliver(order_name, qty=None):
	note = make_delivery_note(order_name)
	for row in note.items:
		if qty is not None:
			row.qty = qty
	note.insert()
	note.submit()
	return note


def _run(company: str, warehouse: str):
	needs = {}
	for index, qty in ((0, 240), (1, 240), (2, 120), (3, 120), (4, 100)):
		needs[data.ITEMS[index]["item_code"]] = qty
	records.ensure_stock(company, warehouse, needs, add_days(nowdate(), -1))
	frappe.set_user(data.user_email("sales"))

	# quotations
	_quotation(company, warehouse, _customer(0), [(0, 24), (1, 24)])  # 草稿
	pending = _quotation(company, warehouse, _customer(1), [(0, 1200), (4, 800)])  # 5 400 元
	approval_actions.request_approval("Quotation", pending.name, comment="旺季备货报价，请审批")  # 待审批
	_approved_submit(
		_quotation(company, warehouse, _customer(2), [(0, 1500), (4, 600)])
	)  # 5 550 元：已批准，待客户确认
	_approved_submit(
		_quotation(company, warehouse, _customer(3), [(1, 48)], days_ago=5, valid_days=7)
	)  # 即将到期
	_approved_submit(
		_quotation(company, warehouse, _customer(4), [(2, 48)], days_ago=40, valid_days=30)
	)  # 已过期
	lost = _approved_submit(_quotation(company, warehouse, _customer(5), [(3, 96)], days_ago=10))
	lost.declare_enquiry_lost(
		[{"lost_reason": LOST_REASON}], [{"competitor": COMPETITOR}], "对方报价低 5%"
	)  # 已丢单
	set_expired_status()

	# orders from quotations, in every state
	ordered = _approved_submit(_quotation(company, warehouse, _customer(6), [(0, 48), (1, 48)], days_ago=3))
	_order(ordered.name)  # 报价已下单；订单待发货待开票
	partly = _approved_submit(_quotation(company, warehouse, _customer(7), [(0, 100)], days_ago=4))
	partly_order = _order(partly.name, qty=60)  # 报价部分下单
	_deliver(partly_order.name, qty=24)  # 订单部分发货
	to_bill = _approved_submit(_quotation(company, warehouse, _customer(0), [(2, 72)], days_ago=6))
	_deliver(_order(to_bill.name).name)  # 已发货，待开票
	done = _approved_submit(_quotation(company, warehouse, _customer(1), [(3, 24), (4, 24)], days_ago=8))
	note = _deliver(_order(done.name).name)
	frappe.set_user("Administrator")  # finance invoices and receives
	invoice = make_sales_invoice(note.name)
	invoice.insert()
	invoice.submit()
	payment = get_payment_entry("Sales Invoice", invoice.name)
	payment.reference_no, payment.reference_date = "DEMO-" + invoice.name, payment.posting_date
	payment.insert()
	payment.submit()  # 已完成：发货、开票、收款
	frappe.set_user(data.user_email("sales"))
	closed = _approved_submit(_quotation(company, warehouse, _customer(2), [(0, 24)], days_ago=9))
	closed_order = _order(closed.name)
	frappe.set_user(data.user_email("sales.manager"))
	frappe.get_doc("Sales Order", closed_order.name).update_status("Closed")  # 已关闭
	frappe.set_user(data.user_email("sales"))
	draft = make_sales_order(partly.name)  # 草稿订单, for part of what the quotation has left
	draft.delivery_date, draft.payment_schedule = add_days(nowdate(), 7), []
	for row in draft.items:
		row.delivery_date, row.qty = draft.delivery_date, 12
	draft.insert()
