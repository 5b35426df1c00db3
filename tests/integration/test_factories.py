"""The factories go through ERPNext's controllers: its validations apply to test data."""

import frappe
import pytest
from frappe.utils.nestedset import get_root_of

from tests.integration.factories import (
	CompanyFactory,
	CustomerFactory,
	EmployeeFactory,
	ItemFactory,
	SupplierFactory,
	UserFactory,
	WarehouseFactory,
)


def test_company_factory_builds_a_full_erpnext_company():
	company = CompanyFactory()
	assert company.default_currency == "CNY"
	assert frappe.db.count("Account", {"company": company.name}) > 20
	assert frappe.db.get_value("Company", company.name, "default_receivable_account")
	assert frappe.db.exists("Cost Center", {"company": company.name, "is_group": 0})


@pytest.mark.smoke
def test_warehouse_item_party_factories(company):
	warehouse = WarehouseFactory(company=company)
	assert warehouse.name.endswith(" - _JXCT")
	item = ItemFactory()
	assert frappe.db.exists("Item", item.name)
	assert item.item_group == get_root_of("Item Group")
	assert frappe.db.exists("UOM", item.stock_uom)
	assert SupplierFactory().supplier_group == get_root_of("Supplier Group")
	assert CustomerFactory().territory == get_root_of("Territory")


def test_employee_linked_to_user(company):
	user = UserFactory(roles=["Purchase User"])
	employee = EmployeeFactory(company=company, user_id=user.name)
	assert frappe.db.get_value("Employee", {"user_id": user.name}) == employee.name
	assert "Purchase User" in frappe.get_roles(user.name)


def test_erpnext_validations_apply_to_factory_data(company):
	with pytest.raises(frappe.ValidationError):
		# ERPNext refuses a leave date before the joining date
		EmployeeFactory(company=company, date_of_joining="2022-01-01", relieving_date="2021-01-01")


def test_changes_are_rolled_back_between_tests_part_one():
	ItemFactory(item_code="_JXC-ROLLBACK-PROBE")
	assert frappe.db.exists("Item", "_JXC-ROLLBACK-PROBE")


def test_changes_are_rolled_back_between_tests_part_two():
	assert not frappe.db.exists("Item", "_JXC-ROLLBACK-PROBE")
