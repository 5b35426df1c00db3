"""factory-boy factories creating ERPNext records through their controllers (validations run)."""

import uuid

import factory
import frappe
from frappe.utils.nestedset import get_root_of

from jxc_app.utils.site_defaults import default_stock_uom

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


def ensure_fiscal_years(years_back: int = 2, years_ahead: int = 1):
	"""Calendar fiscal years around today, for every company, where no fiscal year covers any of it
	(tests post up to about 500 days back; v16 sets a site up with the current year only)."""
	if frappe.flags.jxc_fiscal_years_checked:
		return
	this_year = frappe.utils.getdate().year
	for year in range(this_year - years_back, this_year + years_ahead + 1):
		start, end = f"{year}-01-01", f"{year}-12-31"
		if not frappe.db.exists(
			"Fiscal Year", {"year_start_date": ("<=", end), "year_end_date": (">=", start)}
		) and not frappe.db.exists("Fiscal Year", str(year)):
			frappe.get_doc(
				{"doctype": "Fiscal Year", "year": str(year), "year_start_date": start, "year_end_date": end}
			).insert(ignore_permissions=True)
			frappe.db.commit()
	frappe.flags.jxc_fiscal_years_checked = True


def ensure_test_company() -> str:
	if not frappe.db.exists("Company", TEST_COMPANY):
		CompanyFactory(company_name=TEST_COMPANY, abbr=TEST_COMPANY_ABBR)
		frappe.db.commit()
	ensure_fiscal_years()
	# the site's defaults (price lists, parties) may be in another currency
	site_currency = frappe.db.get_default("currency")
	if (
		site_currency
		and site_currency != "CNY"
		and not frappe.db.exists("Currency Exchange", {"from_currency": site_currency, "to_currency": "CNY"})
	):
		frappe.get_doc(
			{
				"doctype": "Currency Exchange",
				"date": "2020-01-01",
				"from_currency": site_currency,
				"to_currency": "CNY",
				"exchange_rate": 7,
				"for_buying": 1,
				"for_selling": 1,
			}
		).insert(ignore_permissions=True)
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
	# tree roots and default names are translated on sites set up in 简体中文 (所有物料群组)
	item_group = factory.LazyFunction(lambda: get_root_of("Item Group"))
	stock_uom = factory.LazyFunction(default_stock_uom)
	is_stock_item = 1
	valuation_rate = 10


class SupplierFactory(FrappeDocFactory):
	class Meta:
		model = "Supplier"

	supplier_name = factory.LazyFunction(lambda: unique("测试供应商"))
	supplier_group = factory.LazyFunction(lambda: get_root_of("Supplier Group"))


class CustomerFactory(FrappeDocFactory):
	class Meta:
		model = "Customer"

	customer_name = factory.LazyFunction(lambda: unique("测试客户"))
	customer_group = factory.LazyFunction(lambda: get_root_of("Customer Group"))
	territory = factory.LazyFunction(lambda: get_root_of("Territory"))


class UserFactory(FrappeDocFactory):
	class Meta:
		model = "User"

	email = factory.LazyFunction(lambda: f"{unique('u')}@jxc-test.example.com")
	# unique: the username is made from it, and a run committing users beside another would collide
	first_name = factory.LazyFunction(lambda: unique("测试用户"))
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


class PurchaseOrderFactory(FrappeDocFactory):
	"""A draft Purchase Order of one line; ``rate`` × ``qty`` sets its amount."""

	class Meta:
		model = "Purchase Order"

	company = factory.LazyFunction(ensure_test_company)
	supplier = factory.LazyFunction(lambda: SupplierFactory().name)
	transaction_date = factory.LazyFunction(lambda: frappe.utils.nowdate())
	schedule_date = factory.LazyFunction(lambda: frappe.utils.add_days(frappe.utils.nowdate(), 7))

	@classmethod
	def _build(cls, model_class, *args, qty=1, rate=100, item_code=None, warehouse=None, **kwargs):
		company = kwargs["company"]
		warehouse = warehouse or frappe.db.get_value("Warehouse", {"company": company, "is_group": 0})
		doc = frappe.get_doc({"doctype": model_class, "currency": "CNY", "conversion_rate": 1, **kwargs})
		doc.append(
			"items",
			{
				"item_code": item_code or ItemFactory().name,
				"qty": qty,
				"rate": rate,
				"schedule_date": kwargs["schedule_date"],
				"warehouse": warehouse,
			},
		)
		return doc


