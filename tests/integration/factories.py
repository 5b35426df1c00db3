"""factory-boy factories creating ERPNext records through their controllers (validations run)."""

import uuid

import factory
import frappe

TEST_COMPANY = "_JXC测试公司"
TEST_COMPANY_ABBR = "_JXCT"


def unique(prefix: str) -> str:
	return f"{prefix}{uuid.uuid4().hex[:8]}"


class FrappeDocFactory(factory.Factory):
	"""``Meta.model`` is the DocType name; create() inserts, build() returns an unsaved doc."""

	class Meta:
		abstract = True

	@classmethod
	def _build(cls, model_class, *args, **kwargs):
		return frappe.get_doc({"doctype": model_class, **kwargs})

	@classmethod
	def _create(cls, model_class, *args, **kwargs):
		return cls._build(model_class, **kwargs).insert()


class CompanyFactory(FrappeDocFactory):
	class Meta:
		model = "Company"

	company_name = factory.LazyFunction(lambda: unique("测试公司"))
	abbr = factory.LazyFunction(lambda: unique("T")[:6].upper())
	default_currency = "CNY"
	country = "China"
	create_chart_of_accounts_based_on = "Standard Template"
	chart_of_accounts = "Standard"
	enable_perpetual_inventory = 1


def ensure_test_company() -> str:
	if not frappe.db.exists("Company", TEST_COMPANY):
		CompanyFactory(company_name=TEST_COMPANY, abbr=TEST_COMPANY_ABBR)
		frappe.db.commit()
	return TEST_COMPANY


class WarehouseFactory(FrappeDocFactory):
	class Meta:
		model = "Warehouse"

	warehouse_name = factory.LazyFunction(lambda: unique("仓库"))
	company = factory.LazyFunction(ensure_test_company)


class ItemFactory(FrappeDocFactory):
	class Meta:
		model = "Item"

	item_code = factory.LazyFunction(lambda: unique("ITEM-"))
	item_name = factory.LazyAttribute(lambda o: f"测试物料 {o.item_code}")
	item_group = "All Item Groups"
	stock_uom = "Nos"
	is_stock_item = 1
	valuation_rate = 10


class SupplierFactory(FrappeDocFactory):
	class Meta:
		model = "Supplier"

	supplier_name = factory.LazyFunction(lambda: unique("测试供应商"))
	supplier_group = "All Supplier Groups"


class CustomerFactory(FrappeDocFactory):
	class Meta:
		model = "Customer"

	customer_name = factory.LazyFunction(lambda: unique("测试客户"))
	customer_group = "All Customer Groups"
	territory = "All Territories"


class UserFactory(FrappeDocFactory):
	class Meta:
		model = "User"

	email = factory.LazyFunction(lambda: f"{unique('u')}@jxc-test.example.com")
	first_name = "测试用户"
	send_welcome_email = 0

	@classmethod
	def _create(cls, model_class, *args, roles=(), **kwargs):
		user = cls._build(model_class, **kwargs)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
		if roles:
			user.add_roles(*roles)
		return user


class EmployeeFactory(FrappeDocFactory):
	class Meta:
		model = "Employee"

	first_name = factory.LazyFunction(lambda: unique("员工"))
	company = factory.LazyFunction(ensure_test_company)
	gender = "Female"
	date_of_birth = "1990-01-01"
	date_of_joining = "2021-01-04"
	status = "Active"
	create_user_permission = 0
