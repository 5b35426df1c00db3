"""The whitelisted actions on a submitted Sales Return Request: receive (收货), inspect (检验),
credit (红字发票), refund (退款), ship the replacements (换货发货) and invoice them, close.

Each is POST-only, locks the request (concurrent actions on it queue, ``jxc_app.utils.locking``),
checks the user may write it and make the ERPNext documents the action makes, refuses bad input
with a clear 4xx before anything changes, and makes its documents all or none."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import flt

from jxc_app.jxc_returns.sales_return import claims, documents, lifecycle
from jxc_app.jxc_returns.sales_return.constants import REQUEST_FIELD, SALES_RETURN_REQUEST
from jxc_app.jxc_returns.sales_return.errors import (
	SalesReturnQuantityError,
	SalesReturnStateError,
	SalesReturnValidationError,
)
from jxc_app.rules import sales_return as rules
from jxc_app.utils import arguments
from jxc_app.utils.closing import close_with_reason
from jxc_app.utils.locking import locked_doc

DISPOSITION_KEYS = {
	"accepted_qty": rules.ACCEPTED,
	"scrapped_qty": rules.SCRAPPED,
	"to_supplier_qty": rules.TO_SUPPLIER,
	"repair_qty": rules.TO_REPAIR,
}


def _request_for_action(name: str, action: str, *creates: str):
	"""The request, locked for this transaction and read as committed now, after the checks every
	action shares: the user may create the documents it makes and write the request, and the
	request is submitted and open."""
	for doctype in creates:
		frappe.has_permission(doctype, "create", throw=True)
	arguments.check_exists(SALES_RETURN_REQUEST, name)
	doc = locked_doc(SALES_RETURN_REQUEST, name)
	doc.check_permission("write")
	if doc.docstatus != 1 or doc.status in (rules.CLOSED, rules.CANCELLED, rules.COMPLETED):
		frappe.throw(
			_("Sales Return Request {0} is {1}: it cannot be used to {2}.").format(
				doc.name, _(doc.status), action
			),
			title=_("Not Open"),
			exc=SalesReturnStateError,
		)
	return doc


def _line(doc, line_name, table: str = "items"):
	rows = doc.get(table) or []
	for row in rows:
		if row.name == line_name or (not line_name and len(rows) == 1):
			return row
	frappe.throw(
		_("{0} has no line {1}.").format(doc.name, line_name or ""),
		title=_("Invalid Line"),
		exc=SalesReturnQuantityError,
	)


def _rule_error(error: rules.ReturnRuleError, row) -> None:
	figures, where = error.figures, (row.idx, row.item_code)
	messages = {
		"over_receipt": lambda: _("Row #{0} ({1}): only {2} remain to be received.").format(
			*where, figures["remaining"]
		),
		"no_goods": lambda: _("Row #{0} ({1}): a refund without goods receives nothing.").format(*where),
		"over_inspection": lambda: _(
			"Row #{0} ({1}): {2} entered, but only {3} were received and not inspected."
		).format(*where, figures["qty"], figures["remaining"]),
		"nothing_to_inspect": lambda: _("Row #{0} ({1}): enter how much goes to each disposition.").format(
			*where
		),
		"qty_negative": lambda: _("Row #{0} ({1}): quantities cannot be negative.").format(*where),
		"unknown_disposition": lambda: _("Row #{0} ({1}): unknown disposition.").format(*where),
		"over_shipment": lambda: _("Replacement row #{0} ({1}): only {2} remain to be shipped.").format(
			*where, figures["remaining"]
		),
		"over_credit": lambda: _("Row #{0} ({1}): only {2} may still be credited.").format(
			*where, figures["remaining"]
		),
	}
	message = messages.get(
		error.code, lambda: _("Row #{0} ({1}): the quantity must be greater than 0.").format(*where)
	)()
	frappe.throw(message, title=_("Invalid Quantity"), exc=SalesReturnQuantityError)


def _wanted(doc, items, key: str, remaining_of, table: str = "items") -> list[tuple]:
	"""[(row, qty)]: ``items`` given ([{"line", key}]) or, not given, what remains on every row."""
	if items is None:
		rows = [(row, remaining_of(row)) for row in doc.get(table) or []]
		return [(row, qty) for row, qty in rows if qty > rules.QTY_TOLERANCE]
	given = arguments.parse_rows(items, "items", numbers=(key,), texts=("line",))
	wanted, seen = [], defaultdict(float)
	for item in given:
		row = _line(doc, item.get("line"), table)
		qty = flt(item.get(key))
		if qty <= rules.QTY_TOLERANCE:
			_rule_error(rules.ReturnRuleError("qty_not_positive"), row)
		seen[row.name] += qty
		if seen[row.name] - remaining_of(row) > rules.QTY_TOLERANCE:
			code = {"items": "over_receipt", "replacements": "over_shipment"}.get(table, "over_receipt")
			_rule_error(rules.ReturnRuleError(code, qty=seen[row.name], remaining=remaining_of(row)), row)
		wanted.append((row, qty))
	return wanted


def _nothing(message: str):
	frappe.throw(message, title=_("Nothing to Do"), exc=SalesReturnQuantityError)


# ------------------------------------------------------------------------------------ receive


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def receive(name: str, items: str | list | None = None, posting_date: str | None = None) -> list[str]:
	"""收货: the goods that came back (``items`` = [{"line", "qty"}], stock units; default: all
	that remains), into the company's returns warehouse by one return Delivery Note per source
	delivery. Returns the Delivery Notes."""
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _request_for_action(name, _("receive"), "Delivery Note")
	wanted = _wanted(doc, items, "qty", lambda line: rules.to_receive(line.as_dict()))
	for line, qty in wanted:
		try:
			rules.check_receipt(line.as_dict(), qty)
		except rules.ReturnRuleError as error:
			_rule_error(error, line)
	if not wanted:
		_nothing(_("Nothing remains to be received on {0}.").format(doc.name))
	warehouse = documents.settings_for(doc.company).returns_warehouse
	claims.lock_sources([line for line, _qty in wanted])
	by_delivery: dict[str, list[tuple]] = defaultdict(list)
	for line, qty in wanted:
		by_delivery[line.delivery_note].append((line, qty))
	with documents.all_or_nothing():
		return [
			documents.return_delivery(doc, delivery_note, lines, warehouse, posting_date)
			for delivery_note, lines in sorted(by_delivery.items())
		]


# ------------------------------------------------------------------------------------ inspect


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def inspect(name: str, items: str | list, posting_date: str | None = None) -> list[str]:
	"""检验: split what was received per line (``items`` = [{"line", "accepted_qty", "scrapped_qty",
	"to_supplier_qty", "repair_qty"}]): 合格入库 to the saleable warehouse, 退供应商 to the
	hold-for-supplier warehouse, 维修 to the repair warehouse (one Material Transfer), 报废 out to
	the scrap account (a Material Issue). Returns the Stock Entries."""
	given = arguments.parse_rows(items, "items", numbers=tuple(DISPOSITION_KEYS), texts=("line",))
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _request_for_action(name, _("inspect"), "Stock Entry")
	settings = documents.settings_for(doc.company)
	counted = {line.name: line.as_dict() for line in doc.items}
	transfers, issues = [], []
	for item in given:
		line = _line(doc, item.get("line"))
		split = {
			disposition: flt(item.get(key)) for key, disposition in DISPOSITION_KEYS.items() if item.get(key)
		}
		try:
			rules.check_inspection(counted[line.name], split)
		except rules.ReturnRuleError as error:
			_rule_error(error, line)
		for disposition, qty in split.items():
			counted[line.name][rules.DISPOSITION_FIELDS[disposition]] += qty  # a line named twice
			if qty <= rules.QTY_TOLERANCE:
				continue
			row = {"line": line, "disposition": disposition, "qty": qty, "from": settings.returns_warehouse}
			if disposition == rules.SCRAPPED:
				row["account"] = settings.scrap_account or frappe.get_cached_value(
					"Company", doc.company, "stock_adjustment_account"
				)
				issues.append(row)
				continue
			row["to"] = {
				rules.ACCEPTED: settings.saleable_warehouse or line.warehouse,
				rules.TO_SUPPLIER: settings.supplier_hold_warehouse,
				rules.TO_REPAIR: settings.repair_warehouse,
			}[disposition]
			if not row["to"]:
				frappe.throw(
					_("Set the {0} of company {1} in JXC Settings › Returns per Company.").format(
						_("Hold for Supplier Warehouse")
						if disposition == rules.TO_SUPPLIER
						else _("Repair Warehouse"),
						doc.company,
					),
					title=_("Warehouse Required"),
					exc=SalesReturnValidationError,
				)
			transfers.append(row)
	with documents.all_or_nothing():
		entries = []
		if transfers:
			entries.append(documents.inspection_entry(doc, "Material Transfer", transfers, posting_date))
		if issues:
			entries.append(documents.inspection_entry(doc, "Material Issue", issues, posting_date))
		return entries


# ------------------------------------------------------------------------------------- money


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def credit(name: str, items: str | list | None = None, posting_date: str | None = None) -> list[str]:
	"""红字发票: credit notes (Sales Invoice returns, one per invoice) for what came back, and for
	refunds without goods (``items`` = [{"line", "qty"}]; default: all that may be credited).
	Returns the credit notes."""
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _request_for_action(name, _("credit"), "Sales Invoice")
	lines = {line.name: {**line.as_dict(), "invoiced": bool(line.si_detail)} for line in doc.items}
	if items is None:
		wanted = [(line, rules.creditable_qty(lines[line.name])) for line in doc.items]
		wanted = [(line, qty) for line, qty in wanted if qty > rules.QTY_TOLERANCE]
	else:
		wanted = []
		for item in arguments.parse_rows(items, "items", numbers=("qty",), texts=("line",)):
			line = _line(doc, item.get("line"))
			qty = flt(item.get("qty"))
			creditable = rules.creditable_qty(lines[line.name])
			if qty <= rules.QTY_TOLERANCE:
				_rule_error(rules.ReturnRuleError("qty_not_positive"), line)
			if qty - creditable > rules.QTY_TOLERANCE:
				_rule_error(rules.ReturnRuleError("over_credit", remaining=creditable), line)
			lines[line.name]["credited_qty"] = flt(lines[line.name]["credited_qty"]) + qty
			wanted.append((line, qty))
	if not wanted:
		_nothing(_("Nothing remains to be credited on {0}.").format(doc.name))
	claims.lock_sources([line for line, _qty in wanted])
	by_invoice: dict[str, list[tuple]] = defaultdict(list)
	for line, qty in wanted:
		by_invoice[line.sales_invoice].append((line, qty))
	with documents.all_or_nothing():
		return [
			documents.credit_note(doc, invoice, rows, posting_date)
			for invoice, rows in sorted(by_invoice.items())
		]


def _credit_notes_owing(doc) -> list[frappe._dict]:
	"""The request's credit notes the customer is still owed money on, most owed first."""
	return frappe.get_all(
		"Sales Invoice",
		filters={REQUEST_FIELD: doc.name, "docstatus": 1, "is_return": 1, "outstanding_amount": ("<", 0)},
		fields=["name", "outstanding_amount"],
		order_by="outstanding_amount asc",
	)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def refund(name: str, amount: float | None = None, mode_of_payment: str | None = None) -> list[str]:
	"""退款: pay back what the request's invoices and credit notes leave owed to the customer
	(``amount``, default all of it) by Payment Entries against the credit notes. Returns them."""
	if amount not in (None, ""):
		amount = arguments.parse_number(amount, "amount", minimum=0)
	if mode_of_payment not in (None, ""):
		arguments.check_exists("Mode of Payment", mode_of_payment, "mode_of_payment")
	doc = _request_for_action(name, _("refund"), "Payment Entry")
	refundable = max(0.0, -lifecycle.money_due(doc))
	if amount in (None, ""):
		amount = refundable
	try:
		rules.check_refund(amount, refundable)
	except rules.ReturnRuleError as error:
		frappe.throw(
			_("{0} may be refunded on {1}, not {2}.").format(
				flt(error.figures.get("refundable", refundable), 2), doc.name, flt(amount, 2)
			),
			title=_("Invalid Amount"),
			exc=SalesReturnQuantityError,
		)
	entries, left = [], flt(amount, 2)
	with documents.all_or_nothing():
		for note in _credit_notes_owing(doc):
			pay = min(left, -flt(note.outstanding_amount))
			if pay <= rules.MONEY_TOLERANCE:
				continue
			entries.append(documents.refund(doc, note.name, pay, mode_of_payment or None))
			left = flt(left - pay, 2)
			if left <= rules.MONEY_TOLERANCE:
				break
	return entries


