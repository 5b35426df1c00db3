"""低库存补货 on a real site: low stock becomes draft requisitions, never submitted ones."""

import frappe
import pytest

from jxc_app.jxc_purchasing import replenishment
from tests.integration.factories import ItemFactory, WarehouseFactory, make_person


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
