from frappe import _


def get_data():
	return {
		"fieldname": "jxc_sales_return_request",
		"transactions": [
			{"label": _("Goods"), "items": ["Delivery Note", "Stock Entry"]},
			{"label": _("Money"), "items": ["Sales Invoice", "Payment Entry"]},
		],
	}
