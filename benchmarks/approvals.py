"""Benchmark: what the approval guard adds to a submit (``bench --site SITE jxc-approval-benchmark``).

Submits identical Purchase Orders twice over: with no approval rule on Purchase Order (the guard
returns at once), then with a rule in force and each order already approved (the guard finds the
rule and checks the approval). Prints both medians and their difference. Everything is rolled
back at the end. Run it on a test or staging site: while it runs, other sessions see no
Purchase Order rules.
"""

import os
import statistics

import frappe
from frappe.utils import add_days, nowdate
from frappe.utils.nestedset import get_root_of

from benchmarks.common import milliseconds, require_benchmark_site
from jxc_app.jxc_approvals import actions, rule_lookup, submit_guard
from jxc_app.utils.site_defaults import default_stock_uom


def _draft_po(company: str, supplier: str, item: str, warehouse: str):
	po = frappe.get_doc(
		{
			"doctype": "Purchase Order",
			"company": company,
			"supplier": supplier,
			"currency": frappe.get_cached_value("Company", company, "default_currency"),
			"conversion_rate": 1,
			"transaction_date": nowdate(),
			"schedule_date": add_days(nowdate(), 7),
			"items": [
				{
					"item_code": item,
					"qty": 1,
					"rate": 100,
					"warehouse": warehouse,
					"schedule_date": add_days(nowdate(), 7),
				}
			],
		}
	)
	return po.insert(ignore_permissions=True)


def run(pairs: int = 30) -> dict:
	require_benchmark_site("purchase orders and approval rules (rolled back)")
	frappe.set_user("Administrator")
	company = (
		frappe.db.get_value("Company", {"default_currency": "CNY"})
		or frappe.get_all("Company", pluck="name")[0]
	)
	warehouse = frappe.db.get_value("Warehouse", {"company": company, "is_group": 0})
	supplier = (
		frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": f"_bench {frappe.generate_hash(length=6)}",
				"supplier_group": get_root_of("Supplier Group"),
			}
		)
		.insert()
		.name
	)
	item = (
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": f"_BENCH-{frappe.generate_hash(length=6)}",
				"item_group": get_root_of("Item Group"),
				"stock_uom": default_stock_uom(),
			}
		)
		.insert()
		.name
	)
	approver = (
		frappe.get_doc(
			{
				"doctype": "User",
				"email": f"bench-{frappe.generate_hash(length=6)}@example.com",
				"first_name": "bench",
				"send_welcome_email": 0,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	try:
		# the baseline is an uncovered doctype: rules already on Purchase Order are switched off
		# inside this transaction (rolled back at the end)
		frappe.db.set_value("Approval Rule", {"reference_doctype": "Purchase Order"}, "enabled", 0)
		rule_lookup.clear_rule_cache()
		# warm caches (meta, defaults) outside the measurement
		_draft_po(company, supplier, item, warehouse).submit()
		plain_docs = [_draft_po(company, supplier, item, warehouse) for _ in range(pairs)]
		plain_ms = []
		for doc in plain_docs:
			plain_ms.append(milliseconds(doc.submit))

		rule = frappe.get_doc(
			{
				"doctype": "Approval Rule",
				"rule_name": f"_bench {frappe.generate_hash(length=6)}",
				"reference_doctype": "Purchase Order",
				"company": company,
				"steps": [{"step_name": "bench", "approver_type": "User", "user": approver}],
			}
		).insert()
		approved_docs = []
		for _ in range(pairs):
			doc = _draft_po(company, supplier, item, warehouse)
			actions.request_approval(doc.doctype, doc.name)
			frappe.set_user(approver)
			actions.approve(doc.doctype, doc.name)
			frappe.set_user("Administrator")
			approved_docs.append(frappe.get_doc(doc.doctype, doc.name))
		covered_ms = [milliseconds(doc.submit) for doc in approved_docs]
		guard_ms = [milliseconds(lambda doc=doc: submit_guard.before_submit(doc)) for doc in approved_docs]
		result = {
			"cores": os.cpu_count(),
			"pairs": pairs,
			"submit_without_rule_median_ms": round(statistics.median(plain_ms), 2),
			"submit_with_approved_rule_median_ms": round(statistics.median(covered_ms), 2),
			"extra_median_ms": round(statistics.median(covered_ms) - statistics.median(plain_ms), 2),
			"guard_alone_median_ms": round(statistics.median(guard_ms), 3),
			"rule": rule.name,
		}
	finally:
		frappe.db.rollback()
		rule_lookup.clear_rule_cache()
	return result
