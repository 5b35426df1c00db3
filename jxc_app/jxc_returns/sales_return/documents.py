"""The ERPNext documents a Sales Return Request makes, each through ERPNext's own mapping:

- a return Delivery Note per source delivery (``make_sales_return``), into the returns warehouse;
- Stock Entries of the inspection (合格入库 / 退供应商 / 维修: Material Transfer; 报废: Material
  Issue charged to the scrap account);
- a credit note per source invoice (``make_sales_return`` of the Sales Invoice);
- a replacement Delivery Note, and its invoice (``make_sales_invoice``);
- a refund (``get_payment_entry`` of a credit note).

Each carries the request (``REQUEST_FIELD``) and each row its line (``LINE_FIELD`` /
``REPLACEMENT_FIELD``); ``lifecycle.follow`` counts them when they are submitted or cancelled."""

from contextlib import contextmanager

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return as make_credit_note
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice
from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_return as make_return_delivery
from frappe import _
from frappe.utils import flt

from jxc_app.jxc_returns.sales_return.constants import (
	DISPOSITION_FIELD,
	LINE_FIELD,
	REPLACEMENT_FIELD,
	REQUEST_FIELD,
)
from jxc_app.jxc_returns.sales_return.errors import SalesReturnValidationError
from jxc_app.rules import sales_return as rules


@contextmanager
def all_or_nothing():
	"""An action's documents all stand or none does (a desk request rolls back anyway; this covers
	Python and REST batch callers)."""
	savepoint = f"jxc_return_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(savepoint)
	try:
		yield
	except BaseException:
		frappe.db.rollback(save_point=savepoint)
		raise


def settings_for(company: str) -> frappe._dict:
	"""The company's returns settings (JXC Settings › Returns per Company)."""
	for row in frappe.get_cached_doc("JXC Settings").get("return_settings") or []:
		if row.company == company:
			return frappe._dict(row.as_dict())
	frappe.throw(
		_("Set the Returns Warehouse of company {0} in JXC Settings › Returns per Company.").format(company),
		title=_("Returns Warehouse Required"),
		exc=SalesReturnValidationError,
	)


def _fresh(document):
	"""The mapped document built anew: ERPNext's controllers decide in ``__init__`` what a return
	updates on its source (``status_updater``), before the mapper has set ``is_return``."""
	return frappe.get_doc(document.as_dict())


def _submit(document) -> str:
	document.insert()
	document.submit()
	return document.name


# ------------------------------------------------------------------------------------ receive


def return_delivery(doc, delivery_note: str, wanted: list[tuple], warehouse: str, posting_date=None) -> str:
	"""A return Delivery Note against ``delivery_note`` of ``wanted`` = [(request line, qty)]."""
	target = make_return_delivery(delivery_note)
	by_source = {row.dn_detail: row for row in target.items}
	target.items = []
	for line, qty in wanted:
		row = by_source[line.dn_detail]
		factor = flt(row.conversion_factor) or 1
		row.qty = -flt(qty) / factor
		row.stock_qty = -flt(qty)
		row.warehouse = warehouse
		row.set(LINE_FIELD, line.name)
		if line.batch_no:
			row.batch_no = line.batch_no
			row.use_serial_batch_fields = 1
		if line.serial_no:
			row.serial_no = line.serial_no
			row.use_serial_batch_fields = 1
		target.append("items", row)
	target.set_warehouse = warehouse
	target.set(REQUEST_FIELD, doc.name)
	if posting_date:
		target.update({"set_posting_time": 1, "posting_date": posting_date})
	return _submit(_fresh(target))


# ------------------------------------------------------------------------------------ inspect


def inspection_entry(doc, purpose: str, rows: list[dict], posting_date=None) -> str:
	"""A Stock Entry (``purpose``) of the inspection: ``rows`` = line, disposition, qty, s/t
	warehouse, expense account."""
	entry = frappe.new_doc("Stock Entry")
	entry.update(
		{
			"company": doc.company,
			"purpose": purpose,
			"stock_entry_type": purpose,
			REQUEST_FIELD: doc.name,
			"remarks": _("Sales Return Request {0}").format(doc.name),
		}
	)
	if posting_date:
		entry.update({"set_posting_time": 1, "posting_date": posting_date})
	cost_center = frappe.get_cached_value("Company", doc.company, "cost_center")
	for row in rows:
		line = row["line"]
		values = {
			"item_code": line.item_code,
			"qty": row["qty"],
			"transfer_qty": row["qty"],
			"uom": line.stock_uom,
			"stock_uom": line.stock_uom,
			"conversion_factor": 1,
			"s_warehouse": row["from"],
			"t_warehouse": row.get("to"),
			LINE_FIELD: line.name,
			DISPOSITION_FIELD: row["disposition"],
		}
		if row.get("account"):
			values.update(expense_account=row["account"], cost_center=cost_center)
		if line.batch_no or line.serial_no:
			values.update(use_serial_batch_fields=1, batch_no=line.batch_no)
		entry.append("items", values)
	return _submit(entry)