# ----------------------------------------------------------------------------- replacements


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def ship_replacement(name: str, items: str | list | None = None, posting_date: str | None = None) -> str:
	"""换货发货: ship the replacements (``items`` = [{"line", "qty"}]; default: all that remains)
	by a Delivery Note; ERPNext refuses stock that is not there. Returns the Delivery Note."""
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _request_for_action(name, _("ship the replacement"), "Delivery Note")
	wanted = _wanted(doc, items, "qty", lambda row: rules.to_ship(row.as_dict()), table="replacements")
	if not wanted:
		_nothing(_("Nothing remains to be shipped on {0}.").format(doc.name))
	for row, _qty in wanted:
		if not row.warehouse:
			frappe.throw(
				_("Replacement row #{0}: choose the warehouse to ship from.").format(row.idx),
				title=_("Warehouse Required"),
				exc=SalesReturnValidationError,
			)
	with documents.all_or_nothing():
		return documents.replacement_delivery(doc, wanted, posting_date)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def invoice_replacement(name: str, posting_date: str | None = None) -> list[str]:
	"""换货开票: invoice what the replacement deliveries have not billed. With the credit note of
	the goods exchanged, the customer's balance moves by the price difference. Returns the
	invoices."""
	posting_date = arguments.parse_date(posting_date, "posting_date")
	doc = _request_for_action(name, _("invoice the replacement"), "Sales Invoice")
	notes = frappe.get_all(
		"Delivery Note",
		filters={REQUEST_FIELD: doc.name, "docstatus": 1, "is_return": 0, "per_billed": ("<", 100)},
		pluck="name",
		order_by="creation",
	)
	if not notes:
		_nothing(_("Nothing remains to be invoiced on {0}.").format(doc.name))
	with documents.all_or_nothing():
		return [documents.replacement_invoice(doc, note, posting_date) for note in notes]


