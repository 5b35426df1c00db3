"""Benchmark: what price/discount/margin and credit control add to a Sales Order of 50 lines
(``bench --site SITE jxc-sales-control-benchmark``).

Each round inserts and submits the same 50-line order twice (each side first in every other round): once as it runs on a site with jxc_app
(our Sales Order ``validate`` and ``before_submit`` handlers: 价格与毛利管控 and 信用管控, with a
Sales Price Limit on every item and a credit limit on the customer, so every check does its work), and
once with those two handlers replaced by no-ops. It prints both medians, their difference, and the
median time of the handlers themselves, timed directly on the order (validate + before_submit).
Target: the handlers' median ≤ 20 ms. The items, their stock, the limits and the customer are made
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
	start = time.perf_counter()
	order.insert(ignore_permissions=True)
	order.submit()
	return (time.perf_counter() - start) * 1000


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

	with_controls, without_controls, handlers_only = [], [], []
	try:
		for round_no in range(rounds):
			# the first submit after a rollback is the slower one (~0.5 s here): each side goes first
			# in every other round
			for with_ours in (True, False) if round_no % 2 == 0 else (False, True):
				if with_ours:
					with_controls.append(_submit_ms(_order(company, warehouse, codes, customer)))
					continue
				with patch.object(handlers, "validate", noop), patch.object(handlers, "before_submit", noop):
					without_controls.append(_submit_ms(_order(company, warehouse, codes, customer)))
			order = _order(company, warehouse, codes, customer)
			order.run_method("set_missing_values")
			order.run_method("calculate_taxes_and_totals")
			start = time.perf_counter()
			handlers.validate(order)
			handlers.before_submit(order)
			handlers_only.append((time.perf_counter() - start) * 1000)
			frappe.db.rollback()
	finally:
		frappe.db.rollback()
		frappe.flags.mute_emails = False
	with_median, without_median = statistics.median(with_controls), statistics.median(without_controls)
	return {
		"lines": LINES,
		"rounds": rounds,
		"submit_with_controls_ms_median": round(with_median, 1),
		"submit_without_controls_ms_median": round(without_median, 1),
		"difference_ms": round(with_median - without_median, 1),
		"controls_alone_ms_median": round(statistics.median(handlers_only), 1),
		"controls_alone_ms_p90": round(sorted(handlers_only)[int(len(handlers_only) * 0.9) - 1], 1),
		"target_ms": 20,
	}