# ------------------------------------------------------------------------------------- money


def credit_note(doc, sales_invoice: str, wanted: list[tuple], posting_date=None) -> str:
	"""A credit note against ``sales_invoice`` of ``wanted`` = [(request line, qty)], without
	stock (the goods came back by the return Delivery Note, or not at all)."""
	target = make_credit_note(sales_invoice)
	by_source = {row.sales_invoice_item: row for row in target.items}
	target.items = []
	for line, qty in wanted:
		row = by_source[line.si_detail]
		factor = flt(row.conversion_factor) or 1
		row.qty = -flt(qty) / factor
		row.stock_qty = -flt(qty)
		row.set(LINE_FIELD, line.name)
		target.append("items", row)
	target.update_stock = 0
	target.set(REQUEST_FIELD, doc.name)
	# the credit goes to the invoice while it is unpaid; paid, the customer gets a refund
	outstanding = flt(frappe.db.get_value("Sales Invoice", sales_invoice, "outstanding_amount"))
	target.update_outstanding_for_self = 0 if outstanding > 0 else 1
	if posting_date:
		target.update({"set_posting_time": 1, "posting_date": posting_date})
	target = _fresh(target)
	target.insert()
	if (
		not target.update_outstanding_for_self
		and abs(flt(target.grand_total)) - outstanding > rules.MONEY_TOLERANCE
	):
		target.update_outstanding_for_self = 1  # more than is open on the invoice
		target.save()
	target.submit()
	return target.name


def refund(doc, credit_note_name: str, amount: float, mode_of_payment: str | None = None) -> str:
	"""A Payment Entry paying ``amount`` back to the customer against a credit note."""
	# a credit note owes the customer: its outstanding amount (and what is paid of it) is negative
	entry = get_payment_entry("Sales Invoice", credit_note_name, party_amount=-flt(amount))
	entry.set(REQUEST_FIELD, doc.name)
	if mode_of_payment:
		entry.mode_of_payment = mode_of_payment
	entry.reference_no = doc.name
	entry.reference_date = entry.posting_date
	return _submit(entry)


# ----------------------------------------------------------------------------- replacements


def replacement_delivery(doc, wanted: list[tuple], posting_date=None) -> str:
	"""A Delivery Note shipping ``wanted`` = [(replacement line, qty)] at the lines' rates; ERPNext
	refuses stock that is not there."""
	note = frappe.new_doc("Delivery Note")
	note.update(
		{
			"customer": doc.customer,
			"company": doc.company,
			"currency": doc.currency,
			"conversion_rate": 1,
			"ignore_pricing_rule": 1,
			REQUEST_FIELD: doc.name,
		}
	)
	if posting_date:
		note.update({"set_posting_time": 1, "posting_date": posting_date})
	for row, qty in wanted:
		note.append(
			"items",
			{
				"item_code": row.item_code,
				"qty": qty,
				"uom": row.stock_uom,
				"stock_uom": row.stock_uom,
				"conversion_factor": 1,
				"rate": row.rate,
				"price_list_rate": row.rate,
				"warehouse": row.warehouse,
				REPLACEMENT_FIELD: row.name,
			},
		)
	note.set_missing_values()
	for item, (row, _qty) in zip(note.items, wanted, strict=True):
		item.rate = row.rate
		item.price_list_rate = row.rate
		item.discount_percentage = 0
	return _submit(note)


def replacement_invoice(doc, delivery_note: str, posting_date=None) -> str:
	"""The invoice of a replacement Delivery Note (what it has not billed)."""
	invoice = make_sales_invoice(delivery_note)
	invoice.set(REQUEST_FIELD, doc.name)
	for row in invoice.items:
		replacement = frappe.db.get_value("Delivery Note Item", row.dn_detail, REPLACEMENT_FIELD)
		row.set(REPLACEMENT_FIELD, replacement)
	if posting_date:
		invoice.update({"set_posting_time": 1, "posting_date": posting_date})
	return _submit(_fresh(invoice))
