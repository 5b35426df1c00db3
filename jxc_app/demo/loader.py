"""Loads the demo company (示例贸易有限公司) through ERPNext's own documents.

Every step looks its record up by a natural key first, so running the loader again
creates nothing new.
"""

import json

import frappe
from erpnext.accounts.doctype.account.chart_of_accounts.chart_of_accounts import create_charts
from erpnext.buying.doctype.request_for_quotation.request_for_quotation import (
	make_supplier_quotation_from_rfq,
)
from frappe.permissions import AUTOMATIC_ROLES
from frappe.utils import add_days, getdate, nowdate
from frappe.utils.nestedset import get_root_of

from jxc_app import compat
from jxc_app.demo import alerts as alerts_demo
from jxc_app.demo import data, records
from jxc_app.demo import purchase_returns as purchase_returns_demo
from jxc_app.demo import quotation_followups as quotation_followups_demo
from jxc_app.demo import sales as sales_demo
from jxc_app.demo import sales_credit as sales_credit_demo
from jxc_app.demo import sales_pricing as sales_pricing_demo
from jxc_app.demo import sales_returns as sales_returns_demo
from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.rule_lookup import match_rule
from jxc_app.jxc_inventory.stocktake import counting, posting, snapshot, variance
from jxc_app.jxc_inventory.transfer import api as transfer_api
from jxc_app.jxc_purchasing import comparison as comparisons
from jxc_app.jxc_purchasing import requisition as requisitions
from jxc_app.jxc_purchasing.supplier_quotes import line_key
from jxc_app.jxc_selling.statement import party_address

# where the chart has several accounts of one type, the one ERPNext should default to
PREFERRED_ACCOUNTS = {
	"default_receivable_account": "1122",  # 应收账款
	"default_payable_account": "2202",  # 应付账款
	"default_bank_account": "1002",  # 银行存款
	"default_inventory_account": "1405",  # 库存商品
	"default_income_account": "6001",  # 主营业务收入
	"default_expense_account": "6401",  # 主营业务成本
}


def setup_demo() -> str:
	"""Create (or complete) the demo company and its master data; returns the company name."""
	ensure_fiscal_year()
	company = ensure_company()
	ensure_uoms()
	warehouses = ensure_warehouses(company)
	ensure_item_groups()
	ensure_items(company, warehouses)
	ensure_suppliers()
	ensure_customers(company)
	ensure_party_contacts()
	departments = ensure_departments(company)
	ensure_users_and_employees(company, departments)
	ensure_opening_stock(company, warehouses)
	ensure_approval_rules(company)
	ensure_approval_demo_orders(company, warehouses)
	ensure_requisition_demo(company, warehouses)
	ensure_comparison_demo(company, warehouses)
	ensure_transfer_demo(company, warehouses)
	ensure_stocktake_demo(company, warehouses)
	purchase_returns_demo.ensure_purchase_return_demo(company, warehouses)
	sales_returns_demo.ensure_sales_return_demo(company, warehouses)
	alerts_demo.ensure_alert_demo(company, warehouses)
	sales_credit_demo.ensure_sales_credit_demo(company, warehouses)
	sales_demo.ensure_sales_demo(company, warehouses)
	quotation_followups_demo.ensure_quotation_followup_demo(company)
	sales_pricing_demo.ensure_sales_pricing_demo(company, warehouses)
	return company


def _get_or_insert(doctype: str, filters: dict, values: dict | None = None) -> str:
	name = frappe.db.get_value(doctype, filters)
	if name:
		return name
	doc = frappe.get_doc({"doctype": doctype, **filters, **(values or {})})
	doc.insert(ignore_permissions=True)
	return doc.name


def ensure_fiscal_year():
	today = getdate(nowdate())
	for year in (today.year - 1, today.year):
		if not frappe.db.exists(
			"Fiscal Year",
			{"year_start_date": ("<=", f"{year}-01-01"), "year_end_date": (">=", f"{year}-12-31")},
		):
			_get_or_insert(
				"Fiscal Year",
				{"year": str(year)},
				{"year_start_date": f"{year}-01-01", "year_end_date": f"{year}-12-31"},
			)


def ensure_company() -> str:
	spec = data.COMPANY
	name = spec["company_name"]
	if not frappe.db.exists("Company", name):
		_create_company_with_chart(spec)
	_fill_company_defaults(name)
	return name


