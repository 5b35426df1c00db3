"""低库存补货 on a real site: low stock becomes draft requisitions, never submitted ones."""

import frappe
import pytest

from jxc_app.jxc_purchasing import replenishment
from tests.integration.factories import ItemFactory, WarehouseFactory, make_person


@pytest.mark.smoke
def test_low_stock_becomes_a_draft_requisition_once(company):
	manager, _ = make_person(company, ["Purchase Manager"])
	warehouse = WarehouseFactory(company=company).name
	item = ItemFactory()
	item.append(
		"reorder_levels",
		{
			"warehouse": warehouse,
			"warehouse_reorder_level": 100,
			"warehouse_reorder_qty": 30,
			"material_request_type": "Purchase",
		},
	)
	item.save()

	names = replenishment.make_low_stock_requisitions(company)
	(name,) = names
	requisition = frappe.get_doc("Purchase Requisition", name)
	assert requisition.docstatus == 0 and requisition.status == "Draft"
	(line,) = [row for row in requisition.items if row.item_code == item.name]
	assert (line.warehouse, line.qty) == (warehouse, 100)  # nothing in stock: up to the level
	assert manager in frappe.get_all(
		"ToDo", filters={"reference_name": name, "status": "Open"}, pluck="allocated_to"
	)

	# the open requisition counts: no second request for the same shortfall
	again = replenishment.make_low_stock_requisitions(company)
	assert all(
		item.name not in {row.item_code for row in frappe.get_doc("Purchase Requisition", n).items}
		for n in again
	)


def test_settings_refuse_doubling_erpnext_auto_reorder(site):
	settings = frappe.get_single("JXC Settings")
	settings.low_stock_requisitions = 1
	frappe.db.set_single_value("Stock Settings", "auto_indent", 1)
	with pytest.raises(replenishment.ReplenishmentSettingsError):
		settings.save()
	frappe.db.set_single_value("Stock Settings", "auto_indent", 0)
	settings = frappe.get_single("JXC Settings")
	settings.low_stock_requisitions = 1
	settings.save()
	assert frappe.db.get_single_value("JXC Settings", "low_stock_requisitions") == 1


def _low_stock_item(*warehouses: str):
	item = ItemFactory()
	for warehouse in warehouses:
		item.append(
			"reorder_levels",
			{
				"warehouse": warehouse,
				"warehouse_reorder_level": 50,
				"warehouse_reorder_qty": 10,
				"material_request_type": "Purchase",
			},
		)
	item.save()
	return item.name


def _requisitions_of(item_code: str) -> dict[str, str]:
	"""requisition -> company, for the requisitions asking for ``item_code``."""
	parents = frappe.get_all("Purchase Requisition Item", {"item_code": item_code}, pluck="parent")
	return dict(
		frappe.get_all("Purchase Requisition", {"name": ("in", parents)}, ["name", "company"], as_list=True)
	)


def test_raising_low_stock_asks_for_a_company_the_user_may_raise_requisitions_in(company):
	from frappe.permissions import add_user_permission

	from jxc_app.utils.arguments import InvalidArgumentError
	from tests.integration.factories import CompanyFactory, UserFactory

	other = CompanyFactory().name
	item = _low_stock_item(WarehouseFactory(company=company).name, WarehouseFactory(company=other).name)
	buyer = UserFactory(roles=["Purchase User"]).name
	add_user_permission("Company", company, buyer)
	frappe.set_user(buyer)
	with pytest.raises(InvalidArgumentError):
		replenishment.raise_low_stock_requisitions(None)  # every company was the old default
	with pytest.raises(frappe.PermissionError):
		replenishment.raise_low_stock_requisitions(other)
	assert _requisitions_of(item) == {}  # refused: nothing written
	names = replenishment.raise_low_stock_requisitions(company)
	assert set(_requisitions_of(item).values()) == {company}
	assert set(names) >= set(_requisitions_of(item))
	# a user without the role gets nothing either
	frappe.set_user(UserFactory(roles=["Sales User"]).name)
	with pytest.raises(frappe.PermissionError):
		replenishment.raise_low_stock_requisitions(company)
	# the scheduler raises them for every company
	frappe.set_user("Administrator")
	replenishment.make_low_stock_requisitions()
	assert set(_requisitions_of(item).values()) == {company, other}
