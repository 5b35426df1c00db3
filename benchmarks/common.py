"""What every benchmark shares: the benchmark-site guard, timing, and the synthetic data's company,
items and row fields."""

import time
from collections.abc import Iterable
from datetime import datetime

import frappe
from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
from frappe.utils.nestedset import get_root_of

from jxc_app.utils.site_defaults import default_stock_uom

COMPANY = "JXC Benchmark Co"
ABBR = "JXCB"
# what Frappe writes on every row
AUDIT_FIELDS = ["creation", "modified", "owner", "modified_by", "docstatus"]
# what a synthetic Stock Ledger Entry has, as ERPNext would have written it
LEDGER_FIELDS = ["name", "item_code", "warehouse", "posting_date", "posting_time", "posting_datetime"]
LEDGER_FIELDS += ["voucher_type", "voucher_no", "voucher_detail_no", "actual_qty", "qty_after_transaction"]
LEDGER_FIELDS += ["valuation_rate", "stock_value", "stock_value_difference", "company"]


class BenchmarkSiteError(frappe.ValidationError):
	pass


def require_benchmark_site(writes: str) -> None:
	"""Every benchmark refuses a site not kept for benchmarks (it writes, or times, real data)."""
	if not frappe.conf.get("jxc_benchmark_site"):
		frappe.throw(
			f"This benchmark writes {writes}: run it on a site kept for it "
			"(bench --site SITE set-config jxc_benchmark_site 1).",
			exc=BenchmarkSiteError,
		)


def timed(function, *args, **kwargs):
	"""``function``'s result and the seconds it took."""
	start = time.perf_counter()
	result = function(*args, **kwargs)
	return result, time.perf_counter() - start


def as_request(function, *args, **kwargs):
	"""``function``'s result and the seconds it took, run as a web request runs a report: on a database
	connection of its own (Frappe opens one for each request and closes it after), opened before the
	clock starts. What the process ran before — another report's hundred thousand rows through the
	same connection — then does not weigh on it: after ERPNext's Stock Balance had run on the same
	connection, the 进销存汇总表 of one warehouse took 0.55 s instead of 0.38 s (a commit did not
	help, a new connection did). Work done so far is committed first."""
	frappe.db.commit()
	frappe.db.close()
	frappe.connect()
	frappe.db.sql("select 1")
	return timed(function, *args, **kwargs)


def milliseconds(function) -> float:
	"""How long ``function()`` took, in milliseconds."""
	return timed(function)[1] * 1000


def submitted_transfer_order(
	company: str, source: str, target: str, transit: str, lines: dict[str, float], **fields
):
	"""A submitted Stock Transfer Order moving ``lines`` (item code -> qty) from ``source`` to
	``target`` through ``transit``: the order the transfer benchmark and the transfer tests build."""
	order = frappe.get_doc(
		{
			"doctype": "Stock Transfer Order",
			"company": company,
			"from_warehouse": source,
			"to_warehouse": target,
			"transit_warehouse": transit,
			"items": [{"item_code": item, "qty": qty} for item, qty in lines.items()],
			**fields,
		}
	).insert()
	order.submit()
	return order


def audit(stamp: datetime, docstatus: int = 0, user: str = "Administrator") -> tuple:
	"""The values of ``AUDIT_FIELDS`` for a row written in bulk at ``stamp``."""
	return (stamp, stamp, user, user, docstatus)


def insert_items(items: Iterable[tuple[str, str]], stamp: datetime) -> None:
	"""Stock items (code, name) written in bulk, as ERPNext would have saved them: moving average,
	in the root item group, in the site's default unit."""
	group, uom = get_root_of("Item Group"), default_stock_uom()
	fields = ["name", "item_code", "item_name", "item_group", "stock_uom", "is_stock_item"]
	fields += ["valuation_method", "include_item_in_manufacturing", *AUDIT_FIELDS]
	values = [(code, code, name, group, uom, 1, "Moving Average", 1, *audit(stamp)) for code, name in items]
	frappe.db.bulk_insert("Item", fields, values, chunk_size=5000)


def ensure_company(year: int) -> None:
	"""The benchmarks' company (a new site: set up with it), with fiscal years ``year`` and the next."""
	if not frappe.is_setup_complete():
		# a new site: ERPNext's setup wizard makes the company with its masters (as ERPNext's tests do)
		setup_complete(
			{
				"language": "English",
				"country": "China",
				"timezone": "Asia/Shanghai",
				"currency": "CNY",
				"full_name": "Benchmark",
				"email": "benchmark@jxc-app.example.com",
				"password": "benchmark",
				"company_name": COMPANY,
				"company_abbr": ABBR,
				"chart_of_accounts": "Standard",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
			}
		)
		frappe.db.commit()
	if not frappe.db.exists("Company", COMPANY):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": COMPANY,
				"abbr": ABBR,
				"default_currency": "CNY",
				"country": "China",
				"create_chart_of_accounts_based_on": "Standard Template",
				"chart_of_accounts": "Standard",
				"enable_perpetual_inventory": 1,
			}
		).insert(ignore_permissions=True)
	for fiscal_year in (year, year + 1):
		if not frappe.db.exists("Fiscal Year", str(fiscal_year)):
			frappe.get_doc(
				{
					"doctype": "Fiscal Year",
					"year": str(fiscal_year),
					"year_start_date": f"{fiscal_year}-01-01",
					"year_end_date": f"{fiscal_year}-12-31",
				}
			).insert(ignore_permissions=True)
