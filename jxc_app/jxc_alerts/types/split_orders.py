"""拆单: the same requester (the document's owner) or the same supplier / customer places several
documents within the rule's ``days`` (default 7), each just under an approval band (within ``percent``
of it, default 20 %), that together reach it. The bands are the enabled Approval Rules' amount ranges
and their conditions ``grand_total > …`` / ``>= …`` on an amount field of the DocType. The alert goes to
the approvers of the band's rule (``figures["notify_users"]``)."""

import frappe
from frappe.utils import add_days, flt, getdate

from jxc_app.jxc_alerts.types import common
from jxc_app.jxc_approvals.approvers import approvers_for_step
from jxc_app.rules import alert_checks
from jxc_app.rules.alerts import SPLIT_ORDERS, Finding

AMOUNT_FIELDS = (
	"grand_total",
	"base_grand_total",
	"rounded_total",
	"base_rounded_total",
	"total",
	"base_total",
	"net_total",
	"base_net_total",
	"total_amount",
	"paid_amount",
	"estimated_total",
	"amount",
)
PARTY_FIELDS = ("supplier", "customer", "party")
DATE_FIELDS = ("transaction_date", "posting_date", "schedule_date")
NUMBER_TYPES = ("Currency", "Float", "Int")


def bands(rule) -> list[tuple[dict, alert_checks.Band]]:
	"""(Approval Rule, band) of every enabled rule for the alert rule's company (or any company)."""
	found = []
	for name in frappe.get_all("Approval Rule", filters={"enabled": 1}, pluck="name", order_by="name"):
		approval_rule = frappe.get_doc("Approval Rule", name)
		if rule.get("company") and approval_rule.company and approval_rule.company != rule.company:
			continue
		meta = frappe.get_meta(approval_rule.reference_doctype)
		amount_fields = [
			field
			for field in AMOUNT_FIELDS
			if meta.get_field(field) and meta.get_field(field).fieldtype in NUMBER_TYPES
		]
		for band in alert_checks.bands_of_rule(
			name,
			approval_rule.amount_field,
			approval_rule.min_amount,
			[row.as_dict() for row in approval_rule.conditions],
			amount_fields + ([approval_rule.amount_field] if approval_rule.amount_field else []),
		):
			found.append((approval_rule, band))
	return found


def evaluate(rule, scope=None) -> list[Finding]:
	window = common.days(rule, alert_checks.DEFAULT_SPLIT_DAYS)
	margin = common.number(rule, "percent") or alert_checks.DEFAULT_SPLIT_MARGIN_PERCENT
	findings = []
	for approval_rule, band in bands(rule):
		findings += _band_findings(rule, approval_rule, band, window, margin)
	return findings


def _band_findings(rule, approval_rule, band, window, margin) -> list[Finding]:
	doctype = approval_rule.reference_doctype
	meta = frappe.get_meta(doctype)
	date_field = next((field for field in DATE_FIELDS if meta.get_field(field)), "creation")
	party_field = next((field for field in PARTY_FIELDS if meta.get_field(field)), None)
	table = frappe.qb.DocType(doctype)
	amount = table[band.field]
	query = (
		frappe.qb.from_(table)
		.select(table.name, table.owner, table[date_field].as_("date"), amount.as_("amount"))
		.where(
			(table.docstatus == 1)
			& (table[date_field] >= add_days(common.today(), -window))
			& (amount >= band.amount * (1 - margin / 100.0))
			& (amount <= band.amount)
		)
	)
	if party_field:
		query = query.select(table[party_field].as_("party"))
	company = rule.get("company") or approval_rule.company
	if company and meta.get_field("company"):
		query = query.where(table.company == company)
		query = query.select(table.company)
	elif meta.get_field("company"):
		query = query.select(table.company)
	rows = query.run(as_dict=True)
	for row in rows:
		row.date = getdate(row.date)
	findings = []
	groupings = [("owner", "Requester")] + ([(party_field, party_field.title())] if party_field else [])
	for field, label in groupings:
		key = "owner" if field == "owner" else "party"
		orders = [
			{
				"name": r.name,
				"group": r[key],
				"date": r.date,
				"amount": flt(r.amount),
				"company": r.get("company"),
			}
			for r in rows
			if r.get(key)
		]
		for group in alert_checks.split_orders(orders, band, window, margin):
			company_of = next((o["company"] for o in orders if o["name"] == group["orders"][-1]), company)
			findings.append(
				Finding(
					alert_type=SPLIT_ORDERS,
					subject_key=f"{doctype}::{field}::{group['group']}::{band.rule}::{band.amount:g}",
					company=company_of or "",
					value=group["total"],
					threshold=band.amount,
					severity=alert_checks.split_severity(group["total"], band, common.severity(rule)),
					subject_doctype=doctype,
					subject_name=group["orders"][-1],
					party_type=("User" if field == "owner" else meta.get_field(field).options or None),
					party=group["group"],
					figures={
						"doctype": doctype,
						"grouped_by": label,
						"orders": group["orders"],
						"count": group["count"],
						"total": group["total"],
						"band_amount": band.amount,
						"band_field": band.field,
						"approval_rule": band.rule,
						"first_date": str(group["first_date"]),
						"last_date": str(group["last_date"]),
						"notify_users": _band_approvers(approval_rule, doctype, group["orders"][-1]),
					},
				)
			)
	return findings


def _band_approvers(approval_rule, doctype: str, name: str) -> list[str]:
	"""Who approves the higher band: every step's approvers, as if the last order had reached it."""
	doc = frappe.get_doc(doctype, name)
	users = []
	for step in approval_rule.steps:
		try:
			users += approvers_for_step(step.as_dict(), doc, doc.owner)
		except frappe.ValidationError:
			continue
	return sorted({user for user in users if user and user != doc.owner}) or sorted(set(users))
