"""Benchmark: the ERPNext documents of a 200-line sales return, made through a Sales Return Request
against the same native return documents made directly (``bench --site SITE jxc-return-benchmark``).

Two deliveries of 100 lines each (200 items), invoiced. Natively: a return Delivery Note per
delivery and a credit note per invoice (ERPNext's ``make_sales_return``), one unit a line, inserted
and submitted. Through a request: the request (200 lines, claims on the delivered lines) created
and submitted, then ``receive`` (the two return Delivery Notes) and ``credit`` (the two credit
notes) of one more unit a line. Prints both, and the ratio of the documents' time (target ≤ 1.3×).
The native documents go first (``--request-first``: last), so the other side runs on warm caches.
Everything is rolled back at the end.
"""

import frappe
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return as make_return_delivery
from frappe.utils.nestedset import get_root_of

from benchmarks.common import require_benchmark_site, timed
from jxc_app.jxc_returns.sales_return import api as return_api
from jxc_app.utils.site_defaults import default_stock_uom

LINES_PER_DELIVERY = 100


def _setup(company: str) -> frappe._dict:
	suffix = frappe.generate_hash(length=5)

	def warehouse(name):
		return (
			frappe.get_doc(
				{"doctype": "Warehouse", "warehouse_name": f"退货基准 {name} {suffix}", "company": company}
			)
			.insert(ignore_permissions=True)
			.name
		)

	stores, returns = warehouse("仓库"), warehouse("退货仓")
	customer = (
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": f"退货基准客户 {suffix}",
				"customer_group": get_root_of("Customer Group"),
				"territory": get_root_of("Territory"),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	items = [
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": f"RETURN-BENCH-{suffix}-{number}",
				"item_name": "退货基准物料",
				"item_group": get_root_of("Item Group"),
				"stock_uom": default_stock_uom(),
				"is_stock_item": 1,
				"valuation_rate": 10,
			}
		)
		.insert(ignore_permissions=True)
		.name
		for number in range(2 * LINES_PER_DELIVERY)
	]
	receipt = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"items": [
				{"item_code": item, "qty": 10, "basic_rate": 10, "t_warehouse": stores} for item in items
			],
		}
	).insert(ignore_permissions=True)
	receipt.submit()
	notes, invoices = [], []
	for start in (0, LINES_PER_DELIVERY):
		note = frappe.get_doc(
			{
				"doctype": "Delivery Note",
				"company": company,
				"customer": customer,
				"ignore_pricing_rule": 1,
				"items": [
					{"item_code": item, "qty": 5, "rate": 20, "warehouse": stores}
					for item in items[start : start + LINES_PER_DELIVERY]
				],
			}
		).insert(ignore_permissions=True)
		note.submit()
		invoice = make_sales_invoice(note.name)
		invoice.insert(ignore_permissions=True)
		invoice.submit()
		notes.append(note)
		invoices.append(invoice)
	settings = frappe.get_doc("JXC Settings")
	settings.set(
		"return_settings", [row for row in settings.get("return_settings") or [] if row.company != company]
	)
	settings.append("return_settings", {"company": company, "returns_warehouse": returns})
	settings.save(ignore_permissions=True)
	return frappe._dict(company=company, customer=customer, notes=notes, invoices=invoices, returns=returns)


def _native(world) -> list[str]:
	"""A return Delivery Note per delivery and a credit note per invoice, one unit a line."""
	made = []
	for note in world.notes:
		target = frappe.get_doc(make_return_delivery(note.name).as_dict())
		for row in target.items:
			row.qty, row.stock_qty, row.warehouse = -1, -1, world.returns
		target.insert(ignore_permissions=True)
		target.submit()
		made.append(target.name)
	for invoice in world.invoices:
		target = frappe.get_doc(make_credit_note(invoice.name).as_dict())
		for row in target.items:
			row.qty, row.stock_qty = -1, -1
		target.update_stock = 0
		target.insert(ignore_permissions=True)
		target.submit()
		made.append(target.name)
	return made


def _request(world):
	doc = frappe.get_doc(
		{
			"doctype": "Sales Return Request",
			"company": world.company,
			"customer": world.customer,
			"items": [
				{"delivery_note": note.name, "dn_detail": row.name, "qty": 1, "reason": world.reason}
				for note in world.notes
				for row in note.items
			],
		}
	).insert(ignore_permissions=True)
	doc.submit()
	return doc


def _through_request(doc) -> list[str]:
	return return_api.receive(doc.name) + return_api.credit(doc.name)


def run(company: str | None = None, request_first: bool = False) -> dict:
	require_benchmark_site("return documents (rolled back)")
	company = company or frappe.defaults.get_global_default("company")
	try:
		world = _setup(company)
		world.reason = frappe.db.get_value("Return Reason", {"enabled": 1}) or (
			frappe.get_doc({"doctype": "Return Reason", "reason_name": "基准原因"})
			.insert(ignore_permissions=True)
			.name
		)
		if not request_first:
			native, native_seconds = timed(_native, world)
		doc, request_seconds = timed(_request, world)
		made, documents_seconds = timed(_through_request, doc)
		if request_first:
			native, native_seconds = timed(_native, world)
		assert len(native) == len(made) == 4
		return {
			"lines": 2 * LINES_PER_DELIVERY,
			"native documents (s)": round(native_seconds, 2),
			"request created and submitted (s)": round(request_seconds, 2),
			"documents through the request (s)": round(documents_seconds, 2),
			"ratio (documents through the request ÷ native)": round(documents_seconds / native_seconds, 2),
			"ratio (request + documents ÷ native)": round(
				(request_seconds + documents_seconds) / native_seconds, 2
			),
			"order": "request first" if request_first else "native first",
			"target": "≤ 1.3×",
		}
	finally:
		frappe.db.rollback()
