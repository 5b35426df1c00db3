"""预警中心 as a person sees it (zh): headless Chromium (Debian's, driven by Playwright) opens the page, sees the
counts by type × severity, acknowledges one alert and resolves it.

Records are committed for the server (and the browser) to see and removed afterwards."""

import frappe
import pytest
from playwright.sync_api import expect

from jxc_app.jxc_alerts import store
from jxc_app.rules.alerts import ACKNOWLEDGED, LOW_STOCK, RESOLVED
from tests.integration.alert_helpers import finding, make_rule
from tests.integration.factories import ItemFactory, UserFactory, WarehouseFactory
from tests.integration.test_desk_browser import assert_no_error_dialog, browser, wait_for_server_calls  # noqa: F401

PASSWORD = "Jxc-预警-2026!"


@pytest.fixture
def alert(company, committed):
	item = ItemFactory().name
	warehouse = WarehouseFactory(company=company).name
	committed.extend([("Item", item), ("Warehouse", warehouse)])
	user = UserFactory(roles=["Stock Manager", "Stock User"], language="zh", new_password=PASSWORD)
	committed.append(("User", user.name))
	rule = make_rule(users=[{"user": user.name}])
	committed.append(("JXC Alert Rule", rule.name))
	name = store.sync_findings(rule, LOW_STOCK, [finding(item, warehouse, message=f"低库存 {item}")]).created[
		0
	]
	committed.append(("JXC Alert", name))
	frappe.db.commit()
	return frappe._dict(name=name, user=user.name, item=item)


def _status(name):
	frappe.db.rollback()
	return frappe.db.get_value("JXC Alert", name, "status")


@pytest.mark.smoke
def test_acknowledge_and_resolve_from_the_alert_center(browser, server, alert):  # noqa: F811
	context = browser.new_context(viewport={"width": 1400, "height": 1000})
	page = context.new_page()
	response = page.request.post(f"{server}/api/method/login", data={"usr": alert.user, "pwd": PASSWORD})
	assert response.ok, response.text()

	page.goto(f"{server}/app/alert-center")
	# the first desk load after a migrate builds its caches: a longer wait
	page.wait_for_selector(".jxc-alert-count-table", timeout=90000)
	wait_for_server_calls(page)
	counts = page.locator(".jxc-alert-count-table").inner_text()
	assert "低库存" in counts and "警告" in counts
	assert_no_error_dialog(page)

	row = page.locator(f"tr[data-name='{alert.name}']")
	expect(row).to_be_visible(timeout=30000)
	row.get_by_role("button", name="确认").click()
	page.wait_for_function(
		"name => !document.querySelector(`tr[data-name='${name}'] .jxc-alert-ack`)",
		arg=alert.name,
		timeout=30000,
	)
	wait_for_server_calls(page)
	assert _status(alert.name) == ACKNOWLEDGED
	expect(page.locator(f"tr[data-name='{alert.name}'] .jxc-alert-status-cell")).to_have_text("已确认")

	page.locator(f"tr[data-name='{alert.name}'] .jxc-alert-resolve").click()
	dialog = page.locator(".modal.show")
	expect(dialog).to_be_visible(timeout=30000)
	dialog.locator("textarea").fill("已补货")
	dialog.get_by_role("button", name="处理").click()
	expect(page.locator(f"tr[data-name='{alert.name}']")).to_have_count(0, timeout=30000)
	wait_for_server_calls(page)
	assert _status(alert.name) == RESOLVED

	# the form links to its subject; the list offers the bulk actions
	page.goto(f"{server}/app/jxc-alert/{alert.name}")
	expect(page.get_by_role("button", name="打开物料")).to_be_visible(timeout=30000)
	assert_no_error_dialog(page)
	page.goto(f"{server}/app/jxc-alert")
	expect(page.get_by_role("button", name="预警中心")).to_be_visible(timeout=30000)
	assert_no_error_dialog(page)
	context.close()
