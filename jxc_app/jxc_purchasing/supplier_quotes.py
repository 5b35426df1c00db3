"""The quotes a 比价单 compares: for each of its lines, every supplier's latest submitted Supplier
Quotation the user may read (matched by RFQ line, requisition line or item), in the line's UOM and the
company's currency, with the item's last purchase rate and the supplier's scorecard score.
``jxc_app.jxc_purchasing.comparison`` scores and awards them."""

from collections import defaultdict

import frappe
from erpnext.stock.doctype.item.item import get_last_purchase_details
from frappe.utils import flt

from jxc_app.jxc_purchasing.requisition import REQUISITION_ITEM_FIELD
from jxc_app.rules import quotation_scoring as scoring

MIN_ORDER_QTY_FIELD = "jxc_min_order_qty"


def line_key(line) -> str:
	"""What ties a quote to a comparison line: the RFQ line, else the requisition line, else the item."""
	return line.request_for_quotation_item or line.purchase_requisition_item or f"item:{line.item_code}"


def _submitted_quotation_lines(doc) -> list[dict]:
	rfq_lines = [line.request_for_quotation_item for line in doc.items if line.request_for_quotation_item]
	requisition_lines = [
		line.purchase_requisition_item
		for line in doc.items
		if line.purchase_requisition_item and not line.request_for_quotation_item
	]
	free_items = [
		line.item_code
		for line in doc.items
		if not line.request_for_quotation_item and not line.purchase_requisition_item
	]
	quotation = frappe.qb.DocType("Supplier Quotation")
	item = frappe.qb.DocType("Supplier Quotation Item")
	matches = []
	if rfq_lines:
		matches.append(item.request_for_quotation_item.isin(rfq_lines))
	if requisition_lines:
		matches.append(item[REQUISITION_ITEM_FIELD].isin(requisition_lines))
	if free_items:
		matches.append(item.item_code.isin(free_items))
	if not matches:
		return []
	match = matches[0]
	for other in matches[1:]:
		match = match | other
	lines = (
		frappe.qb.from_(item)
		.join(quotation)
		.on(quotation.name == item.parent)
		.select(
			quotation.name.as_("supplier_quotation"),
			quotation.supplier,
			quotation.currency,
			quotation.valid_till,
			quotation.transaction_date,
			quotation.creation,
			quotation.base_net_total,
			quotation.base_total_taxes_and_charges,
			item.name.as_("supplier_quotation_item"),
			item.item_code,
			item.rate,
			item.base_net_rate,
			item.conversion_factor,
			item.lead_time_days,
			item[MIN_ORDER_QTY_FIELD].as_("min_order_qty"),
			item.request_for_quotation_item,
			item[REQUISITION_ITEM_FIELD].as_("purchase_requisition_item"),
		)
		.where(
			(quotation.docstatus == 1)
			& (quotation.company == doc.company)
			& (quotation.status != "Stopped")
			& match
		)
		.orderby(quotation.transaction_date)
		.orderby(quotation.creation)
		.run(as_dict=True)
	)
	# only the quotations the user may read (roles, user permissions on supplier, company…)
	readable = set(
		frappe.get_list(
			"Supplier Quotation",
			filters={"name": ("in", sorted({line.supplier_quotation for line in lines}) or [""])},
			pluck="name",
			limit_page_length=0,
		)
	)
	return [line for line in lines if line.supplier_quotation in readable]


def _quotes_by_line(doc) -> dict[str, dict[str, dict]]:
	"""line key -> supplier -> that supplier's latest quote for the line."""
	lines_by_rfq = {
		line.request_for_quotation_item: line for line in doc.items if line.request_for_quotation_item
	}
	lines_by_requisition = {
		line.purchase_requisition_item: line for line in doc.items if line.purchase_requisition_item
	}
	lines_by_item = {line.item_code: line for line in doc.items}
	quotes: dict[str, dict[str, dict]] = defaultdict(dict)
	for quote in _submitted_quotation_lines(doc):  # oldest first: a later quote replaces an earlier one
		line = (
			lines_by_rfq.get(quote.request_for_quotation_item)
			or lines_by_requisition.get(quote.purchase_requisition_item)
			or lines_by_item.get(quote.item_code)
		)
		if line and line.item_code == quote.item_code:
			quotes[line_key(line)][quote.supplier] = quote
	return quotes


def _scorecard_scores(suppliers) -> dict[str, float]:
	"""supplier -> Supplier Scorecard score, of the scorecards the user may read (ERPNext lets System
	Managers read them; a buyer without that permission compares without the quality score)."""
	suppliers = list(suppliers)
	if not suppliers or not frappe.has_permission("Supplier Scorecard", "read"):
		return {}
	return {
		row.supplier: flt(row.supplier_score)
		for row in frappe.get_list(
			"Supplier Scorecard",
			filters={"supplier": ("in", suppliers)},
			fields=["supplier", "supplier_score"],
			limit_page_length=0,
		)
	}


def _last_purchase_rate(item_code: str, conversion_factor: float) -> float:
	details = get_last_purchase_details(item_code)  # per stock UOM, company currency, net
	return flt(details.get("base_net_rate")) * flt(conversion_factor or 1) if details else 0.0


def set_quotes(doc):
	"""Replace the comparison's quotes with those submitted now (unscored); a buyer's service scores
	survive."""
	doc.currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	service_scores = {(row.line_key, row.supplier): row.service_score for row in doc.get("quotes") or []}
	quotes_by_line = _quotes_by_line(doc)
	scorecards = _scorecard_scores({s for quotes in quotes_by_line.values() for s in quotes})
	doc.set("quotes", [])
	for line in doc.items:
		key = line_key(line)
		last_rate = _last_purchase_rate(line.item_code, line.conversion_factor)
		for supplier, quote in sorted(quotes_by_line.get(key, {}).items()):
			line_factor = flt(line.conversion_factor or 1)
			doc.append(
				"quotes",
				{
					"item_code": line.item_code,
					"line_key": key,
					"supplier": supplier,
					"supplier_quotation": quote.supplier_quotation,
					"supplier_quotation_item": quote.supplier_quotation_item,
					"quoted_rate": quote.rate,
					"quoted_currency": quote.currency,
					"unit_price": scoring.unit_price_incl_tax(
						quote.base_net_rate,
						quote.conversion_factor,
						line_factor,
						quote.base_net_total,
						quote.base_total_taxes_and_charges,
					),
					"last_purchase_rate": last_rate,
					"lead_time_days": quote.lead_time_days,
					# the supplier's minimum in the line's UOM
					"min_order_qty": flt(quote.min_order_qty)
					* flt(quote.conversion_factor or 1)
					/ line_factor,
					"valid_till": quote.valid_till,
					"quality_score": scorecards.get(supplier, 0),
					"service_score": service_scores.get((key, supplier), 0),
					"currency": doc.currency,
				},
			)
