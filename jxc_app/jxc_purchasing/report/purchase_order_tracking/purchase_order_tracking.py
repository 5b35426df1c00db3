# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt
"""采购订单跟踪: submitted purchase order lines not fully received, how much is pending and how late,
line by line or per supplier. Respects the user's permissions on Purchase Order."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from jxc_app.rules.order_tracking import by_supplier, track_line
from jxc_app.utils import arguments


def execute(filters=None):
	filters = arguments.report_filters(
		filters,
		text=("company", "supplier"),
		dates=("as_on",),
		flags=("overdue_only",),
		choices={"group_by": ("", "Supplier")},
	)
	lines = get_lines(filters)
	if filters.get("group_by") == "Supplier":
		return supplier_columns(), by_supplier(lines)
	return line_columns(), lines


def get_lines(filters) -> list[dict]:
	today = getdate(filters.get("as_on") or nowdate())
	conditions = {"docstatus": 1, "status": ("not in", ("Closed", "Completed", "On Hold"))}
	for field in ("company", "supplier"):
		if filters.get(field):
			conditions[field] = filters[field]
	orders = frappe.get_list("Purchase Order", filters=conditions, pluck="name")  # user permissions apply
	if not orders:
		return []
	item = frappe.qb.DocType("Purchase Order Item")
	order = frappe.qb.DocType("Purchase Order")
	rows = (
		frappe.qb.from_(item)
		.join(order)
		.on(order.name == item.parent)
		.select(
			order.supplier,
			order.name.as_("purchase_order"),
			order.transaction_date,
			item.item_code,
			item.item_name,
			item.schedule_date.as_("expected_date"),
			item.stock_qty.as_("ordered_qty"),
			item.received_qty,
			item.stock_uom,
			item.jxc_purchase_requisition.as_("purchase_requisition"),
		)
		.where(item.parent.isin(orders))
		.orderby(item.schedule_date)
	).run(as_dict=True)
	lines = []
	for row in rows:
		# received_qty on the order line is in stock units, like stock_qty
		row.update(
			track_line(
				row.ordered_qty,
				row.received_qty,
				getdate(row.expected_date) if row.expected_date else None,
				today,
			)
		)
		if row.pending_qty <= 0 or (filters.get("overdue_only") and not row.overdue):
			continue
		lines.append(row)
	return sorted(lines, key=lambda row: (-row.days_late, row.expected_date or today))


def line_columns():
	return [
		{
			"fieldname": "supplier",
			"label": _("Supplier"),
			"fieldtype": "Link",
			"options": "Supplier",
			"width": 180,
		},
		{
			"fieldname": "purchase_order",
			"label": _("Purchase Order"),
			"fieldtype": "Link",
			"options": "Purchase Order",
			"width": 160,
		},
		{
			"fieldname": "item_code",
			"label": _("Item Code"),
			"fieldtype": "Link",
			"options": "Item",
			"width": 120,
		},
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 180},
		{"fieldname": "expected_date", "label": _("Expected Date"), "fieldtype": "Date", "width": 110},
		*quantity_columns(width=100),
		{
			"fieldname": "stock_uom",
			"label": _("Stock UOM"),
			"fieldtype": "Link",
			"options": "UOM",
			"width": 80,
		},
		{"fieldname": "days_late", "label": _("Days Late"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "purchase_requisition",
			"label": _("Purchase Requisition"),
			"fieldtype": "Link",
			"options": "Purchase Requisition",
			"width": 150,
		},
	]


def quantity_columns(width: int) -> list[dict]:
	labels = {
		"ordered_qty": _("Ordered Qty"),
		"received_qty": _("Received Qty"),
		"pending_qty": _("Pending Qty"),
	}
	return [
		{"fieldname": name, "label": label, "fieldtype": "Float", "width": width}
		for name, label in labels.items()
	]


def supplier_columns():
	return [
		{
			"fieldname": "supplier",
			"label": _("Supplier"),
			"fieldtype": "Link",
			"options": "Supplier",
			"width": 220,
		},
		*quantity_columns(width=120),
		{"fieldname": "overdue_lines", "label": _("Overdue Lines"), "fieldtype": "Int", "width": 110},
		{"fieldname": "max_days_late", "label": _("Most Days Late"), "fieldtype": "Int", "width": 120},
	]
