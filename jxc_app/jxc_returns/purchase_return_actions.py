"""The whitelisted actions of 采购退换货: a request from a receipt's rejected goods (one click), the
ERPNext return receipts, the debit note, the refund, the replacement receipt (换货) and closing.

Each is POST-only, locks the request (concurrent actions on it queue), checks the user's permission
on the request and on the ERPNext documents it makes, and makes them through ERPNext's own mappers
(``make_return_doc``, ``make_purchase_invoice``, ``get_payment_entry``): stock and money move only
through ERPNext documents."""

import frappe
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.controllers.sales_and_purchase_return import make_return_doc
from erpnext.stock.doctype.purchase_receipt.purchase_receipt import make_purchase_invoice
from frappe import _
from frappe.utils import flt, nowdate

from jxc_app.jxc_returns import purchase_return as requests
from jxc_app.jxc_returns.purchase_return import PURCHASE_RETURN_REQUEST
from jxc_app.jxc_returns.purchase_return_errors import (
	PurchaseReturnQuantityError,
	PurchaseReturnStateError,
	PurchaseReturnValidationError,
)
from jxc_app.rules import purchase_return as rules
from jxc_app.setup.customizations import RETURN_REQUEST_FIELD, RETURN_REQUEST_ITEM_FIELD
from jxc_app.utils import arguments
from jxc_app.utils.closing import close_with_reason
from jxc_app.utils.locking import lock, locked_doc


def _request_for_action(name: str, allowed: tuple[str, ...], action: str):
	"""The request, locked and read as committed now, that the user may read, in one of ``allowed``."""
	arguments.check_exists(PURCHASE_RETURN_REQUEST, name, "name")
	doc = locked_doc(PURCHASE_RETURN_REQUEST, name)
	doc.check_permission("read")
	if doc.docstatus != 1 or doc.status not in allowed:
		frappe.throw(
			_("Purchase Return Request {0} is {1}: it cannot be used to {2}.").format(
				doc.name, _(doc.status), action
			),
			title=_("Not Open"),
			exc=PurchaseReturnStateError,
		)
	return doc


# --------------------------------------------------------------------- request from a receipt


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def make_purchase_return_request(purchase_receipt: str, reason: str | None = None) -> str:
	"""One click from an inspected receipt: a draft request returning its rejected goods (what is
	still returnable of them), each line with the reason given at inspection. Returns its name."""
	arguments.check_exists("Purchase Receipt", purchase_receipt, "purchase_receipt")
	frappe.has_permission(PURCHASE_RETURN_REQUEST, "create", throw=True)
	receipt = frappe.get_doc("Purchase Receipt", purchase_receipt)
	receipt.check_permission("read")
	if reason is not None:
		arguments.check_exists("Return Reason", reason, "reason")
	if receipt.docstatus != 1 or receipt.is_return:
		frappe.throw(
			_("Purchase Receipt {0} is not a submitted receipt of goods.").format(receipt.name),
			title=_("Invalid Receipt"),
			exc=PurchaseReturnValidationError,
		)
	rows = [row for row in receipt.items if flt(row.rejected_qty) > rules.QTY_TOLERANCE]
	names = lock("Purchase Receipt Item", [row.name for row in rows])  # first, as every save does
	returned = requests.returned_by_erpnext(names)
	held = requests.requested_elsewhere(names, None)
	doc = frappe.new_doc(PURCHASE_RETURN_REQUEST)
	doc.update({"supplier": receipt.supplier, "company": receipt.company, "reason": reason})
	for row in rows:
		qty = requests.returnable(frappe._dict(row.as_dict()), 1, returned, held)
		if qty > rules.QTY_TOLERANCE:
			doc.append(
				"items",
				{
					"purchase_receipt": receipt.name,
					"purchase_receipt_item": row.name,
					"item_code": row.item_code,
					"from_rejected": 1,
					"qty": qty,
					"reason": row.get("jxc_reject_reason") or reason,
				},
			)
	if not doc.items:
		frappe.throw(
			_("Purchase Receipt {0} has no rejected goods left to return.").format(receipt.name),
			title=_("Nothing to Return"),
			exc=PurchaseReturnQuantityError,
		)
	doc.insert()
	return doc.name


# ------------------------------------------------------------------------------- return goods


