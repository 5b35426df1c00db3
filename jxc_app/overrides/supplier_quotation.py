def get_dashboard_data(data: dict) -> dict:
	from jxc_app.overrides.dashboards import REQUISITION, add_purchasing_links

	return add_purchasing_links(data, {REQUISITION: ["items", "jxc_purchase_requisition"]})