def _create_company_with_chart(spec: dict):
	name = spec["company_name"]

	# ERPNext's China template has no root or account types, so the company is created
	# without a chart and gets the jxc_app one (企业会计准则 numbering) instead.
	frappe.local.flags.ignore_chart_of_accounts = True
	try:
		company = frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": name,
				"abbr": spec["abbr"],
				"country": spec["country"],
				"default_currency": spec["default_currency"],
				"create_chart_of_accounts_based_on": "Standard Template",
				"chart_of_accounts": "Standard",
				"enable_perpetual_inventory": 1,
			}
		)
		company.insert(ignore_permissions=True)
	finally:
		frappe.local.flags.ignore_chart_of_accounts = False

	with open(data.CHART_FILE, encoding="utf-8") as chart_file:
		chart = json.load(chart_file)["tree"]
	frappe.local.flags.ignore_root_company_validation = True
	try:
		create_charts(name, custom_chart=chart)
	finally:
		frappe.local.flags.ignore_root_company_validation = False


def _fill_company_defaults(name: str):
	"""What Company.on_update does for a company created with a chart: defaults by account type.
	Only blank defaults are filled, so a re-run (or a user's own choice) is left alone."""
	company = frappe.get_doc("Company", name)
	for fieldname, account_number in PREFERRED_ACCOUNTS.items():
		if not company.get(fieldname):
			company.db_set(
				fieldname, frappe.db.get_value("Account", {"company": name, "account_number": account_number})
			)
	company.update_default_account = True
	company.set_default_accounts()
	if company.default_cash_account:
		company.set_mode_of_payment_account()


def _account(company: str, account_type: str) -> str | None:
	return frappe.db.get_value(
		"Account", {"company": company, "account_type": account_type, "is_group": 0}, order_by="lft"
	)


def ensure_uoms():
	for uom in data.UOMS:
		_get_or_insert("UOM", {"uom_name": uom}, {"must_be_whole_number": 0 if uom == "千克" else 1})


def ensure_warehouses(company: str) -> dict[str, str]:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	group = _get_or_insert(
		"Warehouse", {"warehouse_name": data.WAREHOUSE_GROUP, "company": company}, {"is_group": 1}
	)
	warehouses = {}
	for warehouse_name, warehouse_type in data.WAREHOUSES:
		values = {"parent_warehouse": group, "warehouse_type": warehouse_type}
		if warehouse_type == "Transit":
			values["account"] = frappe.db.get_value(
				"Account", {"company": company, "account_number": "1402"}, "name"
			)
		warehouses[warehouse_name] = _get_or_insert(
			"Warehouse", {"warehouse_name": warehouse_name, "company": company}, values
		)
	assert all(name.endswith(f" - {abbr}") for name in warehouses.values())
	frappe.db.set_value("Company", company, "default_in_transit_warehouse", warehouses["在途仓"])
	return warehouses


def ensure_item_groups():
	parent = _get_or_insert(
		"Item Group",
		{"item_group_name": data.ITEM_GROUP_PARENT},
		{"parent_item_group": get_root_of("Item Group"), "is_group": 1},
	)
	for group in data.ITEM_GROUPS:
		_get_or_insert("Item Group", {"item_group_name": group}, {"parent_item_group": parent})


def ensure_items(company: str, warehouses: dict[str, str]):
	compat.enable_serial_and_batch_numbers()  # the food items are kept by batch
	main_warehouse = warehouses["总仓"]
	for spec in data.ITEMS:
		if frappe.db.exists("Item", spec["item_code"]):
			continue
		shelf_life = spec["shelf_life_in_days"]
		item = frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": spec["item_code"],
				"item_name": spec["item_name"],
				"item_group": spec["item_group"],
				"stock_uom": spec["stock_uom"],
				"is_stock_item": 1,
				"include_item_in_manufacturing": 0,
				"standard_rate": spec["standard_rate"],
				"valuation_rate": spec["valuation_rate"],
				"purchase_uom": spec["purchase_uom"],
				"sales_uom": spec["stock_uom"],
				"uoms": [
					{"uom": spec["stock_uom"], "conversion_factor": 1},
					{"uom": spec["purchase_uom"], "conversion_factor": spec["conversion_factor"]},
				],
				"barcodes": [{"barcode": spec["barcode"], "barcode_type": "EAN"}],
				"item_defaults": [{"company": company, "default_warehouse": main_warehouse}],
				"reorder_levels": [
					{
						"warehouse": main_warehouse,
						"warehouse_reorder_level": spec["reorder_level"],
						"warehouse_reorder_qty": spec["reorder_qty"],
						"material_request_type": "Purchase",
					}
				],
				"has_batch_no": 1 if shelf_life else 0,
				"create_new_batch": 1 if shelf_life else 0,
				"batch_number_series": f"{spec['item_code']}-.YYYY.-.####" if shelf_life else None,
				"has_expiry_date": 1 if shelf_life else 0,
				"shelf_life_in_days": shelf_life or 0,
			}
		)
		item.insert(ignore_permissions=True)


