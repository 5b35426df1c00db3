"""What the evaluators share: the rule's scope (company, warehouses, item and customer groups, each
with its descendants), the ledger-change scope of (item_code, warehouse) pairs, and reading thresholds
from a JXC Alert Rule doc or a ``frappe._dict`` with the same fields."""

import frappe
from frappe.query_builder import Criterion
from frappe.utils import cint, flt, getdate, nowdate
from pypika.terms import Tuple

from jxc_app.rules.alert_checks import base_severity
from jxc_app.rules.alerts import Finding, item_warehouse_key

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


def stock_items(rule, items=None) -> dict[str, tuple[str, str]]:
	"""Enabled stock items in the rule's item groups (``items``: only those): code -> (name, stock uom)."""
	item = frappe.qb.DocType("Item")
	query = (
		frappe.qb.from_(item)
		.select(item.name, item.item_name, item.stock_uom)
		.where((item.disabled == 0) & (item.is_stock_item == 1))
	)
	groups = rule_item_groups(rule)
	if groups is not None:
		query = query.where(item.item_group.isin(groups or [""]))
	if items is not None:
		query = query.where(item.name.isin(sorted(set(items)) or [""]))
	return {name: (item_name, uom) for name, item_name, uom in query.run()}


def rule_warehouse_companies(rule) -> dict[str, str]:
	"""Enabled warehouses in the rule's company and warehouses: name -> company."""
	warehouse = frappe.qb.DocType("Warehouse")
	query = (
		frappe.qb.from_(warehouse).select(warehouse.name, warehouse.company).where(warehouse.disabled == 0)
	)
	if rule.get("company"):
		query = query.where(warehouse.company == rule.company)
	chosen = rule_warehouses(rule)
	if chosen is not None:
		query = query.where(warehouse.name.isin(chosen or [""]))
	return dict(query.run())


def bins(scope, condition=None, fields=()) -> list[tuple]:
	"""(item_code, warehouse, actual_qty, projected_qty, stock_value, valuation_rate, *fields) of the bins:
	one sequential read (the scope's pairs when a ledger change asks); the rule's items and warehouses
	are filtered by the caller, as joins on the warehouse index read every bin row at random."""
	bin_ = frappe.qb.DocType("Bin")
	query = frappe.qb.from_(bin_).select(
		bin_.item_code,
		bin_.warehouse,
		bin_.actual_qty,
		bin_.projected_qty,
		bin_.stock_value,
		bin_.valuation_rate,
		*(bin_[field] for field in fields),
	)
	if condition is not None:
		query = query.where(condition(bin_))
	return where_scope(query, bin_.item_code, bin_.warehouse, scope).run()


def finding(alert_type: str, check: dict, subject_key: str, company: str, **fields) -> Finding:
	"""A finding with the value, threshold and severity of an ``alert_checks`` result; ``fields``: the
	Finding's other fields (subject, party, figures …)."""
	return Finding(
		alert_type=alert_type,
		subject_key=subject_key,
		company=company,
		value=check["value"],
		threshold=check["threshold"],
		severity=check["severity"],
		**fields,
	)


def item_warehouse_finding(alert_type: str, row, check: dict, **figures) -> Finding:
	"""A finding on an item × warehouse (``row``: item_code, warehouse, company, item_name, stock_uom)."""
	return finding(
		alert_type,
		check,
		item_warehouse_key(row.item_code, row.warehouse),
		row.company,
		subject_doctype="Item",
		subject_name=row.item_code,
		item_code=row.item_code,
		warehouse=row.warehouse,
		figures={"item_name": row.item_name, "stock_uom": row.stock_uom, **figures},
	)
