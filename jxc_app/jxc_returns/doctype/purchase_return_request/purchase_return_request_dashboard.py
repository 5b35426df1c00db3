from frappe import _


def get_data():
	return {
		"fieldname": "jxc_purchase_return_request",
		"transactions": [
			{"label": _("Goods"), "items": ["Purchase Receipt"]},
			{"label": _("Money"), "items": ["Purchase Invoice", "Payment Entry"]},
		],
	}
