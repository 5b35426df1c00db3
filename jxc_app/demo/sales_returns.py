"""销售退换货 demo: deliveries of 可乐 to 上海联华 (invoiced and paid), the returns warehouses in JXC
Settings, an approval rule on Sales Return Requests of 100 元 or more (销售经理), and a request in
every status: 草稿, 待审批, 已驳回, 已批准, 待收货, 部分收货, 待检验, 处理中, 已完成 (credited and
refunded), 已关闭 and 已取消, and an exchange and a 仅退款."""

import math

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice
from frappe.utils import add_days, nowdate

from jxc_app.demo import data, records
from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.requests import open_request
from jxc_app.jxc_returns.sales_return import api

SRR = "Sales Return Request"
RULE = "销售退货审批"
CUSTOMER = data.CUSTOMERS[0][0]
ITEM = data.ITEMS[0]["item_code"]
REASONS = ("质量问题", "发错货", "运输破损", "临期/过期", "客户原因")


def ensure_sales_return_demo(company: str, warehouses: dict[str, str]):
	if frappe.db.exists(SRR, {"company": company}):
		return
	current_user = frappe.session.user
	try:
		frappe.set_user("Administrator")
		_run(company, warehouses)
	finally:
		frappe.set_user(current_user)


def _warehouse(company: str, name: str, parent_of: str) -> str:
	existing = frappe.db.get_value("Warehouse", {"warehouse_name": name, "company": company})
	if existing:
		return existing
	parent = frappe.db.get_value("Warehouse", parent_of, "parent_warehouse")
	warehouse = frappe.get_doc(
		{"doctype": "Warehouse", "warehouse_name": name, "company": company, "parent_warehouse": parent}
	).insert(ignore_permissions=True)
	# ERPNext keeps each company's warehouse → account map for the rest of the process (outside tests):
	# the demo's earlier deliveries made it, and a return into this new warehouse would find no account
	frappe.flags.pop("warehouse_account_map", None)
	return warehouse.name


def _settings(company: str, warehouses: dict[str, str]):
	settings = frappe.get_doc("JXC Settings")
	if any(row.company == company for row in settings.get("return_settings") or []):
		return
	settings.append(
		"return_settings",
		{
			"company": company,
			"returns_warehouse": _warehouse(company, "退货待检仓", warehouses["总仓"]),
			"saleable_warehouse": warehouses["总仓"],
			"repair_warehouse": _warehouse(company, "维修仓", warehouses["总仓"]),
			"supplier_hold_warehouse": warehouses["残次品仓"],
		},
	)
	settings.save(ignore_permissions=True)


def _run(company: str, warehouses: dict[str, str]):
	records.ensure_return_reasons(REASONS)
	records.ensure_amount_rule(
		RULE, SRR, company, 100, "销售退换货单金额 100 元以上由销售经理审批", ("销售经理", "Sales Manager")
	)
	_settings(company, warehouses)
	rate = data.ITEMS[0]["standard_rate"]
	note = _delivery(company, warehouses["总仓"], 200, rate)
	line = note.items[0].name

	def new(qty: float, submit: bool = True, **line_values):
		doc = frappe.get_doc(
			{
				"doctype": SRR,
				"company": company,
				"customer": CUSTOMER,
				"posting_date": nowdate(),
				"items": [
					{
						"delivery_note": note.name,
						"dn_detail": line,
						"qty": qty,
						"reason": REASONS[0],
						**line_values,
					}
				],
			}
		).insert(ignore_permissions=True)
		if submit:
			doc.submit()
		return doc

	new(2, submit=False)  # 草稿
	big = math.ceil(100 / rate) + 1  # over the rule's 100 元
	pending = new(big, submit=False, reason=REASONS[2])
	approval_actions.request_approval(SRR, pending.name)  # 待审批
	rejected = new(big, submit=False)
	approval_actions.request_approval(SRR, rejected.name)
	_decide(rejected.name, reject=True)  # 已驳回
	approved = new(big, submit=False, reason=REASONS[1])
	approval_actions.request_approval(SRR, approved.name)
	_decide(approved.name)  # 已批准 (not yet submitted)
	new(3, reason=REASONS[3])  # 待收货
	partial = new(6)
	api.receive(partial.name, [{"line": partial.items[0].name, "qty": 2}])  # 部分收货
	to_inspect = new(4)
	api.receive(to_inspect.name)  # 待检验
	in_process = new(5, reason=REASONS[2])
	api.receive(in_process.name)
	api.inspect(in_process.name, [{"line": in_process.items[0].name, "accepted_qty": 3, "scrapped_qty": 2}])
	done = new(6)  # 已完成: received, inspected into every disposition, credited, refunded
	api.receive(done.name)
	api.inspect(
		done.name,
		[
			{
				"line": done.items[0].name,
				"accepted_qty": 3,
				"scrapped_qty": 1,
				"to_supplier_qty": 1,
				"repair_qty": 1,
			}
		],
	)
	api.credit(done.name)
	api.refund(done.name)
	refund_only = new(2, resolution="Refund Only", reason=REASONS[4])
	api.credit(refund_only.name)
	api.refund(refund_only.name)  # 仅退款, 已完成
	exchange = frappe.get_doc(
		{
			"doctype": SRR,
			"company": company,
			"customer": CUSTOMER,
			"items": [
				{
					"delivery_note": note.name,
					"dn_detail": line,
					"qty": 4,
					"reason": REASONS[1],
					"resolution": "Exchange",
				}
			],
			"replacements": [{"item_code": ITEM, "qty": 4, "rate": rate, "warehouse": warehouses["总仓"]}],
		}
	).insert(ignore_permissions=True)
	exchange.submit()
	api.receive(exchange.name)
	api.inspect(exchange.name, [{"line": exchange.items[0].name, "accepted_qty": 4}])
	api.ship_replacement(exchange.name)  # 换货: goods back, replacement shipped (处理中: to credit)
	closed = new(5)
	api.receive(closed.name, [{"line": closed.items[0].name, "qty": 1}])
	api.inspect(closed.name, [{"line": closed.items[0].name, "accepted_qty": 1}])
	api.close(closed.name, "客户只退回一瓶，其余不再退回")  # 已关闭
	new(2).cancel()  # 已取消


def _decide(name: str, reject: bool = False):
	request = open_request(SRR, name)
	frappe.set_user(request.current_approvers.split("\n")[0])
	if reject:
		approval_actions.reject(SRR, name, comment="数量与签收单不符")
	else:
		approval_actions.approve(SRR, name, comment="同意")
	frappe.set_user("Administrator")


def _delivery(company: str, warehouse: str, qty: float, rate: float):
	"""A delivery to the customer ten days ago, invoiced and paid."""
	records.ensure_stock(company, warehouse, {ITEM: qty}, add_days(nowdate(), -11))
	note = frappe.get_doc(
		{
			"doctype": "Delivery Note",
			"company": company,
			"customer": CUSTOMER,
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -10),
			"items": [{"item_code": ITEM, "qty": qty, "rate": rate, "warehouse": warehouse}],
		}
	).insert(ignore_permissions=True)
	note.submit()
	invoice = make_sales_invoice(note.name)
	invoice.set_posting_time, invoice.posting_date = 1, add_days(nowdate(), -9)
	invoice.insert(ignore_permissions=True)
	invoice.submit()
	payment = get_payment_entry("Sales Invoice", invoice.name)
	payment.reference_no, payment.reference_date = "DEMO-" + invoice.name, payment.posting_date
	payment.insert(ignore_permissions=True)
	payment.submit()
	return note
