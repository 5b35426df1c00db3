"""Chinese documents in the desk (headless Chromium, a zh user): a draft waiting for approval says so
instead of ERPNext's "Submit this document to confirm", and names its approver, not their login."""

import frappe
import pytest
from frappe.utils import get_time
from frappe.utils.password import update_password
from playwright.sync_api import expect

from jxc_app.demo import data
from jxc_app.jxc_approvals import actions
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	PurchaseOrderFactory,
	SupplierFactory,
	UserFactory,
	unique,
)
from tests.integration.test_desk_browser import browser, logged_in_page, wait_for_server_calls

__all__ = ["browser"]  # the module's Chromium, shared with the desk tests


def _zh_user(committed, roles, first_name):
	user = UserFactory(roles=roles, first_name=first_name)
	user.db_set("language", "zh")
	update_password(user.name, data.DEMO_PASSWORD)
	committed.append(("User", user.name))
	return user.name


@pytest.mark.smoke
def test_a_draft_waiting_for_approval_shows_no_submit_banner_and_names_people(
	browser, server, committed, company
):
	approver = _zh_user(committed, ["Purchase Manager", "Purchase User"], unique("王强"))
	supplier, item = SupplierFactory().name, ItemFactory().name
	committed += [("Supplier", supplier), ("Item", item)]
	# orders from 1000 need the approver; a smaller one may be submitted at once
	rule = ApprovalRuleFactory(
		company=company,
		amount_field="grand_total",
		min_amount=1000,
		steps=[{"step_name": "经理", "approver_type": "User", "user": approver}],
	)
	committed.append(("Approval Rule", rule.name))
	waiting = PurchaseOrderFactory(company=company, supplier=supplier, item_code=item, rate=5000)
	free = PurchaseOrderFactory(company=company, supplier=supplier, item_code=item, rate=10)
	committed += [("Purchase Order", waiting.name), ("Purchase Order", free.name)]
	if free.meta.has_field("transaction_time"):
		# v16: the desk shows the time to the minute, so a saved time with seconds makes the form dirty
		# and Frappe then shows no submit message at all; a time as the desk saves it keeps it clean
		saved = get_time(free.transaction_time)
		free.db_set("transaction_time", f"{saved.hour:02d}:{saved.minute:02d}:00")
	actions.request_approval(waiting.doctype, waiting.name)
	frappe.db.commit()

	submit_banner = frappe._("Submit this document to confirm", "zh")
	page = logged_in_page(browser, server, approver)
	page.goto(f"{server}/app/purchase-order/{waiting.name}")
	page.wait_for_selector("a[href^='/app/approval-request/']", timeout=30000)
	wait_for_server_calls(page)
	message = page.locator(".form-message-container").inner_text()
	assert submit_banner not in message
	assert frappe.utils.get_fullname(approver) in message and approver not in message
	expect(page.locator(".page-head .indicator-pill:visible").first).to_contain_text(
		frappe._("Pending Approval", "zh")
	)

	# nothing stops the small order: ERPNext's banner, as without jxc_app
	page.goto(f"{server}/app/purchase-order/{free.name}")
	expect(page.locator(".form-message-container")).to_contain_text(submit_banner, timeout=30000)