def _return_rows(doc, wanted: list[frappe._dict]) -> dict[str, list[tuple]]:
	"""Source receipt -> [(request line, qty)], checked against what each line still has to return."""
	lines = {row.name: row for row in doc.items}
	by_receipt: dict[str, list[tuple]] = {}
	asked: dict[str, float] = {}
	for item in wanted:
		row = lines.get(item.get("line")) or (
			doc.items[0] if len(doc.items) == 1 and not item.get("line") else None
		)
		if not row:
			frappe.throw(
				_("{0} has no line {1}.").format(doc.name, item.get("line")),
				title=_("Invalid Line"),
				exc=PurchaseReturnValidationError,
			)
		qty = flt(item.get("qty"))
		try:
			rules.check_return_qty(qty, row.qty, flt(row.returned_qty) + asked.get(row.name, 0.0))
		except rules.PurchaseReturnRuleError as error:
			requests.quantity_error(error, row)
		asked[row.name] = asked.get(row.name, 0.0) + qty
		by_receipt.setdefault(row.purchase_receipt, []).append((row, qty))
	return by_receipt


def _return_receipt(doc, receipt: str, lines: list[tuple], posting_date: str | None):
	"""One ERPNext return Purchase Receipt (``is_return``) of ``receipt`` for these request lines:
	accepted goods from the line's warehouse, rejected ones from its rejected warehouse."""
	accepted = make_return_doc("Purchase Receipt", receipt)
	mapped = {row.purchase_receipt_item: row for row in accepted.items}
	rejected = {}
	if any(line.from_rejected for line, _qty in lines):
		rejected = {
			row.purchase_receipt_item: row
			for row in make_return_doc("Purchase Receipt", receipt, return_against_rejected_qty=True).items
		}
	accepted.set("items", [])
	for line, qty in lines:
		template = (rejected if line.from_rejected else mapped).get(line.purchase_receipt_item)
		row = accepted.append("items", template.as_dict(no_default_fields=True))
		factor = flt(row.conversion_factor) or 1
		row.update(
			{
				"qty": -qty,
				"received_qty": -qty,
				"rejected_qty": 0,
				"stock_qty": -qty * factor,
				"received_stock_qty": -qty * factor,
				RETURN_REQUEST_ITEM_FIELD: line.name,
			}
		)
		if line.from_rejected:
			row.update(
				{
					"warehouse": line.warehouse,
					"rejected_warehouse": "",
					"return_qty_from_rejected_warehouse": 1,
				}
			)
	accepted.set(RETURN_REQUEST_FIELD, doc.name)
	if posting_date:
		accepted.update({"set_posting_time": 1, "posting_date": posting_date})
	accepted.insert()
	accepted.submit()
	return accepted.name


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def make_returns(name: str, items: str | list | None = None, posting_date: str | None = None) -> list[str]:
	"""退货: the ERPNext return receipts of the request, one per source receipt (``items`` =
	[{"line", "qty"}]; default: all that remains). Returns the return receipts, submitted."""
	given = None if items is None else arguments.parse_rows(items, "items", numbers=("qty",), texts=("line",))
	posting_date = arguments.parse_date(posting_date, "posting_date")
	frappe.has_permission("Purchase Receipt", "submit", throw=True)
	doc = _request_for_action(name, (rules.TO_RETURN, rules.PARTIALLY_RETURNED), _("return goods"))
	wanted = given or [
		frappe._dict(line=row.name, qty=flt(row.qty) - flt(row.returned_qty))
		for row in doc.items
		if flt(row.qty) - flt(row.returned_qty) > rules.QTY_TOLERANCE
	]
	# each return receipt's submit counts it on the request (``receipt_changed``)
	return [
		_return_receipt(doc, receipt, lines, posting_date)
		for receipt, lines in sorted(_return_rows(doc, wanted).items())
	]


# -------------------------------------------------------------------------------------- money


def _bills_rejected_goods() -> bool:
	return bool(
		frappe.db.get_single_value("Buying Settings", "bill_for_rejected_quantity_in_purchase_invoice")
	)


