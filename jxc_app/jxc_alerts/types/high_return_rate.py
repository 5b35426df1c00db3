"""高退货率: items and customers whose returned quantity ÷ delivered quantity over the rule's ``days``
(default 30) is above ``percent`` (default 10 %), from ERPNext's submitted Delivery Notes (returns are
Delivery Notes with is_return, whether made by ERPNext or by the returns module); ``quantity`` sets the
least delivered quantity worth judging."""

import frappe
from frappe.query_builder import Case
from frappe.query_builder.functions import Abs, Sum
from frappe.utils import add_days, flt

from jxc_app.jxc_alerts.types import common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import HIGH_RETURN_RATE, Finding, document_key

DEFAULT_DAYS = 30
DEFAULT_PERCENT = 10.0


def evaluate(rule, scope=None) -> list[Finding]:
	window = common.days(rule, DEFAULT_DAYS)
	percent = common.number(rule, "percent") or DEFAULT_PERCENT
	note = frappe.qb.DocType("Delivery Note")
	line = frappe.qb.DocType("Delivery Note Item")
	delivered = Sum(Case().when(note.is_return == 0, line.stock_qty).else_(0)).as_("delivered")
	returned = Sum(Case().when(note.is_return == 1, Abs(line.stock_qty)).else_(0)).as_("returned")
	base = (
		frappe.qb.from_(line)
		.join(note)
		.on(note.name == line.parent)
		.where((note.docstatus == 1) & (note.posting_date >= add_days(common.today(), -window)))
	)
	if rule.get("company"):
		base = base.where(note.company == rule.company)
	item_groups = common.rule_item_groups(rule)
	customer_groups = common.rule_customer_groups(rule)
	findings = []

	item = frappe.qb.DocType("Item")
	by_item = (
		base.join(item)
		.on(item.name == line.item_code)
		.select(note.company, line.item_code.as_("subject"), item.item_name.as_("title"), delivered, returned)
		.groupby(note.company, line.item_code, item.item_name)
	)
	if item_groups is not None:
		by_item = by_item.where(item.item_group.isin(item_groups or [""]))
	customer = frappe.qb.DocType("Customer")
	by_customer = (
		base.join(customer)
		.on(customer.name == note.customer)
		.select(
			note.company,
			note.customer.as_("subject"),
			customer.customer_name.as_("title"),
			delivered,
			returned,
		)
		.groupby(note.company, note.customer, customer.customer_name)
	)
	if customer_groups is not None:
		by_customer = by_customer.where(customer.customer_group.isin(customer_groups or [""]))

	for doctype, query in (("Item", by_item), ("Customer", by_customer)):
		for row in query.run(as_dict=True):
			check = alert_checks.return_rate(
				row.returned, row.delivered, percent, common.number(rule, "quantity"), common.severity(rule)
			)
			if not check:
				continue
			findings.append(
				common.finding(
					HIGH_RETURN_RATE,
					check,
					document_key(doctype, row.subject),
					row.company,
					subject_doctype=doctype,
					subject_name=row.subject,
					item_code=row.subject if doctype == "Item" else None,
					party_type="Customer" if doctype == "Customer" else None,
					party=row.subject if doctype == "Customer" else None,
					figures={
						"title": row.title,
						"delivered_qty": flt(row.delivered),
						"returned_qty": flt(row.returned),
						"return_rate": check["value"],
						"days": window,
					},
				)
			)
	return findings
