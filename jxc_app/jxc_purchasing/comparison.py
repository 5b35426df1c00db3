"""比价单: the submitted supplier quotations of each line side by side, scored, awarded, and turned
into one Purchase Order per awarded supplier.

The scoring rule is ``jxc_app.rules.quotation_scoring`` (pure); this module feeds it ERPNext's
figures and writes its results back. Orders are made by ERPNext's own Supplier Quotation → Purchase
Order mapping, so ERPNext's ordered/received percentages and our requisition tracking keep working.
"""

from collections import defaultdict

import frappe
from erpnext.buying.doctype.supplier_quotation.supplier_quotation import make_purchase_order
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.utils import flt, getdate

from jxc_app.jxc_approvals.errors import ApprovalRequiredError
from jxc_app.jxc_approvals.requests import latest_request
from jxc_app.jxc_approvals.rule_lookup import match_rule
from jxc_app.jxc_purchasing.requisition import (
	REQUISITION_FIELD,
	REQUISITION_ITEM_FIELD,
	orderable_requisition,
	still_to_order,
)
from jxc_app.jxc_purchasing.supplier_quotes import line_key, set_quotes
from jxc_app.rules import quotation_scoring as scoring
from jxc_app.rules import requisition as requisition_rules
from jxc_app.utils import arguments

COMPARISON = "Supplier Quotation Comparison"
COMPARISON_FIELD = "jxc_supplier_quotation_comparison"

# statuses (zh in translations: 草稿, 待审批, 已批准, 已驳回, 已下单, 已取消)
DRAFT, PENDING, APPROVED, REJECTED, ORDERED, CANCELLED = (
	"Draft",
	"Pending Approval",
	"Approved",
	"Rejected",
	"Ordered",
	"Cancelled",
)

# why a quote is set aside or an award needs approval, as the pure rule says it -> shown text
REASON_LABELS = {
	"no price": "No price",
	"expired": "Quotation expired",
	"below minimum order quantity": "Below the minimum order quantity",
	"single quote": "Only one quote",
	"neither best score nor lowest price": "Neither the best score nor the lowest price",
}


class ComparisonError(frappe.ValidationError):
	pass


def _reason_text(reason: str) -> str:
	return _(REASON_LABELS.get(reason, reason))


# --------------------------------------------------------------------------- creating


@frappe.whitelist()
@arguments.require_arguments
def make_from_request_for_quotation(source_name: str, target_doc=None):
	"""A draft comparison of a submitted Request for Quotation, with its quotations loaded."""
	arguments.check_target_doc(target_doc, COMPARISON)
	rfq = frappe.get_doc("Request for Quotation", source_name)
	rfq.check_permission("read")
	frappe.has_permission(COMPARISON, "create", throw=True)

	def set_missing_values(source, target):
		requisitions = {row.purchase_requisition for row in target.items}
		if len(requisitions) == 1:
			target.purchase_requisition = requisitions.pop()
		load_quotes(target)

	return get_mapped_doc(
		"Request for Quotation",
		rfq.name,
		{
			"Request for Quotation": {
				"doctype": COMPARISON,
				"field_map": {"name": "request_for_quotation"},
				"field_no_map": ["status", "transaction_date", "amended_from"],
				"validation": {"docstatus": ["=", 1]},
			},
			"Request for Quotation Item": {
				"doctype": "Supplier Quotation Comparison Item",
				"field_map": {
					"parent": "request_for_quotation",
					"name": "request_for_quotation_item",
					REQUISITION_FIELD: "purchase_requisition",
					REQUISITION_ITEM_FIELD: "purchase_requisition_item",
				},
			},
		},
		target_doc,
		set_missing_values,
	)


@frappe.whitelist()
@arguments.require_arguments
def make_from_purchase_requisition(source_name: str, target_doc=None):
	"""A draft comparison of the requisition's lines still to order, with the quotations that answer
	them (through an RFQ made from the requisition, or quoted against it directly)."""
	arguments.check_target_doc(target_doc, COMPARISON)
	orderable_requisition(source_name, COMPARISON)

	def update_item(source, target, source_parent):
		target.qty = requisition_rules.remaining_qty(source.qty, source.ordered_qty)

	def set_missing_values(source, target):
		load_quotes(target)

	return get_mapped_doc(
		"Purchase Requisition",
		source_name,
		{
			"Purchase Requisition": {
				"doctype": COMPARISON,
				"field_map": {"name": "purchase_requisition"},
				"field_no_map": ["status", "transaction_date", "amended_from", "remarks"],
				"validation": {"docstatus": ["=", 1]},
			},
			"Purchase Requisition Item": {
				"doctype": "Supplier Quotation Comparison Item",
				"field_map": {"parent": "purchase_requisition", "name": "purchase_requisition_item"},
				"field_no_map": ["amount", "rate"],
				"postprocess": update_item,
				"condition": still_to_order,
			},
		},
		target_doc,
		set_missing_values,
	)


