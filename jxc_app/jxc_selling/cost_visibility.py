"""Who reads the costs and margins of a Quotation or Sales Order (the fields at ``COST_PERMLEVEL``),
and a print without them for who may not.

Frappe's standard print leaves out fields the user may not read, but a Jinja print format (one a site
writes, or Print Designer's) reads the document as it is: ``hide_costs_in_print`` (the documents'
``before_print``) empties the cost fields first, so no print format shows them to a Sales User."""

import frappe

from jxc_app.setup.customizations import COST_PERMLEVEL, PRICE_CONTROL_DOCTYPES


def may_read_costs(doctype: str, user: str | None = None) -> bool:
	"""Whether ``user`` (the session user by default) reads the costs and margins of ``doctype``."""
	return COST_PERMLEVEL in frappe.get_meta(doctype).get_permlevel_access("read", user=user)


def cost_fields(doctype: str) -> set[str]:
	"""The fields of ``doctype`` (a Quotation or Sales Order, or their lines) at the costs' level."""
	return {df.fieldname for df in frappe.get_meta(doctype).fields if df.permlevel == COST_PERMLEVEL}


def hide_costs_in_print(doc):
	"""Empty the costs and margins of a Quotation or Sales Order being printed by who may not read them."""
	item_doctype = PRICE_CONTROL_DOCTYPES.get(doc.doctype)
	if not item_doctype or may_read_costs(doc.doctype):
		return
	for fieldname in cost_fields(doc.doctype):
		doc.set(fieldname, None)
	hidden = cost_fields(item_doctype)
	for row in doc.get("items") or []:
		for fieldname in hidden:
			row.set(fieldname, None)
