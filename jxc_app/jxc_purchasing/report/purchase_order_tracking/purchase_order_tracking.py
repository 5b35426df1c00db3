# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt
"""采购订单跟踪: submitted purchase order lines not fully received, how much is pending and how late,
line by line or per supplier. Respects the user's permissions on Purchase Order."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from jxc_app.rules.order_tracking import by_supplier, track_line
from jxc_app.utils import arguments
from jxc_app.utils.report_columns import column


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
		column("supplier", _("Supplier"), "Link", "Supplier", 180),
		column("purchase_order", _("Purchase Order"), "Link", "Purchase Order", 160),
		column("item_code", _("Item Code"), "Link", "Item", 120),
		column("item_name", _("Item Name"), "Data", None, 180),
		column("expected_date", _("Expected Date"), "Date", None, 110),
		*quantity_columns(width=100),
		column("stock_uom", _("Stock UOM"), "Link", "UOM", 80),
		column("days_late", _("Days Late"), "Int", None, 90),
		column("purchase_requisition", _("Purchase Requisition"), "Link", "Purchase Requisition", 150),
	]


def quantity_columns(width: int) -> list[dict]:
	return [
		column("ordered_qty", _("Ordered Qty"), "Float", None, width),
		column("received_qty", _("Received Qty"), "Float", None, width),
		column("pending_qty", _("Pending Qty"), "Float", None, width),
	]


def supplier_columns():
	return [
		column("supplier", _("Supplier"), "Link", "Supplier", 220),
		*quantity_columns(width=120),
		column("overdue_lines", _("Overdue Lines"), "Int", None, 110),
		column("max_days_late", _("Most Days Late"), "Int", None, 120),
	]
