"""JXC Settings › Selling: a site that had the settings before these fields were added gets their
defaults (a Single's defaults are applied only when it is first made)."""

import frappe

FIELDS = (
	"quotation_validity_days",
	"quotation_expiring_days",
	"allow_expired_quotation_to_order",
	"credit_approval",
	"credit_overdue_days",
)


def execute():
	meta = frappe.get_meta("JXC Settings")
	singles = frappe.qb.DocType("Singles")
	stored = set(
		frappe.qb.from_(singles)
		.select(singles.field)
		.where((singles.doctype == "JXC Settings") & singles.field.isin(FIELDS))
		.run(pluck=True)
	)
	for fieldname in FIELDS:
		default = meta.get_field(fieldname).default
		if fieldname not in stored and default is not None:
			frappe.db.set_single_value("JXC Settings", fieldname, default)