def ensure_suppliers():
	parent = get_root_of("Supplier Group")
	for group in data.SUPPLIER_GROUPS:
		_get_or_insert("Supplier Group", {"supplier_group_name": group}, {"parent_supplier_group": parent})
	for supplier_name, group in data.SUPPLIERS:
		_get_or_insert(
			"Supplier",
			{"supplier_name": supplier_name},
			{
				"supplier_group": group,
				"supplier_type": "Company",
				"country": "China",
				"default_currency": "CNY",
			},
		)


def ensure_customers(company: str):
	for group in data.CUSTOMER_GROUPS:
		_get_or_insert(
			"Customer Group",
			{"customer_group_name": group},
			{"parent_customer_group": get_root_of("Customer Group")},
		)
	for territory in data.TERRITORIES:
		_get_or_insert(
			"Territory", {"territory_name": territory}, {"parent_territory": get_root_of("Territory")}
		)
	for customer_name, group, territory, credit_limit in data.CUSTOMERS:
		_get_or_insert(
			"Customer",
			{"customer_name": customer_name},
			{
				"customer_group": group,
				"territory": territory,
				"customer_type": "Company",
				"default_currency": "CNY",
				"credit_limits": [{"company": company, "credit_limit": credit_limit}],
			},
		)


def ensure_party_contacts():
	"""A primary Contact with an e-mail address for each demo customer and supplier that has none
	(statements go to it), made as its own and as the party's primary contact."""
	for party_type, parties, name_field in (
		("Customer", data.CUSTOMERS, "customer_name"),
		("Supplier", data.SUPPLIERS, "supplier_name"),
	):
		for index, (party_name, *_rest) in enumerate(parties, start=1):
			party = frappe.db.get_value(party_type, {name_field: party_name})
			if not party or party_address(party_type, party):
				continue
			contact = frappe.get_doc(
				{
					"doctype": "Contact",
					"first_name": data.PARTY_CONTACT_NAME,
					"company_name": party_name,
					"email_ids": [{"email_id": data.party_email(party_type, index), "is_primary": 1}],
					"links": [{"link_doctype": party_type, "link_name": party}],
					"is_primary_contact": 1,
				}
			).insert(ignore_permissions=True)
			frappe.db.set_value(
				party_type,
				party,
				{f"{party_type.lower()}_primary_contact": contact.name, "email_id": contact.email_id},
				update_modified=False,
			)


def ensure_departments(company: str) -> dict[str, str]:
	root = frappe.get_all(
		"Department", filters={"is_group": 1, "parent_department": ("is", "not set")}, pluck="name", limit=1
	)[0]
	return {
		department: _get_or_insert(
			"Department", {"department_name": department, "company": company}, {"parent_department": root}
		)
		for department in data.DEPARTMENTS
	}


def _ensure_roles(email: str, roles: list[str]):
	"""A demo login has exactly its demo roles (a demo loaded by an earlier version gave others)."""
	user = frappe.get_doc("User", email)
	current = {row.role for row in user.roles} - set(AUTOMATIC_ROLES)
	if current != set(roles):
		user.set("roles", [row for row in user.roles if row.role not in current - set(roles)])
		user.append_roles(*sorted(set(roles) - current))
		user.save(ignore_permissions=True)


