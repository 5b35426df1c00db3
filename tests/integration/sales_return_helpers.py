"""What the sales return tests share: a customer with stock delivered and invoiced, the company's
returns settings, and a request over chosen delivery lines."""

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice
from frappe.query_builder.functions import Sum
from frappe.utils import flt

from tests.integration.factories import (
	CustomerFactory,
	ItemFactory,
	WarehouseFactory,
	material_receipt,
	remove_stock_records,
)


def delivery_note(company: str, customer: str, lines: list[tuple], warehouse: str, submit: bool = True):
	"""A Delivery Note of ``lines`` = [(item, qty, rate)] from ``warehouse``."""
	note = frappe.get_doc(
		{
			"doctype": "Delivery Note",
			"company": company,
			"customer": customer,
			"currency": "CNY",
			"conversion_rate": 1,
			"ignore_pricing_rule": 1,
			"items": [
				{"item_code": item, "qty": qty, "rate": rate, "price_list_rate": rate, "warehouse": warehouse}
				for item, qty, rate in lines
			],
		}
	)
	note.insert()
	if submit:
		note.submit()
	return note


def invoice(delivery_note_name: str, paid: bool = False):
	"""The Sales Invoice of a Delivery Note; ``paid``: with its Payment Entry."""
	sales_invoice = make_sales_invoice(delivery_note_name)
	sales_invoice.insert()
	sales_invoice.submit()
	if paid:
		pay(sales_invoice.name)
	return sales_invoice


def pay(sales_invoice: str):
	entry = get_payment_entry("Sales Invoice", sales_invoice)
	entry.reference_no, entry.reference_date = "T-" + sales_invoice, entry.posting_date
	entry.insert()
	entry.submit()
	return entry


def returns_setup(company: str) -> frappe._dict:
	"""Warehouses (stores with stock, returns, repair, hold-for-supplier), items A, B, C and the
	company's row in JXC Settings › Returns per Company."""
	setup = frappe._dict(company=company)
	for key in ("stores", "returns", "repair", "hold"):
		setup[key] = WarehouseFactory(company=company).name
	setup.customer = CustomerFactory().name
	setup.a, setup.b, setup.c = (ItemFactory(valuation_rate=rate).name for rate in (40, 20, 60))
	for item, rate in ((setup.a, 40), (setup.b, 20), (setup.c, 60)):
		material_receipt(company, item, setup.stores, 100, rate=rate, days_ago=0)
	settings = frappe.get_doc("JXC Settings")
	settings.set(
		"return_settings", [row for row in settings.get("return_settings") or [] if row.company != company]
	)
	settings.append(
		"return_settings",
		{
			"company": company,
			"returns_warehouse": setup.returns,
			"repair_warehouse": setup.repair,
			"supplier_hold_warehouse": setup.hold,
		},
	)
	settings.save()
	for reason in ("质量问题", "运输破损", "客户原因"):
		if not frappe.db.exists("Return Reason", reason):
			frappe.get_doc({"doctype": "Return Reason", "reason_name": reason}).insert()
	return setup


def request(setup, lines: list[dict], replacements: list[dict] = (), submit: bool = True, **header):
	"""A Sales Return Request of ``lines`` (delivery_note, dn_detail or item_code, qty, …)."""
	doc = frappe.get_doc(
		{
			"doctype": "Sales Return Request",
			"company": setup.company,
			"customer": setup.customer,
			"items": [{"reason": "质量问题", **line} for line in lines],
			"replacements": list(replacements),
			**header,
		}
	)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def reload(doc):
	return frappe.get_doc(doc.doctype, doc.name)


def stock_qty(item: str, warehouse: str) -> float:
	"""The item's quantity in the warehouse as ERPNext's ledger has it."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	(total,) = (
		frappe.qb.from_(sle)
		.select(Sum(sle.actual_qty))
		.where((sle.item_code == item) & (sle.warehouse == warehouse) & (sle.is_cancelled == 0))
		.run()[0]
	)
	return flt(total)


def gl_balance(voucher_nos: list[str], account: str) -> float:
	"""Debit less credit of ``account`` over the vouchers' GL Entries."""
	rows = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": ("in", voucher_nos), "account": account, "is_cancelled": 0},
		fields=["debit", "credit"],
	)
	return round(sum(flt(row.debit) - flt(row.credit) for row in rows), 2)


def claimed(dn_detail: str) -> float:
	return flt(frappe.db.get_value("Delivery Note Item", dn_detail, "jxc_return_claimed_qty"))


def remove_world(setup, documents: list[tuple[str, str]]):
	"""Cleanup of committed records: cancel the submitted ``documents`` (newest first), delete them,
	their ledger and GL rows, the stock the setup received, the warehouses, items and the company's
	returns settings. Commits."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	made = list(documents)
	requests = [name for doctype, name in made if doctype == "Sales Return Request"] or [""]
	for doctype in ("Payment Entry", "Sales Invoice", "Stock Entry", "Delivery Note"):
		for name in frappe.get_all(
			doctype, filters={"jxc_sales_return_request": ("in", requests)}, pluck="name"
		):
			made.append((doctype, name))
	# newest first, as they were made: goods and money back in the order they moved
	made.sort(key=lambda row: frappe.db.get_value(row[0], row[1], "creation") or "")
	vouchers = [name for _doctype, name in made]
	for doctype, name in reversed(made):
		if frappe.db.get_value(doctype, name, "docstatus") == 1:
			document = frappe.get_doc(doctype, name)
			document.flags.ignore_links = True
			document.cancel()
			frappe.db.commit()
	for doctype, name in reversed(made):
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for doctype, field in (
		("GL Entry", "voucher_no"),
		("Payment Ledger Entry", "voucher_no"),
		("Stock Ledger Entry", "voucher_no"),
		("Repost Item Valuation", "voucher_no"),
	):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table[field].isin(vouchers or [""])).run()
	settings = frappe.get_doc("JXC Settings")
	settings.set("return_settings", [row for row in settings.return_settings if row.company != setup.company])
	settings.save()
	frappe.db.commit()
	remove_stock_records([setup.a, setup.b, setup.c], [setup.stores, setup.returns, setup.repair, setup.hold])
	frappe.delete_doc("Customer", setup.customer, force=True, ignore_permissions=True)
	frappe.db.commit()