def _original_invoice_rows(receipt_rows: list[str]) -> dict[str, tuple[str, str]]:
	"""Source receipt line -> (Purchase Invoice, its line) that billed it (submitted, not a return)."""
	invoice, item = frappe.qb.DocType("Purchase Invoice"), frappe.qb.DocType("Purchase Invoice Item")
	rows = (
		frappe.qb.from_(item)
		.join(invoice)
		.on(invoice.name == item.parent)
		.select(item.pr_detail, invoice.name, item.name)
		.where(
			(invoice.docstatus == 1) & (invoice.is_return == 0) & (item.pr_detail.isin(receipt_rows or [""]))
		)
	).run()
	return {pr_detail: (parent, row) for pr_detail, parent, row in rows}


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def make_debit_note(name: str) -> str:
	"""The debit note (Purchase Invoice return) of the goods returned and not yet billed back,
	against the invoice that billed them when one did. Rejected goods are left out unless ERPNext
	bills rejected quantities. Returns the debit note, submitted."""
	frappe.has_permission("Purchase Invoice", "submit", throw=True)
	doc = _request_for_action(
		name,
		(rules.PARTIALLY_RETURNED, rules.AWAITING_REPLACEMENT, rules.COMPLETED),
		_("make a debit note"),
	)
	if doc.debit_note and frappe.db.get_value("Purchase Invoice", doc.debit_note, "docstatus") == 1:
		frappe.throw(
			_("{0} already has the debit note {1}.").format(doc.name, doc.debit_note),
			title=_("Already Billed"),
			exc=PurchaseReturnStateError,
		)
	billable = {row.name: row for row in doc.items if _bills_rejected_goods() or not row.from_rejected}
	debit_note = None
	for receipt in frappe.get_all(
		"Purchase Receipt",
		filters={RETURN_REQUEST_FIELD: doc.name, "is_return": 1, "docstatus": 1},
		pluck="name",
		order_by="name",
	):
		rows = frappe.get_all(
			"Purchase Receipt Item",
			filters={"parent": receipt, RETURN_REQUEST_ITEM_FIELD: ("in", list(billable) or [""])},
			pluck="name",
		)
		if rows:
			debit_note = make_purchase_invoice(receipt, debit_note, {"filtered_children": rows})
	if not debit_note or not debit_note.items:
		frappe.throw(
			_(
				"Nothing of {0} was billed: rejected goods are not invoiced, so they need no debit note."
			).format(doc.name),
			title=_("Nothing to Bill"),
			exc=PurchaseReturnStateError,
		)
	sources = _sources(debit_note)
	originals = _original_invoice_rows(sources)
	invoices = {originals.get(source, (None,))[0] for source in sources}
	if len(invoices) == 1 and None not in invoices:
		invoice = invoices.pop()
		debit_note.return_against = invoice
		for row, source in zip(debit_note.items, sources, strict=True):
			row.purchase_invoice_item = originals[source][1]
		# the invoice already paid: the debit note keeps its own outstanding, for a refund
		outstanding = flt(frappe.db.get_value("Purchase Invoice", invoice, "outstanding_amount"))
		debit_note.update_outstanding_for_self = int(outstanding < abs(flt(debit_note.grand_total)))
	debit_note.set(RETURN_REQUEST_FIELD, doc.name)
	debit_note.insert()
	debit_note.submit()
	doc.db_set("debit_note", debit_note.name, update_modified=False)
	return debit_note.name


def _sources(debit_note) -> list[str]:
	"""The source receipt line of each debit note row (through the return receipt's row)."""
	return [
		frappe.db.get_value("Purchase Receipt Item", row.pr_detail, "purchase_receipt_item")
		for row in debit_note.items
	]


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def make_refund(name: str, reference_no: str | None = None) -> str:
	"""退款: the Payment Entry receiving from the supplier what the debit note left outstanding.
	Returns it, submitted."""
	frappe.has_permission("Payment Entry", "submit", throw=True)
	doc = _request_for_action(
		name,
		(rules.PARTIALLY_RETURNED, rules.AWAITING_REPLACEMENT, rules.COMPLETED),
		_("refund"),
	)
	if doc.resolution != rules.RETURN_AND_REFUND:
		frappe.throw(
			_("{0} is an exchange: the supplier replaces the goods instead of refunding them.").format(
				doc.name
			),
			title=_("Not a Refund"),
			exc=PurchaseReturnStateError,
		)
	debit_note = doc.debit_note
	if not debit_note or frappe.db.get_value("Purchase Invoice", debit_note, "docstatus") != 1:
		frappe.throw(
			_("Make the debit note of {0} first.").format(doc.name),
			title=_("No Debit Note"),
			exc=PurchaseReturnStateError,
		)
	if flt(frappe.db.get_value("Purchase Invoice", debit_note, "outstanding_amount")) >= 0:
		frappe.throw(
			_("The debit note {0} has nothing outstanding: the supplier owes nothing more.").format(
				debit_note
			),
			title=_("Nothing to Refund"),
			exc=PurchaseReturnStateError,
		)
	entry = get_payment_entry("Purchase Invoice", debit_note)
	entry.update(
		{
			"reference_no": reference_no or doc.name,
			"reference_date": nowdate(),
			RETURN_REQUEST_FIELD: doc.name,
		}
	)
	entry.insert()
	entry.submit()
	doc.db_set("refund_entry", entry.name, update_modified=False)
	return entry.name


