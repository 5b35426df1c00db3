"""销售 clicked through in the desk, in Chinese: a salesperson sends a quotation for approval, a sales
manager approves it from the form, the salesperson submits it, makes the Sales Order from it, submits
that, and delivers it (销售出库单) from the order.

Every record is committed for the server (and the browser) to see; the documents are cancelled and
everything removed afterwards."""

import frappe
import pytest
from frappe.utils import add_days, nowdate
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from jxc_app.jxc_approvals.requests import get_requests
from tests.integration.factories import (
	ApprovalRuleFactory,
	CustomerFactory,
	ItemFactory,
	UserFactory,
	WarehouseFactory,
	material_receipt,
)
from tests.integration.test_desk_browser import (  # noqa: F401 (the browser fixture)
	OPEN_DIALOGS,
	assert_no_error_dialog,
	browser,
	wait_for_server_calls,
)

PASSWORD = "Jxc-销售-2026!"


@pytest.fixture
def sale(company):
	frappe.db.rollback()
	frappe.set_user("Administrator")
	item = ItemFactory().name
	warehouse = WarehouseFactory(company=company).name
	receipt = material_receipt(company, item, warehouse, 20, rate=60)
	customer = CustomerFactory().name
	seller = UserFactory(roles=["Sales User", "Stock User"], language="zh", new_password=PASSWORD).name
	manager = UserFactory(
		roles=["Sales Manager", "Sales User", "Stock User"], language="zh", new_password=PASSWORD
	).name
	rule = ApprovalRuleFactory(
		reference_doctype="Quotation",
		company=company,
		steps=[{"step_name": "销售经理", "approver_type": "User", "user": manager}],
	).name
	frappe.set_user(seller)
	quotation = frappe.get_doc(
		{
			"doctype": "Quotation",
			"company": company,
			"quotation_to": "Customer",
			"party_name": customer,
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"conversion_rate": 1,
			"items": [{"item_code": item, "qty": 5, "rate": 100, "warehouse": warehouse}],
		}
	).insert()
	frappe.set_user("Administrator")
	frappe.db.commit()
	world = frappe._dict(
		company=company,
		item=item,
		warehouse=warehouse,
		customer=customer,
		seller=seller,
		manager=manager,
		quotation=quotation.name,
	)
	yield world
	frappe.db.rollback()
	frappe.set_user("Administrator")
	made = []
	orders = frappe.get_all(
		"Sales Order Item", {"prevdoc_docname": quotation.name}, pluck="parent", distinct=True
	)
	for order in orders:
		made += frappe.get_all(
			"Delivery Note Item", {"against_sales_order": order}, pluck="parent", distinct=True
		)
	for doctype, names in (
		("Delivery Note", set(made)),
		("Sales Order", set(orders)),
		("Quotation", {quotation.name}),
	):
		for name in names:
			if frappe.db.get_value(doctype, name, "docstatus") == 1:
				frappe.get_doc(doctype, name).cancel()
			for request in get_requests(doctype, name):
				frappe.delete_doc("Approval Request", request, force=True, ignore_permissions=True)
			for todo in frappe.get_all(
				"ToDo", {"reference_type": doctype, "reference_name": name}, pluck="name"
			):
				frappe.delete_doc("ToDo", todo, force=True, ignore_permissions=True)
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	receipt.reload()
	receipt.cancel()
	frappe.delete_doc("Stock Entry", receipt.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Approval Rule", rule, force=True, ignore_permissions=True)
	for doctype, name in (("User", seller), ("User", manager), ("Customer", customer)):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()


def _page(chromium, server, user):
	context = chromium.new_context(viewport={"width": 1400, "height": 1000})
	page = context.new_page()
	response = page.request.post(f"{server}/api/method/login", data={"usr": user, "pwd": PASSWORD})
	assert response.ok, response.text()
	return page


def _open(page, url):
	page.goto(url)
	# the first desk load after a migrate builds its caches: a longer wait
	page.wait_for_function("() => window.cur_frm && cur_frm.doc && !cur_frm.is_new()", timeout=90000)
	wait_for_server_calls(page)


def _saved(page):
	try:
		page.wait_for_function("() => cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()", timeout=60000)
	except PlaywrightTimeout:
		# say why: the dialog Frappe shows (a missing field, an error) and what the form holds
		raise AssertionError(
			[page.evaluate(OPEN_DIALOGS), page.evaluate("() => [cur_frm.docname, cur_frm.doc.delivery_date]")]
		) from None
	wait_for_server_calls(page)


def _submit(page):
	"""提交, then 是 in Frappe's confirmation; the form reloads as submitted."""
	expect(page.locator(".primary-action:visible")).to_have_text("提交", timeout=30000)
	page.locator(".primary-action:visible").click()
	page.locator(".modal.show .btn-primary", has_text="是").click()
	page.wait_for_function("() => cur_frm && cur_frm.doc.docstatus === 1", timeout=60000)
	wait_for_server_calls(page)
	assert_no_error_dialog(page)


def _create(page, label):
	"""创建 › label: ERPNext's mapped new document opens."""
	page.get_by_role("button", name="创建").click()
	page.locator(".dropdown-menu.show .dropdown-item", has_text=label).first.click()
	page.wait_for_function("() => cur_frm && cur_frm.is_new()", timeout=30000)
	wait_for_server_calls(page)


def _status(doctype, name, field="docstatus"):
	frappe.db.rollback()
	return frappe.db.get_value(doctype, name, field)


@pytest.mark.smoke
def test_quotation_approval_order_delivery_clicked_through_in_zh(browser, server, sale):  # noqa: F811
	url = f"{server}/app/quotation/{sale.quotation}"

	# the salesperson: the draft waits for approval, so 提交审批 is offered instead of 提交
	seller = _page(browser, server, sale.seller)
	_open(seller, url)
	expect(seller.locator(".primary-action:visible")).to_have_text("提交审批", timeout=30000)
	seller.locator(".primary-action:visible").click()
	seller.wait_for_function("() => !$('.primary-action:visible').text().includes('提交审批')", timeout=30000)
	wait_for_server_calls(seller)
	assert [
		frappe.db.get_value("Approval Request", r, "status")
		for r in get_requests("Quotation", sale.quotation)
	] == ["Pending Approval"]

	# the sales manager approves from the form (审批 › 同意, with a comment)
	manager = _page(browser, server, sale.manager)
	_open(manager, url)
	manager.get_by_role("button", name="审批").click()
	manager.locator(".dropdown-menu.show .dropdown-item", has_text="同意").first.click()
	dialog = manager.locator(".modal.show")
	expect(dialog).to_be_visible(timeout=30000)
	dialog.locator("textarea").fill("价格可以，同意")
	dialog.locator(".btn-primary").click()
	try:
		manager.wait_for_function(
			"() => !$('.modal.show').length && window.frappe?.request && frappe.request.ajax_count === 0",
			timeout=60000,
		)
	except PlaywrightTimeout:
		# say why: the dialogs still open (an error shows in one) and the calls still under way
		frappe.db.rollback()
		raise AssertionError(
			[
				manager.evaluate(OPEN_DIALOGS),
				manager.evaluate("() => frappe.request.ajax_count"),
				frappe.db.get_value("Quotation", sale.quotation, "jxc_approval_status"),
			]
		) from None
	frappe.db.rollback()
	assert frappe.db.get_value("Quotation", sale.quotation, "jxc_approval_status") == "Approved"
	manager.context.close()

	# the salesperson submits the approved quotation, then makes the order from it
	_open(seller, url)
	_submit(seller)
	assert _status("Quotation", sale.quotation) == 1

	_create(seller, "销售订单")
	assert seller.evaluate("() => cur_frm.doctype") == "Sales Order"
	assert seller.evaluate("() => cur_frm.doc.items.map((row) => [row.item_code, row.qty])") == [
		[sale.item, 5]
	]
	delivery = seller.locator(".frappe-control[data-fieldname='delivery_date'] input").first
	delivery.fill(frappe.utils.formatdate(add_days(nowdate(), 3)))
	delivery.press("Escape")
	seller.keyboard.press("Control+s")
	_saved(seller)
	order = seller.evaluate("() => cur_frm.docname")
	_submit(seller)
	assert _status("Sales Order", order) == 1

	# 销售出库单 from the order, for everything ordered
	_create(seller, "销售出库单")
	assert seller.evaluate("() => cur_frm.doctype") == "Delivery Note"
	seller.keyboard.press("Control+s")
	_saved(seller)
	note = seller.evaluate("() => cur_frm.docname")
	_submit(seller)
	assert _status("Delivery Note", note) == 1
	frappe.db.rollback()
	assert frappe.db.get_value("Sales Order", order, "per_delivered") == 100
	assert frappe.get_all(
		"Delivery Note Item", {"parent": note}, ["item_code", "qty", "against_sales_order"]
	) == [{"item_code": sale.item, "qty": 5, "against_sales_order": order}]
	seller.context.close()
