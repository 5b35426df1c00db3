"""Benchmark: what price/discount/margin and credit control add to a Sales Order of 50 lines
(``bench --site SITE jxc-sales-control-benchmark``).

Each round inserts the same 50-line order twice and times its submit (each side first in every other
round): once as it runs on a site with jxc_app (our Sales Order ``validate`` and ``before_submit``
handlers: 价格与毛利管控 and 信用管控, with a Sales Price Limit on every item and a credit limit on the
customer, so every check does its work), and once with those two handlers replaced by no-ops.

A submit of 50 lines takes seconds and varies by hundreds of milliseconds from one to the next, so
the A/B difference cannot resolve 20 ms; it is printed as a check (median of the rounds' paired
differences). The measure of what our control adds is taken inside the real submits: the handlers are
wrapped by a timer while ERPNext submits the order (``in_submit``), and also timed alone on an order
(``controls_alone``). Target: the in-submit median ≤ 20 ms. The items, their stock, the limits and the customer are made
once (committed, reused by later runs); the orders are rolled back.
"""

import statistics
import time
from unittest.mock import patch

import frappe
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

from benchmarks.common import require_benchmark_site
from jxc_app.overrides import sales_order as handlers
from jxc_app.utils.site_defaults import default_stock_uom

LINES = 50
PREFIX = "_bench-sc-"


def _company() -> str:
	return (
		frappe.db.get_value("Company", {"default_currency": "CNY"})
		or frappe.get_all("Company", pluck="name")[0]
	)


def _setup(company: str):
	"""50 items with stock and a Sales Price Limit each, and a customer with a credit limit (kept)."""
	warehouse = next(
		row.name
		for row in frappe.get_all(
			"Warehouse", {"company": company, "is_group": 0}, ["name", "warehouse_type"], order_by="creation"
		)
		if row.warehouse_type != "Transit"
	)
	codes = [f"{PREFIX}{index:02d}" for index in range(LINES)]
	missing = [code for code in codes if not frappe.db.exists("Item", code)]
	for code in missing:
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": f"销售管控基准 {code}",
				"item_group": get_root_of("Item Group"),
				"stock_uom": default_stock_uom(),
				"is_stock_item": 1,
			}
		).insert(ignore_permissions=True)
	if missing:
		entry = frappe.get_doc(
			{
				"doctype": "Stock Entry",
				"company": company,
				"stock_entry_type": "Material Receipt",
				"purpose": "Material Receipt",
				"items": [
					{"item_code": code, "qty": 100_000, "basic_rate": 6, "t_warehouse": warehouse}
					for code in missing
				],
			}
		).insert(ignore_permissions=True)
		entry.submit()
	for code in codes:
		if not frappe.db.exists("Sales Price Limit", {"item_code": code, "company": company}):
			frappe.get_doc(
				{
					"doctype": "Sales Price Limit",
					"item_code": code,
					"company": company,
					"min_price": 7,
					"max_discount_pct": 20,
				}
			).insert(ignore_permissions=True)
	customer_name = f"{PREFIX}customer"
	customer = frappe.db.get_value("Customer", {"customer_name": customer_name})
	if not customer:
		customer = (
			frappe.get_doc(
				{
					"doctype": "Customer",
					"customer_name": customer_name,
					"customer_group": get_root_of("Customer Group"),
					"territory": get_root_of("Territory"),
					"credit_limits": [{"company": company, "credit_limit": 1e9}],
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
	frappe.db.commit()
	return warehouse, codes, customer


def _order(company, warehouse, codes, customer):
	date = add_days(nowdate(), 7)
	return frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": company,
			"customer": customer,
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"conversion_rate": 1,
			"delivery_date": date,
			"items": [
				{"item_code": code, "qty": 10, "rate": 10, "warehouse": warehouse, "delivery_date": date}
				for code in codes
			],
		}
	)


def _submit_ms(order) -> float:
	order.insert(ignore_permissions=True)
	start = time.perf_counter()
	order.submit()
	return (time.perf_counter() - start) * 1000


def _timed(handler, spent: list[float]):
	"""``handler`` adding the time it takes to ``spent``."""

	def timed(doc, method=None):
		start = time.perf_counter()
		try:
			return handler(doc, method)
		finally:
			spent.append((time.perf_counter() - start) * 1000)

	return timed


def run(rounds: int = 20) -> dict:
	require_benchmark_site("50 items with stock, price limits and a customer (kept); orders rolled back")
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	company = _company()
	settings = frappe.get_single("JXC Settings")
	if not settings.credit_approval:
		frappe.db.set_single_value("JXC Settings", "credit_approval", 1)
	warehouse, codes, customer = _setup(company)

	def noop(doc, method=None):
		return None

	with_controls, without_controls, handlers_only, in_submit = [], [], [], []
	validate, before_submit = handlers.validate, handlers.before_submit
	try:
		for round_no in range(rounds):
			# the first submit after a rollback is the slower one (~0.5 s here): each side goes first
			# in every other round
			for with_ours in (True, False) if round_no % 2 == 0 else (False, True):
				if with_ours:
					spent = []
					with (
						patch.object(handlers, "validate", _timed(validate, spent)),
						patch.object(handlers, "before_submit", _timed(before_submit, spent)),
					):
						order = _order(company, warehouse, codes, customer)
						order.insert(ignore_permissions=True)
						spent.clear()  # the insert's validate is not part of the submit
						start = time.perf_counter()
						order.submit()
						with_controls.append((time.perf_counter() - start) * 1000)
					in_submit.append(sum(spent))
					continue
				with patch.object(handlers, "validate", noop), patch.object(handlers, "before_submit", noop):
					without_controls.append(_submit_ms(_order(company, warehouse, codes, customer)))
			order = _order(company, warehouse, codes, customer)
			order.run_method("set_missing_values")
			order.run_method("calculate_taxes_and_totals")
			start = time.perf_counter()
			validate(order)
			before_submit(order)
			handlers_only.append((time.perf_counter() - start) * 1000)
			frappe.db.rollback()
	finally:
		frappe.db.rollback()
		frappe.flags.mute_emails = False

	def p90(values):
		return round(sorted(values)[max(int(len(values) * 0.9) - 1, 0)], 1)

	return {
		"lines": LINES,
		"rounds": rounds,
		"in_submit_ms_median": round(statistics.median(in_submit), 1),
		"in_submit_ms_p90": p90(in_submit),
		"controls_alone_ms_median": round(statistics.median(handlers_only), 1),
		"controls_alone_ms_p90": p90(handlers_only),
		"submit_with_controls_ms_median": round(statistics.median(with_controls), 1),
		"submit_without_controls_ms_median": round(statistics.median(without_controls), 1),
		"paired_difference_ms_median": round(
			statistics.median(a - b for a, b in zip(with_controls, without_controls, strict=True)), 1
		),
		"target_ms": 20,
	}
