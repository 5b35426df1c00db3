from jxc_app.overrides.dashboards import COMPARISON, REQUISITION, add_purchasing_links


def get_dashboard_data(data: dict) -> dict:
	# comparisons point at the RFQ by their request_for_quotation field, the dashboard's own fieldname
	return add_purchasing_links(
		data, {REQUISITION: ["items", "jxc_purchase_requisition"]}, linked_by_fieldname=(COMPARISON,)
	)
