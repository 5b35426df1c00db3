from jxc_app.overrides.dashboards import REQUISITION, add_purchasing_links


def get_dashboard_data(data: dict) -> dict:
	return add_purchasing_links(data, {REQUISITION: ["items", "jxc_purchase_requisition"]})
