from frappe import _


def get_data():
	return {
		"fieldname": "jxc_stock_transfer_order",
		"transactions": [{"label": _("Stock Movements"), "items": ["Stock Entry"]}],
	}
