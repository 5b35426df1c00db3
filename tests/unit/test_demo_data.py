"""The demo company's data is coherent before it ever reaches a site."""

import json
from collections import Counter

from jxc_app.demo import data
from jxc_app.rules.barcode import is_valid_ean13

# account types ERPNext looks up when it fills a company's default accounts
REQUIRED_ACCOUNT_TYPES = {
	"Cash", "Bank", "Receivable", "Payable", "Stock", "Cost of Goods Sold", "Stock Adjustment",
	"Stock Received But Not Billed", "Round Off", "Temporary", "Income Account", "Tax",
	"Expenses Included In Valuation",
}  # fmt: skip


def _leaves(tree, root_type=None):
	for name, node in tree.items():
		if not isinstance(node, dict):
			continue
		children = {key: value for key, value in node.items() if isinstance(value, dict)}
		current_root = node.get("root_type", root_type)
		if children:
			yield from _leaves(children, current_root)
		else:
			yield name, node, current_root


def test_chart_of_accounts_is_complete():
	with open(data.CHART_FILE, encoding="utf-8") as handle:
		chart = json.load(handle)
	roots = chart["tree"]
	assert {node["root_type"] for node in roots.values()} == {
		"Asset",
		"Liability",
		"Equity",
		"Income",
		"Expense",
	}
	leaves = list(_leaves(roots))
	assert {node.get("account_type") for _, node, _ in leaves} >= REQUIRED_ACCOUNT_TYPES
	numbers = [node["account_number"] for _, node, _ in leaves]
	assert len(numbers) == len(set(numbers)), "duplicate account numbers"
	names = [name for name, _, _ in leaves]
	assert len(names) == len(set(names)), "duplicate account names"
	# 企业会计准则: 1xxx assets, 2xxx liabilities, 4xxx equity, 6xxx profit and loss
	first_digit = {"Asset": "1", "Liability": "2", "Equity": "4", "Income": "6", "Expense": "6"}
	for name, node, root_type in leaves:
		assert node["account_number"].startswith(first_digit[root_type]), name


def test_items():
	assert len(data.ITEMS) == 50
	codes = [item["item_code"] for item in data.ITEMS]
	assert len(set(codes)) == 50
	assert len({item["item_name"] for item in data.ITEMS}) == 50
	assert all(is_valid_ean13(item["barcode"]) for item in data.ITEMS)
	assert len({item["barcode"] for item in data.ITEMS}) == 50
	for item in data.ITEMS:
		assert item["item_group"] in data.ITEM_GROUPS
		assert {item["stock_uom"], item["purchase_uom"]} <= set(data.UOMS)
		assert item["stock_uom"] != item["purchase_uom"] and item["conversion_factor"] > 1
		assert 0 < item["valuation_rate"] < item["standard_rate"]
		assert set(item["opening_qty"]) == set(data.OPENING_WAREHOUSES)
		assert item["reorder_qty"] > item["reorder_level"] > 0
	batch_items = [item for item in data.ITEMS if item["shelf_life_in_days"]]
	assert 3 <= len(batch_items) < 50
	assert all(item["shelf_life_in_days"] > 20 for item in batch_items)


def test_warehouses_parties_and_people():
	names = [name for name, _ in data.WAREHOUSES]
	assert names == ["总仓", "华东仓", "华南仓", "在途仓", "残次品仓"]
	assert dict(data.WAREHOUSES)["在途仓"] == "Transit"
	assert set(data.OPENING_WAREHOUSES) <= set(names)

	assert len(data.SUPPLIERS) == 10 and len({name for name, _ in data.SUPPLIERS}) == 10
	assert {group for _, group in data.SUPPLIERS} <= set(data.SUPPLIER_GROUPS)
	assert len(data.CUSTOMERS) == 20 and len({row[0] for row in data.CUSTOMERS}) == 20
	for _, group, territory, credit_limit in data.CUSTOMERS:
		assert group in data.CUSTOMER_GROUPS and territory in data.TERRITORIES and credit_limit > 0

	keys = [row[0] for row in data.USERS]
	assert len(keys) == len(set(keys)) == 8
	for _key, _name, department, roles, reports_to, gender in data.USERS:
		assert department in data.DEPARTMENTS and roles and gender in {"Male", "Female"}
		assert reports_to is None or reports_to in keys
	assert set(data.DEPARTMENT_HEADS) == set(data.DEPARTMENTS)
	assert set(data.DEPARTMENT_HEADS.values()) <= set(keys)
	# one login per role the brief names
	all_roles = Counter(role for row in data.USERS for role in row[3])
	for role in (
		"General Manager",
		"Purchase Manager",
		"Purchase User",
		"Stock User",
		"Sales Manager",
		"Sales User",
		"Accounts User",
	):
		assert all_roles[role], role


def test_approval_demo_data():
	keys = {row[0] for row in data.USERS}
	for rule in data.APPROVAL_RULES:
		assert rule["steps"]
		for step in rule["steps"]:
			assert step["approver_type"] in {
				"Role",
				"User",
				"Department Head",
				"Reports To",
				"Document Field",
				"Cost Center Manager",
			}
			assert step.get("user_key") is None or step["user_key"] in keys
	codes = {item["item_code"] for item in data.ITEMS}
	outcomes = [outcome for code, _qty, outcome in data.APPROVAL_DEMO_ORDERS if code in codes]
	assert sorted(outcomes) == ["Approved", "Pending Approval", "Rejected", "Withdrawn"]
	factors = {item["item_code"]: item["conversion_factor"] for item in data.ITEMS}
	assert all(qty % factors[code] == 0 for code, qty, _outcome in data.APPROVAL_DEMO_ORDERS)
	assert data.APPROVAL_DEMO_SUPPLIER in {name for name, _ in data.SUPPLIERS}


def test_requisition_demo_data():
	from jxc_app.rules import requisition

	factors = {item["item_code"]: item["conversion_factor"] for item in data.ITEMS}
	targets = [target for _purpose, _lines, target in data.REQUISITION_DEMO]
	statuses = {requisition.DRAFT, requisition.PENDING, requisition.REJECTED, requisition.APPROVED,
		requisition.PARTIALLY_ORDERED, requisition.ORDERED, requisition.CLOSED}  # fmt: skip
	assert set(targets) == statuses
	for _purpose, lines, _target in data.REQUISITION_DEMO:
		assert all(qty % factors[code] == 0 for code, qty in lines)
	assert "采购申请审批" in {rule["rule_name"] for rule in data.APPROVAL_RULES}


def test_comparison_demo_data():
	codes = {item["item_code"] for item in data.ITEMS}
	suppliers = {name for name, _group in data.SUPPLIERS}
	outcomes = set()
	for _purpose, group, lines, quotes, outcome in data.COMPARISON_DEMO:
		assert {code for code, _qty in lines} <= codes
		assert set(data.COMPARISON_DEMO_SUPPLIERS[group]) <= suppliers
		assert 1 <= len(quotes) <= len(data.COMPARISON_DEMO_SUPPLIERS[group])
		# quantities are whole purchase UOMs
		for code, qty in lines:
			spec = next(item for item in data.ITEMS if item["item_code"] == code)
			assert qty % spec["conversion_factor"] == 0, code
		outcomes.add(outcome)
	assert outcomes == {
		"Draft",
		"Ordered",
		"Pending Approval",
		"Approved",
		"Rejected",
		"Single Quote Rejected",
		"Cancelled",
	}