# ------------------------------------------------------------------------------- replacement


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def make_replacement_receipt(name: str) -> str:
	"""换货: a draft Purchase Receipt of the replacement still awaited (returned and not yet
	replaced), linked to the request; its submit counts as replaced. Returns its name."""
	frappe.has_permission("Purchase Receipt", "create", throw=True)
	doc = _request_for_action(
		name, (rules.PARTIALLY_RETURNED, rules.AWAITING_REPLACEMENT), _("receive a replacement")
	)
	if doc.resolution != rules.EXCHANGE:
		frappe.throw(
			_("{0} is not an exchange: no replacement is awaited.").format(doc.name),
			title=_("Not an Exchange"),
			exc=PurchaseReturnStateError,
		)
	receipt = frappe.new_doc("Purchase Receipt")
	receipt.update({"supplier": doc.supplier, "company": doc.company, RETURN_REQUEST_FIELD: doc.name})
	receipt.currency = frappe.db.get_value("Purchase Receipt", doc.items[0].purchase_receipt, "currency")
	for row in doc.items:
		awaited = flt(row.returned_qty) - flt(row.replaced_qty) - _drafted(row.name)
		if awaited <= rules.QTY_TOLERANCE:
			continue
		source = frappe.db.get_value(
			"Purchase Receipt Item", row.purchase_receipt_item, ["warehouse", "rate"], as_dict=True
		)
		receipt.append(
			"items",
			{
				"item_code": row.item_code,
				"qty": awaited,
				"received_qty": awaited,
				"uom": row.uom,
				"conversion_factor": row.conversion_factor,
				"rate": source.rate,
				"warehouse": source.warehouse,
				RETURN_REQUEST_ITEM_FIELD: row.name,
			},
		)
	if not receipt.items:
		frappe.throw(
			_("No replacement of {0} is awaited beyond the receipts already drafted.").format(doc.name),
			title=_("Nothing Awaited"),
			exc=PurchaseReturnQuantityError,
		)
	receipt.insert()
	return receipt.name


def _drafted(line: str) -> float:
	"""What draft replacement receipts already expect of a request line."""
	receipt, item = frappe.qb.DocType("Purchase Receipt"), frappe.qb.DocType("Purchase Receipt Item")
	value = (
		frappe.qb.from_(item)
		.join(receipt)
		.on(receipt.name == item.parent)
		.select(item.qty)
		.where(
			(item[RETURN_REQUEST_ITEM_FIELD] == line) & (receipt.docstatus == 0) & (receipt.is_return == 0)
		)
	).run()
	return sum(flt(qty) for (qty,) in value)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def close(name: str, reason: str) -> str:
	"""Close the request for a reason: nothing more is returned or replaced from it."""
	arguments.check_exists(PURCHASE_RETURN_REQUEST, name, "name")
	doc = locked_doc(PURCHASE_RETURN_REQUEST, name)
	doc.check_permission("write")
	return close_with_reason(
		doc,
		reason,
		closable=doc.docstatus == 1 and doc.status in rules.OPEN_STATUSES,
		refusal=_("Purchase Return Request {0} is {1}: it cannot be closed.").format(doc.name, _(doc.status)),
		reason_error=PurchaseReturnValidationError,
		state_error=PurchaseReturnStateError,
	)


# ------------------------------------------------------------------ receipts made for a request


def check_receipt(receipt, method=None):
	"""Before a receipt made for a request is submitted: a replacement never exceeds what awaits it
	(the request locked: concurrent replacements queue)."""
	request = receipt.get(RETURN_REQUEST_FIELD)
	if not request or receipt.is_return:
		return
	doc = locked_doc(PURCHASE_RETURN_REQUEST, request)
	if doc.docstatus != 1 or doc.resolution != rules.EXCHANGE or doc.status == rules.CLOSED:
		frappe.throw(
			_("Purchase Return Request {0} awaits no replacement.").format(request),
			title=_("Not an Exchange"),
			exc=PurchaseReturnStateError,
		)
	lines = {row.name: row for row in doc.items}
	asked: dict[str, float] = {}
	for row in receipt.items:
		line = lines.get(row.get(RETURN_REQUEST_ITEM_FIELD))
		if not line:
			continue
		try:
			rules.check_replacement_qty(
				flt(row.qty), line.returned_qty, flt(line.replaced_qty) + asked.get(line.name, 0.0)
			)
		except rules.PurchaseReturnRuleError as error:
			requests.quantity_error(error, line)
		asked[line.name] = asked.get(line.name, 0.0) + flt(row.qty)


def receipt_changed(receipt, method=None):
	"""A receipt made for a request was submitted or cancelled: the request counts it and follows."""
	request = receipt.get(RETURN_REQUEST_FIELD)
	if request and frappe.db.exists(PURCHASE_RETURN_REQUEST, request):
		doc = locked_doc(PURCHASE_RETURN_REQUEST, request)
		requests.count_receipt(doc, receipt, -1 if receipt.docstatus == 2 else 1)
		requests.update_progress(doc)
