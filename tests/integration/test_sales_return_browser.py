"""销售退换货单 in the desk, in Chinese: the general manager of the demo company opens a request,
receives the goods (收货) and inspects them (验收) from the form's 操作 menu; the form then shows the
status and what remains.

The request is committed for the server to see and removed afterwards."""

import frappe
import pytest
from playwright.sync_api import expect

from jxc_app.demo import data
from jxc_app.demo.sales_returns import CUSTOMER
from tests.integration.test_desk_browser import (  # noqa: F401 (the browser fixture)
	assert_no_error_dialog,
	browser,
	logged_in_page,
	wait_for_server_calls,
)


@pytest.fixture
def rma(demo_company):
	frappe.db.rollback()
	frappe.set_user("Administrator")
	line = frappe.get_all(
		"Delivery Note Item",
		filters={
			"parent": (
				"in",
				frappe.get_all(
					"Delivery Note", {"customer": CUSTOMER, "docstatus": 1, "is_return": 0}, pluck="name"
				),
			)
		},
		fields=["name", "parent"],
		limit=1,
	)[0]
	doc = frappe.get_doc(
		{
			"doctype": "Sales Return Request",
			"company": demo_company,
			"customer": CUSTOMER,
			"items": [{"delivery_note": line.parent, "dn_detail": line.name, "qty": 2, "reason": "质量问题"}],
		}
	).insert()
	doc.submit()
	frappe.db.commit()
	yield doc
	frappe.db.rollback()
	made = []
	for doctype in ("Stock Entry", "Delivery Note"):
		made += [
			(doctype, row.name, row.creation)
			for row in frappe.get_all(doctype, {"jxc_sales_return_request": doc.name}, ["name", "creation"])
		]
	for doctype, name, _creation in sorted(made, key=lambda row: row[2], reverse=True):
		if frappe.db.get_value(doctype, name, "docstatus") == 1:
			frappe.get_doc(doctype, name).cancel()
	request = frappe.get_doc("Sales Return Request", doc.name)
	if request.docstatus == 1:
		request.cancel()
	frappe.db.commit()


@pytest.mark.smoke
def test_rma_received_and_inspected_from_the_form(browser, server, rma):  # noqa: F811
	page = logged_in_page(browser, server, data.user_email("gm"))
	page.goto(f"{server}/app/sales-return-request/{rma.name}")
	page.wait_for_selector("text=待收货", timeout=30000)
	wait_for_server_calls(page)
	assert_no_error_dialog(page)
	# what remains, shown on the form
	expect(page.locator(".jxc-return-remaining")).to_contain_text("待收货")

	page.get_by_role("button", name="操作").click()
	page.get_by_text("收货", exact=True).last.click()
	dialog = page.locator(".modal.show")
	expect(dialog).to_contain_text("收货")
	dialog.get_by_role("button", name="收货").click()
	page.wait_for_selector("text=待检验", timeout=30000)
	wait_for_server_calls(page)

	page.get_by_role("button", name="操作").click()
	page.get_by_text("验收", exact=True).last.click()
	dialog = page.locator(".modal.show")
	expect(dialog).to_contain_text("合格入库数量")
	dialog.get_by_role("button", name="验收").click()
	# goods inspected: 处理中 (to credit) or, a delivery never invoiced, 已完成
	page.wait_for_function("() => ['In Process', 'Completed'].includes(cur_frm?.doc?.status)", timeout=30000)
	expect(page.locator(".indicator-pill").first).to_contain_text(
		"处理中" if rma.items[0].si_detail else "已完成"
	)
	wait_for_server_calls(page)
	assert_no_error_dialog(page)

	frappe.db.rollback()
	line = frappe.get_doc("Sales Return Request", rma.name).items[0]
	assert (line.received_qty, line.accepted_qty) == (2, 2)
