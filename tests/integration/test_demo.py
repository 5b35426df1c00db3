"""The demo company: realistic, complete, and loaded again without duplicates."""

import frappe
import pytest

from jxc_app.demo import data
from jxc_app.demo.loader import setup_demo
from jxc_app.jxc_selling.statement import party_address

COUNTED = [
	"Company", "Account", "Warehouse", "Item", "Item Barcode", "Batch", "Supplier", "Customer",
	"Department", "Employee", "User", "Stock Reconciliation", "Stock Ledger Entry", "GL Entry", "UOM",
	"Stock Transfer Order", "Stock Entry", "Stocktake", "Stocktake Count Entry", "Quotation", "Sales Order",
	"Delivery Note", "Sales Invoice", "Payment Entry", "Contact"]  # fmt: skip


def _counts():
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED}


@pytest.mark.smoke
def test_company_has_the_chinese_chart(demo_company):
	company = frappe.get_doc("Company", demo_company)
	assert (company.country, company.default_currency) == ("China", "CNY")
	stock_account = frappe.db.get_value(
		"Account", {"company": demo_company, "account_number": "1405"}, ["account_name", "account_type"]
	)
	assert stock_account == ("库存商品", "Stock")
	assert company.default_inventory_account == frappe.db.get_value(
		"Account", {"company": demo_company, "account_number": "1405"}
	)
	assert frappe.db.get_value("Account", company.default_receivable_account, "account_number") == "1122"
	assert frappe.db.get_value("Account", company.default_payable_account, "account_number") == "2202"
	assert frappe.db.get_value("Account", company.stock_received_but_not_billed, "account_number") == "2203"
	assert company.stock_adjustment_account and company.round_off_account and company.cost_center


def test_warehouses(demo_company):
	names = frappe.get_all(
		"Warehouse", filters={"company": demo_company, "is_group": 0}, pluck="warehouse_name"
	)
	assert {name for name, _ in data.WAREHOUSES} <= set(names)
	transit = frappe.db.get_value(
		"Warehouse", {"company": demo_company, "warehouse_name": "在途仓"}, "warehouse_type"
	)
	assert transit == "Transit"


def test_items_barcodes_uoms_reorder_and_batches(demo_company):
	for spec in data.ITEMS:
		item = frappe.get_doc("Item", spec["item_code"])
		assert item.item_name == spec["item_name"]
		assert [row.barcode for row in item.barcodes] == [spec["barcode"]]
		assert {row.uom: row.conversion_factor for row in item.uoms}[spec["purchase_uom"]] == spec[
			"conversion_factor"
		]
		assert item.reorder_levels[0].warehouse_reorder_level == spec["reorder_level"]
		assert item.jxc_pinyin_abbr
		assert bool(item.has_batch_no) == bool(spec["shelf_life_in_days"])
		if spec["shelf_life_in_days"]:
			assert frappe.get_all("Batch", filters={"item": item.name, "expiry_date": ("is", "set")})


def test_opening_stock_matches_the_data(demo_company):
	for spec in data.ITEMS:
		for warehouse_name, qty in spec["opening_qty"].items():
			warehouse = frappe.db.get_value(
				"Warehouse", {"company": demo_company, "warehouse_name": warehouse_name}
			)
			# later capabilities add demo movements; the opening itself stays as loaded
			opening = frappe.db.get_value(
				"Stock Ledger Entry",
				{
					"item_code": spec["item_code"],
					"warehouse": warehouse,
					"voucher_type": "Stock Reconciliation",
					"is_cancelled": 0,
				},
				["qty_after_transaction", "stock_value"],
				order_by="posting_date asc, creation asc",
			) or (0, 0)
			assert opening[0] == qty, (spec["item_code"], warehouse_name)
			assert opening[1] == pytest.approx(qty * spec["valuation_rate"]), (
				spec["item_code"],
				warehouse_name,
			)


def test_parties_with_credit_limits(demo_company):
	for name, group, territory, credit_limit in data.CUSTOMERS:
		customer = frappe.get_doc("Customer", {"customer_name": name})
		assert (customer.customer_group, customer.territory) == (group, territory)
		assert customer.credit_limits[0].credit_limit == credit_limit
	for name, group in data.SUPPLIERS:
		assert frappe.db.get_value("Supplier", {"supplier_name": name}, "supplier_group") == group
	# each has a primary contact with an e-mail address: the demo can mail statements
	for party_type, parties, name_field in (
		("Customer", data.CUSTOMERS, "customer_name"),
		("Supplier", data.SUPPLIERS, "supplier_name"),
	):
		for index, (name, *_rest) in enumerate(parties, start=1):
			party = frappe.db.get_value(party_type, {name_field: name})
			assert party_address(party_type, party) == data.party_email(party_type, index), party


def test_people_roles_departments_and_reporting_lines(demo_company):
	employee_of = {}
	for key, _full_name, department, roles, _reports_to, _gender in data.USERS:
		email = data.user_email(key)
		assert set(roles) <= set(frappe.get_roles(email))
		employee = frappe.db.get_value("Employee", {"user_id": email}, ["name", "department"], as_dict=True)
		assert frappe.db.get_value("Department", employee.department, "department_name") == department
		employee_of[key] = employee.name
	for key, *_rest, reports_to, _gender in data.USERS:
		assert frappe.db.get_value("Employee", employee_of[key], "reports_to") == (
			employee_of[reports_to] if reports_to else None
		)
	for department, head in data.DEPARTMENT_HEADS.items():
		department_name = frappe.db.get_value(
			"Department", {"department_name": department, "company": demo_company}
		)
		assert frappe.db.get_value("Department", department_name, "jxc_department_head") == data.user_email(
			head
		)


