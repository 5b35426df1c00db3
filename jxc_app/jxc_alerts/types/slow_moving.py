"""滞销: stock in a warehouse with no outbound movement for the rule's ``days`` (default 90; counted from
the last outbound ledger entry, else from the first movement) while its value is at least ``amount``.

The ledger is not grouped as a whole: the bins holding enough value are read without those that moved
out since the cutoff (an index range per bin), and the dates are computed for what is left."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Max, Min
from frappe.utils import add_days, flt, getdate

from jxc_app.jxc_alerts.types import common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import SLOW_MOVING, Finding

DEFAULT_DAYS = 90
# (item, warehouse) pairs per query of the movement dates
MOVEMENT_CHUNK = common.PAIR_CONDITION_LIMIT


def evaluate(rule, scope=None) -> list[Finding]:
	window = common.days(rule, DEFAULT_DAYS)
	min_value = common.number(rule, "amount")
	today = common.today()
	companies = common.rule_warehouse_companies(rule)
	# an outbound entry after the cutoff makes the bin busy whatever else the ledger holds
	cutoff = add_days(today, -max(1, int(window or 0)))
	held = [
		row
		for row in common.bins(
			scope,
			lambda bin_: (
				(bin_.actual_qty > 0)
				& (bin_.stock_value >= max(min_value, 0.01))
				& _outbound_since(bin_, cutoff).isnull()
			),
		)
		if row[1] in companies
	]
	items = common.stock_items(rule, [row[0] for row in held])
	bins = [
		frappe._dict(
			item_code=row[0],
			warehouse=row[1],
			company=companies[row[1]],
			item_name=items[row[0]][0],
			stock_uom=items[row[0]][1],
			actual_qty=row[2],
			stock_value=row[4],
		)
		for row in held
		if row[0] in items
	]
	if not bins:
		return []
	movements = _movements([(row.item_code, row.warehouse) for row in bins])
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
			common.item_warehouse_finding(
				SLOW_MOVING,
				row,
				check,
				actual_qty=flt(row.actual_qty),
				stock_value=flt(row.stock_value),
				last_outbound_date=str(last_out) if last_out else None,
				first_movement_date=str(first) if first else None,
				idle_days=check["idle_days"],
				min_value=min_value,
			)
		)
	return findings


def _outbound_since(bin_, cutoff):
	"""The last outbound posting date of the bin's item × warehouse after ``cutoff`` (a date; null: none),
	a range of ERPNext's (item_code, warehouse, posting_datetime) index per bin. A scalar subquery, as
	MariaDB turns NOT EXISTS into a materialized scan of the whole ledger range."""
	ledger = frappe.qb.DocType("Stock Ledger Entry")
	return (
		frappe.qb.from_(ledger)
		.select(Max(ledger.posting_date))
		.where(
			(ledger.item_code == bin_.item_code)
			& (ledger.warehouse == bin_.warehouse)
			& (ledger.posting_datetime >= f"{getdate(add_days(cutoff, 1))} 00:00:00")
			& (ledger.posting_date > cutoff)
			& (ledger.actual_qty < 0)
			& (ledger.is_cancelled == 0)
		)
	)


def _movements(pairs) -> dict:
	"""(item, warehouse) -> (last outbound posting date, first posting date) of ``pairs``, grouped from
	their ledger entries only, a chunk of pairs at a time."""
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
	found = {}
	pairs = sorted(set(pairs))
	for start in range(0, len(pairs), MOVEMENT_CHUNK):
		chunk = pairs[start : start + MOVEMENT_CHUNK]
		rows = common.where_scope(query, ledger.item_code, ledger.warehouse, chunk).run()
		found.update({(item, wh): (last_out, first) for item, wh, last_out, first in rows})
	return found