def load_quotes(doc):
	"""(Re)load every line's quotes from the submitted Supplier Quotations and score them.

	A buyer's service scores survive a reload."""
	set_quotes(doc)
	score(doc)
	for line in doc.items:
		# the suggestion is the award until the buyer decides otherwise (or clears it: not ordered)
		line.awarded_supplier = line.awarded_supplier or line.suggested_supplier


# --------------------------------------------------------------------------- scoring and award


def _weights(doc) -> scoring.Weights:
	try:
		return scoring.Weights(
			price=flt(doc.price_weight),
			quality=flt(doc.quality_weight),
			lead_time=flt(doc.lead_time_weight),
			service=flt(doc.service_weight),
		)
	except ValueError:
		frappe.throw(
			_("Scoring weights must not be negative, and at least one must be above zero."),
			title=_("Invalid Weights"),
			exc=ComparisonError,
		)


def _quote_rows_by_line(doc) -> dict[str, list]:
	rows = defaultdict(list)
	for row in doc.get("quotes") or []:
		rows[row.line_key].append(row)
	return rows


def _scored(doc, line, rows, weights) -> list[scoring.ScoredQuote]:
	return scoring.score_quotes(
		[
			scoring.Quote(
				supplier=row.supplier,
				unit_price=flt(row.unit_price),
				lead_time_days=row.lead_time_days if row.lead_time_days else None,
				quality=flt(row.quality_score) or None,
				service=flt(row.service_score) or None,
				min_order_qty=flt(row.min_order_qty),
				valid_till=getdate(row.valid_till) if row.valid_till else None,
			)
			for row in rows
		],
		weights,
		required_qty=flt(line.qty),
		on_date=getdate(doc.transaction_date),
	)


def score(doc) -> list[tuple]:
	"""Score each line's quotes, write scores and ranks, and suggest a supplier per line.

	Returns (line, its quote rows, their scoring) per line, for the awards to use."""
	weights = _weights(doc)
	rows_by_line = _quote_rows_by_line(doc)
	scored_lines = []
	for line in doc.items:
		rows = {row.supplier: row for row in rows_by_line.get(line_key(line), [])}
		scored = _scored(doc, line, rows.values(), weights)
		scored_lines.append((line, list(rows.values()), scored))
		rank = 0
		for result in scored:
			row = rows[result.quote.supplier]
			rank += result.eligible
			row.update(
				{
					"price_score": result.scores["price"],
					"lead_time_score": result.scores["lead_time"],
					"total_score": result.total,
					"rank": rank if result.eligible else 0,
					"ineligible_reason": _reason_text(result.reason) if result.reason else "",
				}
			)
		winner = scoring.suggested_winner(scored)
		suggestion = winner.quote.supplier if winner else None
		if line.awarded_supplier and line.awarded_supplier == line.suggested_supplier:
			# an award that was the suggestion follows it (new weights, new quotes); the buyer's own stays
			line.awarded_supplier = suggestion
		line.suggested_supplier = suggestion
		line.quote_count = sum(result.eligible for result in scored)
	return scored_lines


def validate(doc):
	doc.currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	for line in doc.items:
		if flt(line.qty) <= 0:
			frappe.throw(
				_("Row #{0}: Quantity must be greater than 0.").format(line.idx),
				title=_("Invalid Quantity"),
				exc=ComparisonError,
			)
		line.conversion_factor = flt(line.conversion_factor) or 1
		line.currency = doc.currency
	_apply_awards(doc, score(doc))
	doc.status = _status(doc)


def _apply_awards(doc, scored_lines: list[tuple]):
	reasons = []
	for line, rows, scored in scored_lines:
		line.update({"rate": 0, "amount": 0, "supplier_quotation": None, "supplier_quotation_item": None})
		line.approval_reason = ""
		if not line.awarded_supplier:
			continue
		awarded = next((row for row in rows if row.supplier == line.awarded_supplier), None)
		if not awarded:
			frappe.throw(
				_("Row #{0}: {1} has not quoted for {2}.").format(
					line.idx, line.awarded_supplier, line.item_code
				),
				title=_("No Quotation"),
				exc=ComparisonError,
			)
		if awarded.ineligible_reason:
			frappe.throw(
				_("Row #{0}: the quotation of {1} cannot be awarded: {2}.").format(
					line.idx, line.awarded_supplier, awarded.ineligible_reason
				),
				title=_("Quotation Set Aside"),
				exc=ComparisonError,
			)
		if line.awarded_supplier != line.suggested_supplier and not (line.award_reason or "").strip():
			frappe.throw(
				_("Row #{0}: give a reason for awarding {1} instead of the suggested {2}.").format(
					line.idx, line.awarded_supplier, line.suggested_supplier
				),
				title=_("Award Reason Required"),
				exc=ComparisonError,
			)
		line.update(
			{
				"rate": awarded.unit_price,
				"amount": flt(awarded.unit_price) * flt(line.qty),
				"supplier_quotation": awarded.supplier_quotation,
				"supplier_quotation_item": awarded.supplier_quotation_item,
			}
		)
		reason = scoring.award_approval_reason(scored, line.awarded_supplier)
		if reason:
			line.approval_reason = _reason_text(reason)
			reasons.append(_("Row #{0} {1}: {2}").format(line.idx, line.item_code, line.approval_reason))
	doc.total_amount = sum(flt(line.amount) for line in doc.items)
	doc.requires_approval = int(bool(reasons))
	doc.approval_reasons = "\n".join(reasons)


