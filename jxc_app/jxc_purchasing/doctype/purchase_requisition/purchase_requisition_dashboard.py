from frappe import _


def get_data():
	# RFQ, Supplier Quotation and Purchase Order lines carry jxc_purchase_requisition
	return {
		"fieldname": "jxc_purchase_requisition",
		"non_standard_fieldnames": {"Supplier Quotation Comparison": "purchase_requisition"},
		"transactions": [
			{
				"label": _("Purchasing"),
				"items": [
					"Request for Quotation",
					"Supplier Quotation",
					"Supplier Quotation Comparison",
					"Purchase Order",
				],
			},
		],
	}