def ensure_users_and_employees(company: str, departments: dict[str, str]):
	employees = {}
	for key, full_name, department, roles, _reports_to, gender in data.USERS:
		email = data.user_email(key)
		if not frappe.db.exists("User", email):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": full_name,
					"language": "zh",
					"time_zone": "Asia/Shanghai",
					"send_welcome_email": 0,
					"new_password": data.DEMO_PASSWORD,
					"roles": [{"role": role} for role in roles],
				}
			)
			user.flags.no_welcome_mail = True
			user.insert(ignore_permissions=True)
			frappe.defaults.set_user_default("company", company, email)
		else:
			_ensure_roles(email, roles)
		employees[key] = _get_or_insert(
			"Employee",
			{"user_id": email},
			{
				# Chinese names: family name first, one character
				"first_name": full_name,
				"company": company,
				"department": departments[department],
				"gender": gender,
				"date_of_birth": "1988-06-01",
				"date_of_joining": "2020-03-02",
				"status": "Active",
				"create_user_permission": 0,
			},
		)
	for key, _name, _department, _roles, reports_to, _gender in data.USERS:
		if reports_to and not frappe.db.get_value("Employee", employees[key], "reports_to"):
			frappe.db.set_value("Employee", employees[key], "reports_to", employees[reports_to])
	for department, head in data.DEPARTMENT_HEADS.items():
		frappe.db.set_value(
			"Department", departments[department], "jxc_department_head", data.user_email(head)
		)


def ensure_opening_stock(company: str, warehouses: dict[str, str]):
	"""One Opening Stock reconciliation per warehouse (ERPNext queues those over 100 rows)."""
	posting_date = add_days(nowdate(), -60)
	for warehouse_name in data.OPENING_WAREHOUSES:
		warehouse = warehouses[warehouse_name]
		existing = frappe.db.get_value(
			"Stock Reconciliation",
			{
				"company": company,
				"purpose": "Opening Stock",
				"set_warehouse": warehouse,
				"docstatus": ("<", 2),
			},
			["name", "docstatus"],
			as_dict=True,
		)
		if existing and existing.docstatus == 1:
			continue
		if existing:
			frappe.get_doc("Stock Reconciliation", existing.name).submit()
			continue
		rows = []
		for spec in data.ITEMS:
			qty = spec["opening_qty"][warehouse_name]
			if not qty:
				continue
			row = {
				"item_code": spec["item_code"],
				"warehouse": warehouse,
				"qty": qty,
				"valuation_rate": spec["valuation_rate"],
			}
			if spec["shelf_life_in_days"]:
				row["batch_no"] = _opening_batch(spec, warehouse_name)
				row["use_serial_batch_fields"] = 1
			rows.append(row)
		reconciliation = frappe.get_doc(
			{
				"doctype": "Stock Reconciliation",
				"company": company,
				"purpose": "Opening Stock",
				"posting_date": posting_date,
				"set_posting_time": 1,
				"set_warehouse": warehouse,
				"expense_account": _account(company, "Temporary"),
				"cost_center": frappe.get_cached_value("Company", company, "cost_center"),
				"items": rows,
			}
		)
		reconciliation.insert(ignore_permissions=True)
		reconciliation.submit()


def _opening_batch(spec: dict, warehouse_name: str) -> str:
	"""One batch per item and warehouse; 华南仓's batch is close to expiry for the alert demos."""
	batch_id = f"{spec['item_code']}-期初-{data.OPENING_WAREHOUSES.index(warehouse_name) + 1}"
	shelf_life = spec["shelf_life_in_days"]
	manufactured = add_days(nowdate(), -(shelf_life - 20) if warehouse_name == "华南仓" else -90)
	return _get_or_insert(
		"Batch",
		{"batch_id": batch_id},
		{
			"item": spec["item_code"],
			"manufacturing_date": manufactured,
			"expiry_date": add_days(manufactured, shelf_life),
		},
	)


def ensure_approval_rules(company: str):
	for spec in data.APPROVAL_RULES:
		if frappe.db.exists("Approval Rule", spec["rule_name"]):
			continue
		steps = []
		for step in spec["steps"]:
			step = dict(step)
			if step.get("user_key"):
				step["user"] = data.user_email(step.pop("user_key"))
			steps.append(step)
		frappe.get_doc(
			{
				"doctype": "Approval Rule",
				**{k: v for k, v in spec.items() if k != "steps"},
				"company": company,
				"steps": steps,
			}
		).insert(ignore_permissions=True)