def _status(doc) -> str:
	if doc.docstatus == 2:
		return CANCELLED
	if doc.docstatus == 1:
		return ORDERED
	request = latest_request(doc.doctype, doc.name)
	return {PENDING: PENDING, APPROVED: APPROVED, REJECTED: REJECTED}.get(request and request.status, DRAFT)


# --------------------------------------------------------------------------- approval and submit


def before_submit(doc):
	if not any(line.awarded_supplier for line in doc.items):
		frappe.throw(
			_("Award at least one line to a supplier before submitting."),
			title=_("Nothing Awarded"),
			exc=ComparisonError,
		)
	if doc.requires_approval:
		rule = match_rule(doc)
		if not rule:
			frappe.throw(
				_(
					"This award needs approval ({0}) but no approval rule covers Supplier Quotation Comparison. Ask an administrator to set one up."
				).format(doc.approval_reasons.replace("\n", "; ")),
				title=_("Approval Required"),
				exc=ApprovalRequiredError,
			)
		# submit_guard.before_submit (doc_events "*") then refuses it unless this very award was approved


def on_approval_change(doc):
	"""Follow the approval; once approved, submit as the requester, which creates the orders."""
	doc.db_set("status", _status(doc), update_modified=False)
	request = latest_request(doc.doctype, doc.name)
	if doc.docstatus != 0 or not request or request.status != APPROVED:
		return
	approver = frappe.session.user
	frappe.db.savepoint("jxc_comparison_submit")
	frappe.set_user(request.requester)
	try:
		fresh = frappe.get_doc(doc.doctype, doc.name)
		fresh.submit()
	except frappe.ValidationError as error:
		# the approval stands; the buyer sees why the orders were not made and can submit again
		frappe.db.rollback(save_point="jxc_comparison_submit")
		frappe.clear_last_message()
		frappe.get_doc(doc.doctype, doc.name).add_comment(
			"Info", _("Approved, but the purchase orders could not be created: {0}").format(error)
		)
	finally:
		frappe.set_user(approver)


def make_purchase_orders(doc):
	"""One draft Purchase Order per awarded supplier, mapped from its Supplier Quotations."""
	lines_by_supplier: dict[str, list] = defaultdict(list)
	for line in doc.items:
		if line.awarded_supplier:
			lines_by_supplier[line.awarded_supplier].append(line)

	for lines in lines_by_supplier.values():
		order = None
		by_quotation: dict[str, list] = defaultdict(list)
		for line in lines:
			by_quotation[line.supplier_quotation].append(line)
		for quotation, quotation_lines in by_quotation.items():
			order = make_purchase_order(
				quotation,
				target_doc=order,
				args={"filtered_children": [line.supplier_quotation_item for line in quotation_lines]},
			)
		lines_by_quotation_item = {line.supplier_quotation_item: line for line in lines}
		for row in order.items:
			line = lines_by_quotation_item[row.supplier_quotation_item]
			# the awarded quantity, in the quotation's UOM (its rate is per that UOM)
			row.qty = flt(line.qty) * flt(line.conversion_factor) / flt(row.conversion_factor or 1)
			row.stock_qty = flt(line.qty) * flt(line.conversion_factor)
			row.schedule_date = line.schedule_date or row.schedule_date or doc.transaction_date
			row.warehouse = line.warehouse or row.warehouse
			row.set(REQUISITION_FIELD, line.purchase_requisition)
			row.set(REQUISITION_ITEM_FIELD, line.purchase_requisition_item)
		order.transaction_date = doc.transaction_date
		order.schedule_date = min(getdate(row.schedule_date) for row in order.items)
		order.set(COMPARISON_FIELD, doc.name)
		order.run_method("set_missing_values")
		order.run_method("calculate_taxes_and_totals")
		order.insert()
		for line in lines:
			line.db_set("purchase_order", order.name, update_modified=False)
	doc.db_set("status", ORDERED, update_modified=False)


def before_cancel(doc):
	"""Orders made from the comparison and submitted must be cancelled first."""
	for order in {line.purchase_order for line in doc.items if line.purchase_order}:
		if frappe.db.get_value("Purchase Order", order, "docstatus") == 1:
			frappe.throw(
				_("Purchase Order {0} made from this comparison is submitted: cancel it first.").format(
					order
				),
				title=_("Cannot Cancel"),
				exc=ComparisonError,
			)


def on_cancel(doc):
	"""Cancelling takes back the draft orders it made."""
	orders = {line.purchase_order for line in doc.items if line.purchase_order}
	for line in doc.items:
		line.db_set("purchase_order", None, update_modified=False)
	for order in orders:
		if frappe.db.get_value("Purchase Order", order, "docstatus") == 0:
			frappe.delete_doc("Purchase Order", order)
	doc.db_set("status", CANCELLED, update_modified=False)
