"""超储: items whose quantity on hand in a warehouse is above the item's maximum quantity there, or whose
stock value is above its maximum value (JXC Stock Limit)."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Min
from frappe.utils import flt

from jxc_app.jxc_alerts.types import common
from jxc_app.jxc_alerts.types.low_stock import limits_of_bins, limits_query
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import OVERSTOCK, Finding
from jxc_app.setup.customizations import STOCK_LIMITS_FIELD

# a full scan narrows the bins first by the lowest limits; with more bins than this left, it joins
NARROWED_BINS_LIMIT = 20_000


def above_a_limit(limit, bin_):
	return ((limit.max_qty > 0) & (Coalesce(bin_.actual_qty, 0) > limit.max_qty)) | (
		(limit.max_value > 0) & (Coalesce(bin_.stock_value, 0) > limit.max_value)
	)


def lowest_limits() -> tuple[float | None, float | None]:
	"""The lowest maximum quantity and the lowest maximum value set on any stock limit (None: none set)."""
	limit = frappe.qb.DocType("JXC Stock Limit")
	lowest = (
		frappe.qb.from_(limit)
		.select(
			Min(Case().when(limit.max_qty > 0, limit.max_qty).else_(None)),
			Min(Case().when(limit.max_value > 0, limit.max_value).else_(None)),
		)
		.where((limit.parenttype == "Item") & (limit.parentfield == STOCK_LIMITS_FIELD))
		.run()
	)
	max_qty, max_value = lowest[0] if lowest else (None, None)
	return (flt(max_qty) if max_qty is not None else None, flt(max_value) if max_value is not None else None)


def candidate_rows(rule, scope):
	"""A full scan reads the bins above the lowest limits in one sequential pass, then their limits only
	(a bin without a limit, or without stock, is never overstocked); a ledger change joins its pairs."""
	if scope is not None:
		return limits_query(rule, scope, above_a_limit)
	max_qty, max_value = lowest_limits()
	if max_qty is None and max_value is None:
		return []

	def above_lowest(bin_):
		above = []
		if max_qty is not None:
			above.append(bin_.actual_qty > max_qty)
		if max_value is not None:
			above.append(bin_.stock_value > max_value)
		return above[0] if len(above) == 1 else above[0] | above[1]

	bin_rows = common.bins(None, above_lowest)
	if len(bin_rows) > NARROWED_BINS_LIMIT:
		return limits_query(rule, scope, above_a_limit)
	return limits_of_bins(rule, bin_rows)


def evaluate(rule, scope=None) -> list[Finding]:
	rows = candidate_rows(rule, scope)
	severity = common.severity(rule)
	findings = []
	for row in rows:
		check = alert_checks.overstock(row.actual_qty, row.stock_value, row.max_qty, row.max_value, severity)
		if not check:
			continue
		findings.append(
			common.item_warehouse_finding(
				OVERSTOCK,
				row,
				check,
				measure=check["measure"],
				actual_qty=flt(row.actual_qty),
				stock_value=flt(row.stock_value),
				max_qty=flt(row.max_qty),
				max_value=flt(row.max_value),
				excess=check["excess"],
			)
		)
	return findings
