"""应收逾期: per customer, what is outstanding on submitted Sales Invoices past their due date by more than
the rule's ``days`` (default 0), when it is at least ``amount``; with the oldest invoice's days overdue."""

import frappe
from frappe.query_builder.functions import Count, Min, Sum
from frappe.utils import add_days, flt

from jxc_app.jxc_alerts.types import common
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import RECEIVABLE_OVERDUE, Finding, document_key


def evaluate(rule, scope=None) -> list[Finding]:
	grace = common.days(rule, 0)
	today = common.today()
	invoice = frappe.qb.DocType("Sales Invoice")
	customer = frappe.qb.DocType("Customer")
	query = (
		frappe.qb.from_(invoice)
		.join(customer)
		.on(customer.name == invoice.customer)
		.select(
			invoice.company,
			invoice.customer,
			customer.customer_name,
			Sum(invoice.outstanding_amount).as_("overdue_amount"),
			Min(invoice.due_date).as_("oldest_due_date"),
			Count(invoice.name).as_("invoices"),
		)
		.where(
			(invoice.docstatus == 1)
			& (invoice.is_return == 0)
			& (invoice.outstanding_amount > 0)
			& (invoice.due_date < add_days(today, -grace))
		)
		.groupby(invoice.company, invoice.customer, customer.customer_name)
	)
	if rule.get("company"):
		query = query.where(invoice.company == rule.company)
	groups = common.rule_customer_groups(rule)
	if groups is not None:
		query = query.where(customer.customer_group.isin(groups or [""]))
	findings = []
	for row in query.run(as_dict=True):
		max_days = (today - row.oldest_due_date).days
		check = alert_checks.receivable_overdue(
			row.overdue_amount, max_days, common.number(rule, "amount"), grace, common.severity(rule)
		)
		if not check:
			continue
		findings.append(
			common.finding(
				RECEIVABLE_OVERDUE,
				check,
				document_key("Customer", row.customer),
				row.company,
				subject_doctype="Customer",
				subject_name=row.customer,
				party_type="Customer",
				party=row.customer,
				figures={
					"customer_name": row.customer_name,
					"overdue_amount": flt(row.overdue_amount),
					"max_days_overdue": check["max_days_overdue"],
					"oldest_due_date": str(row.oldest_due_date),
					"invoices": row.invoices,
				},
			)
		)
	return findings