# -------------------------------------------------------------------------------------- close


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def close(name: str, reason: str) -> str:
	"""已关闭: nothing more will follow from the request; what it claimed and did not receive is
	released. Goods received and not inspected must be inspected first."""
	if not isinstance(reason, str):
		frappe.throw(
			_("{0} must be text.").format("reason"),
			title=_("Invalid Argument"),
			exc=arguments.InvalidArgumentError,
		)
	arguments.check_exists(SALES_RETURN_REQUEST, name)
	doc = locked_doc(SALES_RETURN_REQUEST, name)
	doc.check_permission("submit")
	left = lifecycle.remaining(doc)
	status = close_with_reason(
		doc,
		reason,
		closable=doc.docstatus == 1
		and doc.status not in (rules.CLOSED, rules.CANCELLED, rules.COMPLETED)
		and left["to_inspect"] <= rules.QTY_TOLERANCE,
		refusal=_("Only an open request with nothing waiting for inspection can be closed."),
		reason_error=SalesReturnValidationError,
		state_error=SalesReturnStateError,
	)
	doc.status = status
	claims.sync(doc, open_=False, write_lines=True)
	return status


@frappe.whitelist(methods=["GET", "POST"])
@arguments.require_arguments
def get_remaining(name: str) -> dict:
	"""What remains on the request (quantities to receive, inspect, credit, ship, invoice) and the
	net due (应收 positive, 应退 negative)."""
	arguments.check_exists(SALES_RETURN_REQUEST, name)
	doc = frappe.get_doc(SALES_RETURN_REQUEST, name)
	doc.check_permission("read")
	return {**lifecycle.remaining(doc), "net_due": lifecycle.money_due(doc)}
