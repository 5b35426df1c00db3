"""Connections added to ERPNext buying documents' dashboards (hooks: override_doctype_dashboards)."""

from frappe import _

REQUISITION = "Purchase Requisition"
COMPARISON = "Supplier Quotation Comparison"


def add_purchasing_links(data: dict, internal_links: dict, linked_by_fieldname: tuple = ()) -> dict:
	"""Show the requisition (found from the lines), the comparison and ``linked_by_fieldname``
	doctypes (which point at this document by the dashboard's own fieldname) on its Connections."""
	data.setdefault("internal_links", {}).update(internal_links)
	data.setdefault("transactions", []).append(
		{"label": _("Purchase Requisition"), "items": [*internal_links, *linked_by_fieldname]}
	)
	return data
