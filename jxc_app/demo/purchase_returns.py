"""采购退换货 demo: two receipts of 上海百联 (one inspected with rejected goods), an approval rule on
Purchase Return Requests over 50 元 (采购经理), and a request in every status — the rejected goods
returned in one click (已完成), a return with its debit note and refund, an exchange awaiting its
replacement, and the drafts, approvals, partial return, closed and cancelled requests."""

import frappe
from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt
from frappe.utils import add_days, nowdate

from jxc_app.demo import data, records
from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.requests import is_approved, open_request
from jxc_app.jxc_approvals.rule_lookup import match_rule
from jxc_app.jxc_returns import purchase_return_actions as actions
from jxc_app.jxc_returns import receipt_inspection

PRR = "Purchase Return Request"
RULE = "采购退货审批"
SUPPLIER = data.SUPPLIERS[0][0]
REASON, OTHER_REASON = "质量问题", "运输破损"


def ensure_purchase_return_demo(company: str, warehouses: dict[str, str]):
	if frappe.db.exists(PRR, {"company": company}):
		return
	current_user = frappe.session.user
	try:
		_run(company, warehouses)
	finally:
		frappe.set_user(current_user)


def _run(company: str, warehouses: dict[str, str]):
	records.ensure_return_reasons((REASON, OTHER_REASON))
	records.ensure_amount_rule(
		RULE, PRR, company, 50, "采购退换货单金额 50 元以上由采购经理审批", ("采购经理", "Purchase Manager")
	)
	frappe.set_user("Administrator")
	inspected = _receipt(
		company, warehouses["总仓"], "YL-001", 240, 2.5, rejected=(40, warehouses["残次品仓"])
	)
	plain = _receipt(company, warehouses["总仓"], "YL-003", 240, 1.2)

	# 已完成: the rejected goods back in one click
	one_click = frappe.get_doc(PRR, actions.make_purchase_return_request(inspected.name))
	_approve(one_click)
	one_click.reload()
	one_click.submit()
	actions.make_returns(one_click.name)

	_request(inspected, 5)  # 草稿
	_approve(_request(inspected, 50), decide=False)  # 待审批
	_approve(_request(plain, 50), reject=True)  # 已驳回
	_approve(_request(plain, 50))  # 已批准 (not yet submitted)
	_request(inspected, 10, submit=True)  # 待退货
	partial = _request(inspected, 10, submit=True)
	actions.make_returns(partial.name, [{"line": partial.items[0].name, "qty": 4}])  # 部分退货
	exchange = _request(plain, 10, submit=True, resolution="Exchange")
	actions.make_returns(exchange.name)  # 待换货
	refunded = _request(inspected, 10, submit=True)
	actions.make_returns(refunded.name)
	actions.make_debit_note(refunded.name)
	actions.make_refund(refunded.name)  # 已完成, with its debit note and refund
	closed = _request(plain, 6, submit=True)
	actions.make_returns(closed.name, [{"line": closed.items[0].name, "qty": 2}])
	actions.close(closed.name, "供应商只同意退回两瓶，余下让价处理")  # 已关闭
	_request(plain, 3, submit=True).cancel()  # 已取消


def _receipt(company, warehouse, item_code, qty, rate, rejected=None):
	order = frappe.get_doc(
		{
			"doctype": "Purchase Order",
			"company": company,
			"supplier": SUPPLIER,
			"transaction_date": add_days(nowdate(), -10),
			"schedule_date": add_days(nowdate(), -5),
			"items": [
				{
					"item_code": item_code,
					"qty": qty,
					"uom": frappe.db.get_value("Item", item_code, "stock_uom"),
					"conversion_factor": 1,
					"rate": rate,
					"warehouse": warehouse,
					"schedule_date": add_days(nowdate(), -5),
				}
			],
		}
	).insert(ignore_permissions=True)
	_approve(order)
	order.reload()
	order.submit()
	receipt = make_purchase_receipt(order.name)
	receipt.update({"set_posting_time": 1, "posting_date": add_days(nowdate(), -3)})
	receipt.insert(ignore_permissions=True)
	if rejected:
		rejected_qty, rejected_warehouse = rejected
		receipt_inspection.record_inspection(
			receipt.name,
			[
				{
					"line": receipt.items[0].name,
					"accepted_qty": qty - rejected_qty,
					"rejected_qty": rejected_qty,
					"reason": OTHER_REASON,
				}
			],
			rejected_warehouse=rejected_warehouse,
		)
		receipt.reload()
	receipt.submit()
	return receipt


def _request(receipt, qty: float, submit: bool = False, resolution: str = "Return and Refund"):
	doc = frappe.get_doc(
		{
			"doctype": PRR,
			"supplier": receipt.supplier,
			"company": receipt.company,
			"resolution": resolution,
			"reason": REASON,
			"remarks": "演示数据",
			"items": [
				{"purchase_receipt": receipt.name, "purchase_receipt_item": receipt.items[0].name, "qty": qty}
			],
		}
	).insert(ignore_permissions=True)
	if submit:
		_approve(doc)
		doc.reload()
		doc.submit()
	return doc


def _approve(doc, decide: bool = True, reject: bool = False):
	"""Ask for approval where a rule applies; the current approvers approve (or reject) it in turn."""
	if not match_rule(doc) or is_approved(doc):
		return doc
	approval_actions.request_approval(doc.doctype, doc.name)
	while decide and (request := open_request(doc.doctype, doc.name)):
		frappe.set_user(request.current_approvers.split("\n")[0])
		if reject:
			approval_actions.reject(doc.doctype, doc.name, comment="退货数量与质检记录不符，请核对")
		else:
			approval_actions.approve(doc.doctype, doc.name, comment="同意")
		frappe.set_user("Administrator")
	return doc