def ensure_approval_demo_orders(company: str, warehouses: dict[str, str]):
	"""Purchase orders by the buyer in each approval state (pending, approved and submitted, …)."""
	if frappe.db.exists("Approval Request", {"company": company}):
		return
	buyer, manager = data.user_email("buyer"), data.user_email("purchase.manager")
	supplier = frappe.db.get_value("Supplier", {"supplier_name": data.APPROVAL_DEMO_SUPPLIER})
	current_user = frappe.session.user
	try:
		for item_code, qty, outcome in data.APPROVAL_DEMO_ORDERS:
			frappe.set_user(buyer)
			spec = next(item for item in data.ITEMS if item["item_code"] == item_code)
			order = frappe.get_doc(
				{
					"doctype": "Purchase Order",
					"company": company,
					"supplier": supplier,
					"currency": "CNY",
					"conversion_rate": 1,
					"transaction_date": nowdate(),
					"schedule_date": add_days(nowdate(), 7),
					"set_warehouse": warehouses["总仓"],
					"items": [
						{
							# ordered in the purchase UOM (箱 …), as buyers do
							"item_code": item_code,
							"uom": spec["purchase_uom"],
							"conversion_factor": spec["conversion_factor"],
							"qty": qty / spec["conversion_factor"],
							"rate": spec["valuation_rate"] * spec["conversion_factor"],
							"schedule_date": add_days(nowdate(), 7),
							"warehouse": warehouses["总仓"],
						}
					],
				}
			).insert()
			approval_actions.request_approval(order.doctype, order.name, comment="请审批")
			if outcome == "Withdrawn":
				approval_actions.withdraw(order.doctype, order.name, comment="供应商报价有变")
				continue
			frappe.set_user(manager)
			if outcome == "Approved":
				approval_actions.approve(order.doctype, order.name, comment="同意")
				frappe.set_user(buyer)
				frappe.get_doc(order.doctype, order.name).submit()
			elif outcome == "Rejected":
				approval_actions.reject(order.doctype, order.name, comment="价格高于上次采购价，请重新询价")
	finally:
		frappe.set_user(current_user)


def _demo_requisition(
	company: str, purpose: str, lines, warehouse: str, required_in_days: int, supplier: str | None = None
):
	"""A draft requisition by the current user of ``lines`` ((item code, qty in stock UOM)), in
	purchase UOMs at the items' standard rates."""
	specs = {item["item_code"]: item for item in data.ITEMS}
	return frappe.get_doc(
		{
			"doctype": "Purchase Requisition",
			"company": company,
			"purpose": purpose,
			"transaction_date": nowdate(),
			"required_by": add_days(nowdate(), required_in_days),
			"items": [
				{
					"item_code": code,
					"qty": qty / specs[code]["conversion_factor"],
					"uom": specs[code]["purchase_uom"],
					"estimated_rate": specs[code]["valuation_rate"] * specs[code]["conversion_factor"],
					"preferred_supplier": supplier,
					"warehouse": warehouse,
				}
				for code, qty in lines
			],
		}
	).insert()


def ensure_requisition_demo(company: str, warehouses: dict[str, str]):
	"""Purchase requisitions by the buyer in every status, ordered through ERPNext where needed."""
	if frappe.db.exists("Purchase Requisition", {"company": company}):
		return
	buyer, manager = data.user_email("buyer"), data.user_email("purchase.manager")
	supplier = frappe.db.get_value("Supplier", {"supplier_name": data.APPROVAL_DEMO_SUPPLIER})
	current_user = frappe.session.user
	try:
		for purpose, lines, target in data.REQUISITION_DEMO:
			frappe.set_user(buyer)
			doc = _demo_requisition(company, purpose, lines, warehouses["总仓"], 14, supplier)
			if target == "Draft":
				continue
			approval_actions.request_approval(doc.doctype, doc.name, comment="请审批")
			if target == "Pending Approval":
				continue
			frappe.set_user(manager)
			if target == "Rejected":
				approval_actions.reject(doc.doctype, doc.name, comment="本季度预算已用完")
				continue
			approval_actions.approve(doc.doctype, doc.name, comment="同意")
			frappe.set_user(buyer)
			frappe.get_doc(doc.doctype, doc.name).submit()
			if target in ("Partially Ordered", "Ordered"):
				order = requisitions.make_purchase_order(doc.name, supplier=supplier)
				if target == "Partially Ordered":
					order.set("items", order.items[:1])  # the first line only
				order.insert()
				approval_actions.request_approval(order.doctype, order.name)
				records.approve_through_the_chain(order.doctype, order.name)
				frappe.set_user(buyer)
				frappe.get_doc(order.doctype, order.name).submit()
			elif target == "Closed":
				requisitions.close(doc.name, reason="活动取消")
	finally:
		frappe.set_user(current_user)