def test_demo_logins_use_the_documented_password(demo_company):
	from frappe.utils.password import check_password

	assert check_password(data.user_email("buyer"), data.DEMO_PASSWORD) == data.user_email("buyer")


def test_running_the_demo_again_creates_nothing(demo_company):
	before = _counts()
	assert setup_demo() == demo_company
	assert _counts() == before


def test_demo_has_approvals_in_every_state(demo_company):
	on_orders = {"company": demo_company, "reference_doctype": "Purchase Order"}
	statuses = frappe.get_all("Approval Request", filters=on_orders, pluck="status")
	assert sorted(set(statuses)) == ["Approved", "Pending Approval", "Rejected", "Withdrawn"]
	approved = frappe.get_all(
		"Approval Request", filters={**on_orders, "status": "Approved"}, fields=["reference_name"]
	)
	assert all(
		frappe.db.get_value("Purchase Order", row.reference_name, "docstatus") == 1 for row in approved
	)
	assert frappe.db.exists("Approval Rule", "采购订单审批（1万元以下）")


def test_demo_has_requisitions_in_every_status(demo_company):
	statuses = set(frappe.get_all("Purchase Requisition", filters={"company": demo_company}, pluck="status"))
	assert statuses == {
		"Draft",
		"Pending Approval",
		"Rejected",
		"Approved",
		"Partially Ordered",
		"Ordered",
		"Closed",
	}


def test_demo_has_comparisons_in_every_state(demo_company):
	comparisons = frappe.get_all(
		"Supplier Quotation Comparison",
		filters={"company": demo_company},
		fields=["name", "status", "requires_approval"],
	)
	assert {row.status for row in comparisons} == {
		"Draft",
		"Pending Approval",
		"Rejected",
		"Ordered",
		"Cancelled",
	}
	for row in comparisons:
		orders = set(
			frappe.get_all(
				"Purchase Order", filters={"jxc_supplier_quotation_comparison": row.name}, pluck="name"
			)
		)
		# ordered comparisons made their (draft) orders; the cancelled one took its drafts back
		assert bool(orders) == (row.status == "Ordered"), row
	# one was approved as an exception, and the approval submitted it
	assert any(row.status == "Ordered" and row.requires_approval for row in comparisons)


def test_demo_has_transfers_in_every_status(demo_company):
	orders = frappe.get_all(
		"Stock Transfer Order", filters={"company": demo_company}, fields=["name", "status", "in_transit_qty"]
	)
	assert {row.status for row in orders} == {
		"Draft",
		"Pending Approval",
		"Approved",
		"Partially Dispatched",
		"In Transit",
		"Partially Received",
		"Completed",
		"Closed",
		"Cancelled",
	}
	received = next(row for row in orders if row.status == "Partially Received")
	variances = frappe.get_all(
		"Stock Transfer Variance", filters={"parent": received.name}, pluck="variance_type"
	)
	assert sorted(variances) == ["Damage", "Refusal", "Shortage"]
	assert received.in_transit_qty == 2  # the shortage, until resolved
	# the in-transit goods are in the demo's 在途仓
	transit = frappe.get_cached_value("Company", demo_company, "default_in_transit_warehouse")
	assert sum(frappe.get_all("Bin", filters={"warehouse": transit}, pluck="actual_qty")) > 0


def test_demo_has_stocktakes_in_every_status(demo_company):
	stocktakes = frappe.get_all(
		"Stocktake", filters={"company": demo_company}, fields=["name", "status", "stock_reconciliation"]
	)
	assert {row.status for row in stocktakes} == {
		"Draft",
		"Counting",
		"Recount",
		"Counted",
		"Pending Approval",
		"Posted",
		"Cancelled",
	}
	posted = next(row for row in stocktakes if row.status == "Posted")
	assert frappe.db.get_value("Stock Reconciliation", posted.stock_reconciliation, "docstatus") == 1
	recount = next(row for row in stocktakes if row.status == "Recount")
	to_recount = frappe.get_all(
		"Stocktake Line", filters={"parent": recount.name, "recount_required": 1}, pluck="recount_by"
	)
	assert to_recount == [data.user_email("keeper")]  # 周洁 counted it first


def test_demo_has_quotations_and_sales_orders_in_every_state(demo_company):
	from jxc_app.demo.sales import LOST_REASON

	quotations = frappe.get_all(
		"Quotation", {"company": demo_company}, ["name", "status", "docstatus", "jxc_approval_status"]
	)
	assert {"Draft", "Open", "Expired", "Lost", "Ordered", "Partially Ordered"} <= {
		q.status for q in quotations
	}
	assert {"Pending Approval", "Approved"} <= {q.jxc_approval_status for q in quotations}
	lost = next(q.name for q in quotations if q.status == "Lost")
	assert frappe.get_all("Quotation Lost Reason Detail", {"parent": lost}, pluck="lost_reason") == [
		LOST_REASON
	]
	orders = frappe.get_all(
		"Sales Order", {"company": demo_company}, ["status", "per_delivered", "per_billed"]
	)
	statuses = {o.status for o in orders}
	assert {"Draft", "To Deliver and Bill", "To Bill", "Completed", "Closed"} <= statuses
	assert any(0 < o.per_delivered < 100 for o in orders)  # 部分发货
	# the completed order is paid: its invoice has nothing outstanding
	paid = frappe.get_all(
		"Sales Invoice",
		{"company": demo_company, "docstatus": 1, "outstanding_amount": 0, "is_return": 0},
		pluck="name",
	)
	assert paid
