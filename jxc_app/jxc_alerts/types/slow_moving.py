"""滞销: stock in a warehouse with no outbound movement for the rule's ``days`` (default 90; counted from
the last outbound ledger entry, else from the first movement) while its value is at least ``amount``."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Max, Min
from frappe.utils import flt, getdate

from jxc_app.jxc_alerts.types import common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import SLOW_MOVING, Finding, item_warehouse_key

DEFAULT_DAYS = 90


def evaluate(rule, scope=None) -> list[Finding]:
	window = common.days(rule, DEFAULT_DAYS)
	min_value = common.number(rule, "amount")
	today = common.today()
	bin_ = frappe.qb.DocType("Bin")
	query, item, warehouse = common.stock_query(rule, bin_, scope)
	bins = (
		query.select(
			bin_.item_code,
			bin_.warehouse,
			warehouse.company,
			item.item_name,
			item.stock_uom,
			bin_.actual_qty,
			bin_.stock_value,
		)
		.where((bin_.actual_qty > 0) & (bin_.stock_value >= max(min_value, 0.01)))
		.run(as_dict=True)
	)
	if not bins:
		return []
	movements = _movements([(row.item_code, row.warehouse) for row in bins], scope, len(bins))
	severity = common.severity(rule)
	findings = []
	for row in bins:
		last_out, first = movements.get((row.item_code, row.warehouse), (None, None))
		check = alert_checks.slow_moving(
			row.stock_value,
			getdate(last_out) if last_out else None,
			getdate(first) if first else None,
			today,
			window,
			min_value,
			severity,
		)
		if not check:
			continue
		findings.append(
			Finding(
				alert_type=SLOW_MOVING,
				subject_key=item_warehouse_key(row.item_code, row.warehouse),
				company=row.company,
				value=check["value"],
				threshold=check["threshold"],
				severity=check["severity"],
				subject_doctype="Item",
				subject_name=row.item_code,
				item_code=row.item_code,
				warehouse=row.warehouse,
				figures={
					"item_name": row.item_name,
					"stock_uom": row.stock_uom,
					"actual_qty": flt(row.actual_qty),
					"stock_value": flt(row.stock_value),
					"last_outbound_date": str(last_out) if last_out else None,
					"first_movement_date": str(first) if first else None,
					"idle_days": check["idle_days"],
					"min_value": min_value,
				},
			)
		)
	return findings


def _movements(pairs, scope, count) -> dict:
	"""(item, warehouse) -> (last outbound posting date, first posting date), one grouped ledger read."""
	ledger = frappe.qb.DocType("Stock Ledger Entry")
	query = (
		frappe.qb.from_(ledger)
		.select(
			ledger.item_code,
			ledger.warehouse,
			Max(Case().when(ledger.actual_qty < 0, ledger.posting_date).else_(None)),
			Min(ledger.posting_date),
		)
		.where(ledger.is_cancelled == 0)
		.groupby(ledger.item_code, ledger.warehouse)
	)
	if scope is not None:
		query = common.where_scope(query, ledger.item_code, ledger.warehouse, scope)
	elif count <= common.PAIR_CONDITION_LIMIT:
		query = common.where_scope(query, ledger.item_code, ledger.warehouse, pairs)
	return {(item, wh): (last_out, first) for item, wh, last_out, first in query.run()}