class ApprovalRuleFactory(FrappeDocFactory):
	class Meta:
		model = "Approval Rule"

	rule_name = factory.LazyFunction(lambda: unique("规则"))
	reference_doctype = "Purchase Order"
	company = factory.LazyFunction(ensure_test_company)
	enabled = 1
	steps = factory.LazyFunction(
		lambda: [{"step_name": "总经理", "approver_type": "Role", "role": "General Manager"}]
	)

	@classmethod
	def _create(cls, model_class, *args, **kwargs):
		# rules are configured by an administrator, whoever the test is acting as
		with as_administrator():
			return super()._create(model_class, *args, **kwargs)


class as_administrator:
	def __enter__(self):
		self.user = frappe.session.user
		frappe.set_user("Administrator")

	def __exit__(self, *exc):
		frappe.set_user(self.user)


def make_person(company: str, roles=(), department: str | None = None, reports_to: str | None = None):
	"""A desk user with an active Employee record; returns (user, employee)."""
	user = UserFactory(roles=list(roles)).name
	employee = EmployeeFactory(
		company=company, user_id=user, department=department, reports_to=reports_to
	).name
	return user, employee


def make_department(company: str, head: str | None = None, parent: str | None = None) -> str:
	"""A department under ``parent`` (else a root); ``head`` is its head's User."""
	root = (
		parent
		or frappe.get_all(
			"Department",
			filters={"is_group": 1, "parent_department": ("is", "not set")},
			pluck="name",
			limit=1,
		)[0]
	)
	department = frappe.get_doc(
		{
			"doctype": "Department",
			"department_name": unique("部门"),
			"company": company,
			"parent_department": root,
			"is_group": 1,
			"jxc_department_head": head,
		}
	).insert()
	return department.name


def api_user(made, roles) -> tuple[str, dict]:
	"""A user with an API key (recorded in ``made`` for cleanup); returns (user, request headers)."""
	user = UserFactory(roles=roles)
	secret = frappe.generate_hash(length=20)
	user.api_key = frappe.generate_hash(length=15)
	user.api_secret = secret
	user.save(ignore_permissions=True)
	made.append(("User", user.name))
	return user.name, {"Authorization": f"token {user.api_key}:{secret}", "Host": frappe.local.site}


def remove_stock_records(items: list[str], warehouses: list[str], orders: list[str] = ()):
	"""Delete committed stock test data, ledger rows included (no document path deletes those):
	the items' Stock Entries with their ledger and GL rows, bins, transfer orders, then the
	warehouses and items. Commits."""
	entries = frappe.get_all(
		"Stock Entry",
		filters={
			"name": ("in", frappe.get_all("Stock Entry Detail", {"item_code": ("in", items)}, pluck="parent"))
		},
		pluck="name",
	)
	for doctype, field, values in (
		("Stock Ledger Entry", "item_code", items),
		("GL Entry", "voucher_no", entries),
		("Repost Item Valuation", "voucher_no", entries),
		("Stock Entry Detail", "parent", entries),
		("Stock Entry", "name", entries),
		("Bin", "item_code", items),
		("Stock Transfer Order Item", "parent", list(orders)),
		("Stock Transfer Variance", "parent", list(orders)),
		("Stock Transfer Order", "name", list(orders)),
	):
		if values:
			table = frappe.qb.DocType(doctype)
			frappe.qb.from_(table).delete().where(table[field].isin(values)).run()
	for warehouse in warehouses:
		frappe.delete_doc("Warehouse", warehouse, force=True, ignore_permissions=True)
	for item in items:
		frappe.delete_doc("Item", item, force=True, ignore_permissions=True)
	frappe.db.commit()


def material_receipt(
	company: str, item: str, warehouse: str, qty: float, rate: float = 10, days_ago: int = 3
):
	"""Goods into a warehouse by a submitted Material Receipt, dated ``days_ago`` (0: now)."""
	from frappe.utils import add_days, nowdate

	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"items": [{"item_code": item, "qty": qty, "basic_rate": rate, "t_warehouse": warehouse}],
		}
	)
	if days_ago:
		entry.update({"set_posting_time": 1, "posting_date": add_days(nowdate(), -days_ago)})
	entry.insert()
	entry.submit()
	return entry
