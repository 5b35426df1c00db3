"""应付到期: submitted Purchase Invoices with something outstanding that fall due within the rule's ``days``
(default 7), or are already past due; one alert per invoice."""

import frappe
from frappe.utils import add_days, flt

from jxc_app.jxc_alerts.types import common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import PAYABLE_DUE, Finding, document_key

DEFAULT_DAYS = 7


def evaluate(rule, scope=None) -> list[Finding]:
	window = common.days(rule, DEFAULT_DAYS)
	today = common.today()
	invoice = frappe.qb.DocType("Purchase Invoice")
	query = (
		frappe.qb.from_(invoice)
		.select(
			invoice.name,
			invoice.company,
			invoice.supplier,
			invoice.supplier_name,
			invoice.due_date,
			invoice.outstanding_amount,
			invoice.grand_total,
			invoice.currency,
		)
		.where(
			(invoice.docstatus == 1)
			& (invoice.is_return == 0)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date <= add_days(today, window))
		)
	)
	if rule.get("company"):
		query = query.where(invoice.company == rule.company)
	findings = []
	for row in query.run(as_dict=True):
		check = alert_checks.payable_due(
			row.outstanding_amount,
			row.due_date,
			today,
			window,
			common.number(rule, "amount"),
			common.severity(rule),
		)
		if not check:
			continue
		findings.append(
			common.finding(
				PAYABLE_DUE,
				check,
				document_key("Purchase Invoice", row.name),
				row.company,
				subject_doctype="Purchase Invoice",
				subject_name=row.name,
				party_type="Supplier",
				party=row.supplier,
				figures={
					"supplier_name": row.supplier_name,
					"due_date": str(row.due_date),
					"days_to_due": check["days_to_due"],
					"outstanding_amount": flt(row.outstanding_amount),
					"grand_total": flt(row.grand_total),
					"currency": row.currency,
				},
			)
		)
	return findings
