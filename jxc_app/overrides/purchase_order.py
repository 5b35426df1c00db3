from jxc_app.jxc_purchasing.requisition import (
	update_ordered_qty,
	validate_purchase_order,
	validate_purchase_order_change,
)
from jxc_app.overrides.dashboards import COMPARISON, REQUISITION, add_purchasing_links


def validate(doc, method=None):
	validate_purchase_order(doc)


def before_update_after_submit(doc, method=None):
	# ERPNext's Update Items on a submitted order: still never more than the requisition asked for
	validate_purchase_order_change(doc)


def on_update_after_submit(doc, method=None):
	update_ordered_qty(doc)


def on_submit(doc, method=None):
	update_ordered_qty(doc)


def on_cancel(doc, method=None):
	update_ordered_qty(doc)
	# the comparison an order came from keeps pointing at it; that must not stop its cancellation
	doc.ignore_linked_doctypes = (*(doc.get("ignore_linked_doctypes") or ()), "Supplier Quotation Comparison")


def get_dashboard_data(data: dict) -> dict:
	return add_purchasing_links(
		data,
		{REQUISITION: ["items", "jxc_purchase_requisition"], COMPARISON: "jxc_supplier_quotation_comparison"},
	)
