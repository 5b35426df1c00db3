"""报价跟进 demo: the salesperson's follow-ups (报价跟进记录) on the demo's open quotations — a call, a
WeChat message and a visit, the next follow-up date on each (its ToDo on the next working day). Made
once: nothing when the company already has follow-ups or has no submitted open quotation yet."""

import frappe
from frappe.utils import add_days, nowdate

from jxc_app.demo import data

FOLLOW_UP = "Quotation Follow Up"
CONTACTS = (
	("Phone", "电话沟通报价，客户需与采购部确认数量", 2),
	("WeChat", "微信发送报价单 PDF，客户询问能否分两批送货", 3),
	("On-site Visit", "上门拜访门店经理，对比竞品价格", 5),
)


def ensure_quotation_followup_demo(company: str):
	if frappe.db.exists(FOLLOW_UP, {"company": company}):
		return
	quotations = frappe.get_all(
		"Quotation",
		filters={"company": company, "docstatus": 1, "status": ("in", ("Open", "Replied", "Expired"))},
		fields=["name", "owner"],
		order_by="transaction_date desc, name asc",
		limit=len(CONTACTS),
	)
	current_user = frappe.session.user
	try:
		for quotation, (channel, notes, next_in_days) in zip(quotations, CONTACTS, strict=False):
			user = quotation.owner if frappe.db.exists("User", quotation.owner) else data.user_email("sales")
			frappe.set_user(user)
			frappe.get_doc(
				{
					"doctype": FOLLOW_UP,
					"quotation": quotation.name,
					"follow_up_date": nowdate(),
					"followed_by": user,
					"channel": channel,
					"notes": notes,
					"next_follow_up_date": add_days(nowdate(), next_in_days),
				}
			).insert()
	finally:
		frappe.set_user(current_user)