def ensure_comparison_demo(company: str, warehouses: dict[str, str]):
	"""比价单 in every state, each from its own requisition, RFQ and supplier quotations."""
	if frappe.db.exists("Supplier Quotation Comparison", {"company": company}):
		return
	buyer, manager = data.user_email("buyer"), data.user_email("purchase.manager")
	specs = {item["item_code"]: item for item in data.ITEMS}
	current_user = frappe.session.user
	try:
		for purpose, group, lines, quotes, outcome in data.COMPARISON_DEMO:
			frappe.set_user(buyer)
			requisition = _demo_requisition(company, purpose, lines, warehouses["总仓"], 21)
			if match_rule(requisition):
				approval_actions.request_approval(requisition.doctype, requisition.name)
				records.approve_through_the_chain(requisition.doctype, requisition.name)
				frappe.set_user(buyer)
			frappe.get_doc(requisition.doctype, requisition.name).submit()

			# the purchase manager sends the RFQ and enters the suppliers' quotations
			frappe.set_user(manager)
			suppliers = [
				frappe.db.get_value("Supplier", {"supplier_name": name})
				for name in data.COMPARISON_DEMO_SUPPLIERS[group][: len(quotes)]
			]
			rfq = requisitions.make_request_for_quotation(requisition.name)
			for supplier in suppliers:
				rfq.append("suppliers", {"supplier": supplier})
			rfq.insert()
			rfq.submit()
			for supplier, (factor, lead_time) in zip(suppliers, quotes, strict=True):
				quotation = make_supplier_quotation_from_rfq(rfq.name, for_supplier=supplier)
				quotation.currency, quotation.conversion_rate = "CNY", 1
				quotation.valid_till = add_days(nowdate(), 30)
				factors = factor if isinstance(factor, tuple) else (factor,) * len(quotation.items)
				for row, line_factor in zip(quotation.items, factors, strict=True):
					spec = specs[row.item_code]
					row.rate = round(spec["valuation_rate"] * spec["conversion_factor"] * line_factor, 2)
					row.lead_time_days = lead_time
				quotation.insert()
				quotation.submit()

			frappe.set_user(buyer)
			comparison = comparisons.make_from_request_for_quotation(rfq.name)
			if outcome in ("Pending Approval", "Approved", "Rejected"):
				# the buyer prefers a supplier that is neither the suggestion nor the cheapest
				line = comparison.items[0]
				quotes_of_line = [row for row in comparison.quotes if row.line_key == line_key(line)]
				cheapest = min(quotes_of_line, key=lambda row: row.unit_price).supplier
				line.awarded_supplier = next(
					row.supplier
					for row in quotes_of_line
					if row.supplier not in (cheapest, line.suggested_supplier)
				)
				line.award_reason = "长期合作供应商，服务稳定、账期更长"
			comparison.insert()
			if outcome == "Draft":
				continue
			if comparison.requires_approval:
				approval_actions.request_approval(comparison.doctype, comparison.name, comment="请审批定标")
				if outcome == "Pending Approval":
					continue
				frappe.set_user(manager)
				if outcome in ("Rejected", "Single Quote Rejected"):
					approval_actions.reject(comparison.doctype, comparison.name, comment="请再询一家供应商")
					continue
				records.approve_through_the_chain(comparison.doctype, comparison.name)  # submits it
			else:
				comparison.submit()
			if outcome == "Cancelled":
				frappe.set_user(buyer)
				frappe.get_doc(comparison.doctype, comparison.name).cancel()
	finally:
		frappe.set_user(current_user)


