"""What a request line claims on its source line (a Delivery Note or Sales Invoice line), kept on
that line (``CLAIMED_FIELD``) so the returnable quantity holds when requests race.

Every change of what the request's lines claim (a save, a receipt, a credit note, close, cancel)
goes through ``sync``: the source lines are locked (``SELECT … FOR UPDATE``, in name order) and read
by locking reads, the new claims are checked against what they may still return, and the counters
move by the difference (``jxc_app.utils.locking``, idiom 3)."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import flt

from jxc_app.jxc_returns.sales_return.constants import CLAIMED_FIELD, SALES_RETURN_REQUEST_ITEM
from jxc_app.jxc_returns.sales_return.errors import SalesReturnQuantityError
from jxc_app.rules import sales_return as rules
from jxc_app.utils.locking import lock

SOURCE_TABLES = {"dn_detail": "Delivery Note Item", "si_detail": "Sales Invoice Item"}


def source_of(line) -> tuple[str, str] | None:
	"""(child doctype, row name) of the line the request line returns: the delivery line, else the
	invoice line."""
	if line.get("dn_detail"):
		return ("Delivery Note Item", line.dn_detail)
	if line.get("si_detail"):
		return ("Sales Invoice Item", line.si_detail)
	return None


def is_open(doc) -> bool:
	return doc.docstatus < 2 and doc.status not in (rules.CLOSED, rules.CANCELLED)


def new_claim(line, open_: bool) -> float:
	source = source_of(line)
	# on an invoice line ERPNext counts a credit note as returned; on a delivery line it does not
	credit_counts = bool(source and source[0] == "Sales Invoice Item")
	values = line.as_dict() if hasattr(line, "as_dict") else dict(line)
	if not rules.goods_come_back(values.get("resolution")) and credit_counts:
		if not open_:
			return 0.0
		return max(0.0, flt(values.get("qty")) - flt(values.get("credited_qty")))
	return rules.claim(values, open_)


def _returned(doctype: str, row: dict) -> float:
	"""What ERPNext counts as returned of the source row (stock units)."""
	if doctype == "Delivery Note Item":
		return flt(row.returned_qty) * flt(row.conversion_factor or 1)
	item, invoice = frappe.qb.DocType("Sales Invoice Item"), frappe.qb.DocType("Sales Invoice")
	returned = (
		frappe.qb.from_(item)
		.join(invoice)
		.on(invoice.name == item.parent)
		.select(Coalesce(Sum(item.stock_qty), 0))
		.where((item.sales_invoice_item == row.name) & (invoice.docstatus == 1) & (invoice.is_return == 1))
	).run()[0][0]
	return -flt(returned)


def source_rows(doctype: str, names: list[str], for_update: bool = False) -> dict[str, dict]:
	if not names:
		return {}
	fields = ["name", "stock_qty", "conversion_factor", CLAIMED_FIELD]
	if doctype == "Delivery Note Item":
		fields.append("returned_qty")
	rows = frappe.db.get_values(doctype, {"name": ("in", names)}, fields, as_dict=True, for_update=for_update)
	return {row.name: row for row in rows}


def returnable(doctype: str, name: str, exclude_claim: float = 0.0) -> float:
	"""What the source row may still return, the claim ``exclude_claim`` (a request's own) not
	counted as claimed."""
	row = source_rows(doctype, [name]).get(name)
	if not row:
		return 0.0
	return rules.returnable_qty(
		row.stock_qty, _returned(doctype, row), flt(row.get(CLAIMED_FIELD)) - flt(exclude_claim)
	)


def lock_sources(lines) -> None:
	"""Lock the source rows of ``lines`` (in name order): actions making return documents against
	the same delivered line queue here, before any of them writes."""
	by_table: dict[str, list[str]] = defaultdict(list)
	for line in lines:
		source = source_of(line)
		if source:
			by_table[source[0]].append(source[1])
	for doctype in sorted(by_table):
		lock(doctype, by_table[doctype])


def refresh_returned(dn_details: list[str]) -> None:
	"""ERPNext's ``returned_qty`` of delivered lines, summed again by a locking read: ERPNext sums
	the returns from the transaction's snapshot, which misses a return committed while this
	transaction waited for the source line (two receipts in a row would count one)."""
	names = sorted({name for name in dn_details if name})
	if not names:
		return
	lock("Delivery Note Item", names)
	item, note = frappe.qb.DocType("Delivery Note Item"), frappe.qb.DocType("Delivery Note")
	for name in names:
		returned = (
			frappe.qb.from_(item)
			.join(note)
			.on(note.name == item.parent)
			.select(Coalesce(Sum(item.stock_qty), 0))
			.where((item.dn_detail == name) & (item.docstatus == 1) & (note.is_return == 1))
			.for_update()
		).run()[0][0]
		(frappe.qb.update(item).set(item.returned_qty, -flt(returned)).where(item.name == name)).run()


def _stored_claims(doc) -> dict[str, tuple]:
	"""Request line -> (source, claim) as stored now (a locking read: never the caller's copy)."""
	if doc.is_new():
		return {}
	stored = frappe.db.get_values(
		SALES_RETURN_REQUEST_ITEM,
		{"parent": doc.name, "parenttype": doc.doctype},
		["name", "dn_detail", "si_detail", "claimed_qty"],
		as_dict=True,
		for_update=True,
	)
	return {row.name: (source_of(row), flt(row.claimed_qty)) for row in stored}


def sync(doc, open_: bool | None = None, write_lines: bool = False) -> None:
	"""Move the source lines' counters to what ``doc``'s lines claim now; refuse a line that claims
	more than its source may still return. ``write_lines``: store the lines' claims at once
	(a submitted request; a draft's are saved with it)."""
	if open_ is None:
		open_ = is_open(doc)
	old_by_source: dict[tuple, float] = defaultdict(float)
	for source, claimed in _stored_claims(doc).values():
		if source:
			old_by_source[source] += claimed
	new_by_source: dict[tuple, float] = defaultdict(float)
	lines_by_source: dict[tuple, list] = defaultdict(list)
	for line in doc.items:
		source = source_of(line)
		line.claimed_qty = new_claim(line, open_) if source else 0.0
		if source:
			new_by_source[source] += line.claimed_qty
			lines_by_source[source].append(line)
	changed = {
		source
		for source in set(old_by_source) | set(new_by_source)
		if abs(new_by_source[source] - old_by_source[source]) > rules.QTY_TOLERANCE
	}
	by_table: dict[str, list[str]] = defaultdict(list)
	for doctype, name in changed:
		by_table[doctype].append(name)
	for doctype in sorted(by_table):
		names = lock(doctype, by_table[doctype])
		rows = source_rows(doctype, names, for_update=True)
		for name in sorted(by_table[doctype]):
			source = (doctype, name)
			row = rows.get(name)
			delta = new_by_source[source] - old_by_source[source]
			if row is None:
				if delta > rules.QTY_TOLERANCE:
					_refuse_missing(lines_by_source[source])
				continue
			others = flt(row.get(CLAIMED_FIELD)) - old_by_source[source]
			if delta > rules.QTY_TOLERANCE:
				try:
					rules.check_claim(row.stock_qty, _returned(doctype, row), others, new_by_source[source])
				except rules.ReturnRuleError as error:
					_refuse(error, lines_by_source[source])
			table = frappe.qb.DocType(doctype)
			(
				frappe.qb.update(table)
				.set(table[CLAIMED_FIELD], max(0.0, others + new_by_source[source]))
				.where(table.name == name)
			).run()
	if write_lines:
		for line in doc.items:
			line.db_set("claimed_qty", line.claimed_qty, update_modified=False)


def _refuse(error: rules.ReturnRuleError, lines: list) -> None:
	line = lines[0]
	if error.code == "over_return":
		message = _("Row #{0} ({1}): only {2} of {3} may still be returned.").format(
			line.idx,
			line.item_code,
			flt(error.figures["returnable"]),
			line.delivery_note or line.sales_invoice,
		)
	else:
		message = _("Row #{0}: Quantity must be greater than 0.").format(line.idx)
	frappe.throw(message, title=_("Invalid Quantity"), exc=SalesReturnQuantityError)


def _refuse_missing(lines: list) -> None:
	frappe.throw(
		_("Row #{0}: its delivery or invoice line no longer exists.").format(lines[0].idx),
		title=_("Invalid Source"),
		exc=SalesReturnQuantityError,
	)
