from frappe import _


def get_data():
	return {
		"fieldname": "jxc_supplier_quotation_comparison",
		"internal_links": {
			"Purchase Requisition": ["items", "purchase_requisition"],
			"Request for Quotation": ["items", "request_for_quotation"],
			"Supplier Quotation": ["quotes", "supplier_quotation"],
		},
		"transactions": [
			{
				"label": _("Source"),
				"items": ["Purchase Requisition", "Request for Quotation", "Supplier Quotation"],
			},
			{"label": _("Purchasing"), "items": ["Purchase Order"]},
		],
	}
