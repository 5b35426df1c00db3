"""What the evaluators share: the rule's scope (company, warehouses, item and customer groups, each
with its descendants), the ledger-change scope of (item_code, warehouse) pairs, and reading thresholds
from a JXC Alert Rule doc or a ``frappe._dict`` with the same fields."""

import frappe
from frappe.query_builder import Criterion
from frappe.utils import cint, flt, getdate, nowdate
from pypika.terms import Tuple

from jxc_app.rules.alert_checks import base_severity

# with a longer ledger-change scope the item and warehouse lists filter first, the pairs in Python
PAIR_CONDITION_LIMIT = 500


def today():
	return getdate(nowdate())


def values(rule, table: str, field: str) -> list[str]:
	"""The rule's child-table values (``warehouses`` → warehouse …); rows may be docs, dicts or strings."""
	found = []
	for row in rule.get(table) or []:
		value = row if isinstance(row, str) else row.get(field)
		if value:
			found.append(value)
	return found


def days(rule, default: int = 0) -> int:
	return cint(rule.get("days")) if rule.get("days") not in (None, "") else default


def number(rule, field: str, default: float = 0.0) -> float:
	return flt(rule.get(field)) if rule.get(field) not in (None, "") else default


def severity(rule) -> str:
	return base_severity(rule.get("severity"))


def descendants(doctype: str, names: list[str]) -> list[str]:
	"""``names`` and everything under them in the tree (group warehouses, item / customer groups)."""
	if not names:
		return []
	table = frappe.qb.DocType(doctype)
	bounds = frappe.qb.from_(table).select(table.lft, table.rgt).where(table.name.isin(names)).run()
	if not bounds:
		return list(names)
	inside = Criterion.any([(table.lft >= lft) & (table.rgt <= rgt) for lft, rgt in bounds])
	return frappe.qb.from_(table).select(table.name).where(inside).run(pluck=True)


def rule_warehouses(rule) -> list[str] | None:
	"""The rule's warehouses with what is under them; None: every warehouse."""
	chosen = values(rule, "warehouses", "warehouse")
	return descendants("Warehouse", chosen) if chosen else None


def rule_item_groups(rule) -> list[str] | None:
	chosen = values(rule, "item_groups", "item_group")
	return descendants("Item Group", chosen) if chosen else None


def rule_customer_groups(rule) -> list[str] | None:
	chosen = values(rule, "customer_groups", "customer_group")
	return descendants("Customer Group", chosen) if chosen else None


def where_scope(query, item_field, warehouse_field, scope):
	"""Restrict a query to a ledger change's (item_code, warehouse) pairs."""
	if scope is None:
		return query
	pairs = sorted({(item, warehouse) for item, warehouse in scope})
	if not pairs:
		return query.where(item_field.isnull() & item_field.notnull())  # nothing
	query = query.where(item_field.isin(sorted({p[0] for p in pairs})))
	query = query.where(warehouse_field.isin(sorted({p[1] for p in pairs})))
	if len(pairs) <= PAIR_CONDITION_LIMIT:
		query = query.where(Tuple(item_field, warehouse_field).isin([Tuple(*pair) for pair in pairs]))
	return query


def in_scope(scope, item_code: str, warehouse: str) -> bool:
	return scope is None or (item_code, warehouse) in set(scope)


def stock_query(rule, bin_table, scope):
	"""Bins of enabled stock items in the rule's company, warehouses and item groups, joined with the
	Item and the Warehouse (for their names, groups and company)."""
	item = frappe.qb.DocType("Item")
	warehouse = frappe.qb.DocType("Warehouse")
	query = (
		frappe.qb.from_(bin_table)
		.join(item)
		.on(item.name == bin_table.item_code)
		.join(warehouse)
		.on(warehouse.name == bin_table.warehouse)
		.where((item.disabled == 0) & (item.is_stock_item == 1) & (warehouse.disabled == 0))
	)
	if rule.get("company"):
		query = query.where(warehouse.company == rule.company)
	warehouses = rule_warehouses(rule)
	if warehouses is not None:
		query = query.where(bin_table.warehouse.isin(warehouses or [""]))
	groups = rule_item_groups(rule)
	if groups is not None:
		query = query.where(item.item_group.isin(groups or [""]))
	return where_scope(query, bin_table.item_code, bin_table.warehouse, scope), item, warehouse