def ensure_transfer_demo(company: str, warehouses: dict[str, str]):
	"""调拨单 in every state, made and moved by the warehouse keeper."""
	if frappe.db.exists("Stock Transfer Order", {"company": company}):
		return
	needs: dict[str, float] = {}
	for _reason, _target, lines, _status in data.TRANSFER_DEMO:
		for code, qty in lines:
			needs[code] = needs.get(code, 0) + qty
	records.ensure_stock(company, warehouses["总仓"], needs, add_days(nowdate(), -3))
	current_user = frappe.session.user
	frappe.set_user(data.user_email("keeper"))
	try:
		for reason, target, lines, status in data.TRANSFER_DEMO:
			order = frappe.get_doc(
				{
					"doctype": "Stock Transfer Order",
					"company": company,
					"from_warehouse": warehouses["总仓"],
					"to_warehouse": warehouses[target],
					"damaged_warehouse": warehouses["残次品仓"],
					"required_date": add_days(nowdate(), 5),
					"reason": reason,
					"items": [{"item_code": code, "qty": qty} for code, qty in lines],
				}
			).insert(ignore_permissions=True)
			if status == "Draft":
				continue
			if status == "Pending Approval":
				approval_actions.request_approval(order.doctype, order.name)
				continue
			order.submit()
			first = order.items[0]
			if status == "Partially Dispatched":
				transfer_api.dispatch(order.name, [{"line": first.name, "qty": first.stock_qty / 2}])
			elif status in ("In Transit", "Partially Received", "Completed", "Cancelled"):
				transfer_api.dispatch(order.name, posting_date=add_days(nowdate(), -2))
			if status == "Partially Received":
				transfer_api.receive(
					order.name,
					[
						{
							"line": first.name,
							"received_qty": first.stock_qty - 6,
							"shortage_qty": 2,
							"damaged_qty": 2,
							"refused_qty": 2,
							"reason": "外箱破损，两件短少，两件拒收（临期）",
						}
					],
				)
			elif status == "Completed":
				transfer_api.receive(
					order.name,
					[
						{
							"line": first.name,
							"received_qty": first.stock_qty - 1,
							"shortage_qty": 1,
							"reason": "少到一件",
						}
					],
				)
				transfer_api.resolve_shortage(order.name, first.name, "Written Off", 1)
			elif status == "Closed":
				transfer_api.close(order.name, "门店取消试销")
			elif status == "Cancelled":
				frappe.get_doc(order.doctype, order.name).cancel()
	finally:
		frappe.set_user(current_user)


def ensure_stocktake_demo(company: str, warehouses: dict[str, str]):
	"""盘点单 in every status: the keeper plans and closes the counts, 周洁 and the keeper count.

	周洁 is a 盘点员 (Stocktake Counter: counts, reads no book); the keeper can read the book, so each
	blind count he counts in carries the warning that says so."""
	if frappe.db.exists("Stocktake", {"company": company}):
		return
	keeper, counter = data.user_email("keeper"), data.user_email("counter")
	current_user = frappe.session.user
	try:
		for title, warehouse, lines, mode, freeze, tolerance, status in data.STOCKTAKE_DEMO:
			frappe.set_user(keeper)
			doc = frappe.get_doc(
				{
					"doctype": "Stocktake",
					"company": company,
					"title": title,
					"warehouses": [{"warehouse": warehouses[warehouse]}],
					"scope": "Chosen Items",
					"scope_items": [{"item_code": code} for code, _delta in lines],
					"count_mode": mode,
					"freeze_mode": freeze,
					"qty_tolerance_percent": tolerance,
					"counters": [{"user": counter}, {"user": keeper}],
				}
			).insert(ignore_permissions=True)
			if status == "Draft":
				continue
			snapshot.start_counting(doc.name)
			book = {line.item_code: line.book_qty for line in frappe.get_doc("Stocktake", doc.name).lines}
			frappe.set_user(counter)
			for number, (code, delta) in enumerate(lines):
				if status == "Counting" and number:
					break  # the count is under way: one line done
				counting.add_count(doc.name, code, book[code] + delta)
			frappe.set_user(keeper)
			if status == "Counting":
				continue
			if status == "Cancelled":
				posting.cancel_draft(doc.name)
				continue
			variance.finish_counting(doc.name)
			if status == "Pending Approval":
				approval_actions.request_approval("Stocktake", doc.name)
			elif status == "Posted":
				frappe.get_doc("Stocktake", doc.name).submit()
				# posted here rather than by a worker the demo may not have running (a no-op if done)
				posting.post_variances(doc.name)
	finally:
		frappe.set_user(current_user)
