"""低库存补货: items at or below their reorder level become *draft* purchase requisitions.

ERPNext's own auto re-order (Stock Settings → auto_indent) submits Material Requests without any
approval; this raises requisitions that a buyer completes and sends through the approval engine.
The reorder levels, the items to consider and the projected quantities are ERPNext's.
"""

from collections import defaultdict

import frappe
from erpnext.stock.reorder_item import get_item_warehouse_projected_qty, get_items_for_reorder
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.query_builder.functions import IfNull, Sum
from frappe.utils import add_days, cint, flt, nowdate

from jxc_app.jxc_approvals.approvers import users_with_role_for_company
from jxc_app.rules import requisition as requisition_rules
from jxc_app.utils import arguments

PURPOSE = "Low stock replenishment"
# requisitions that no longer ask for anything
NOT_ASKING = (
	requisition_rules.CLOSED,
	requisition_rules.ORDERED,
	requisition_rules.REJECTED,
	requisition_rules.CANCELLED,
)


class ReplenishmentSettingsError(frappe.ValidationError):
	pass


def open_requisition_query():
	"""(item_code, warehouse, stock quantity still asked for) per item × warehouse of the requisitions not
	yet ordered, as a query callers may narrow (the low-stock alert reads a ledger change's items only)."""
	requisition = frappe.qb.DocType("Purchase Requisition")
	line = frappe.qb.DocType("Purchase Requisition Item")
	ordered = IfNull(line.ordered_qty, 0)
	return (
		frappe.qb.from_(line)
		.join(requisition)
		.on(requisition.name == line.parent)
		.select(
			line.item_code,
			line.warehouse,
			Sum((line.qty - ordered) * IfNull(line.conversion_factor, 1)),
		)
		.where((requisition.docstatus < 2) & (requisition.status.notin(NOT_ASKING)) & (line.qty > ordered))
		.groupby(line.item_code, line.warehouse)
	)


def _open_requisition_qty() -> dict[tuple[str, str], float]:
	"""(item, warehouse) -> stock quantity still asked for by requisitions not yet ordered."""
	return {(item, warehouse): flt(qty) for item, warehouse, qty in open_requisition_query().run()}


def shortfalls(company: str | None = None) -> dict[str, list[dict]]:
	"""company -> lines to request, from ERPNext's reorder levels (purchase type only)."""
	items = get_items_for_reorder()
	if not items:
		return {}
	projected = get_item_warehouse_projected_qty(items)
	requested = _open_requisition_qty()
	warehouse_company = dict(
		frappe.get_all("Warehouse", filters={"disabled": 0}, fields=["name", "company"], as_list=True)
	)
	lines = defaultdict(list)
	for item_code, levels in items.items():
		for level in levels:
			if level.has_variants or level.material_request_type != "Purchase":
				continue
			warehouse_of_company = warehouse_company.get(level.warehouse)
			if not warehouse_of_company or (company and warehouse_of_company != company):
				continue
			qty = requisition_rules.low_stock_shortfall(
				projected.get(item_code, {}).get(level.warehouse_group or level.warehouse),
				level.warehouse_reorder_level,
				level.warehouse_reorder_qty,
				requested.get((item_code, level.warehouse), 0),
			)
			if qty > 0:
				lines[warehouse_of_company].append(
					{"item_code": item_code, "warehouse": level.warehouse, "qty": qty, "uom": level.stock_uom}
				)
	return dict(lines)


def make_low_stock_requisitions(company: str | None = None) -> list[str]:
	"""One draft requisition per company with every low-stock line; assigned to the purchase
	managers, who complete it and send it for approval. Never submitted here."""
	made = []
	for company_name, lines in shortfalls(company).items():
		lead_days = 0
		for line in lines:
			item = frappe.db.get_value(
				"Item",
				line["item_code"],
				["last_purchase_rate", "valuation_rate", "lead_time_days"],
				as_dict=True,
			)
			line["estimated_rate"] = flt(item.last_purchase_rate or item.valuation_rate)
			lead_days = max(lead_days, cint(item.lead_time_days))
		requisition = frappe.get_doc(
			{
				"doctype": "Purchase Requisition",
				"company": company_name,
				"purpose": _(PURPOSE),
				"required_by": add_days(nowdate(), max(lead_days, 1)),
				"items": lines,
			}
		)
		requisition.insert(ignore_permissions=True)  # raised by the system, not by a user
		managers = users_with_role_for_company("Purchase Manager", company_name)
		if managers:
			assign(
				{
					"doctype": requisition.doctype,
					"name": requisition.name,
					"assign_to": managers,
					"description": _(
						"Low stock: check the quantities and send the requisition for approval."
					),
				},
				ignore_permissions=True,
			)
		made.append(requisition.name)
	return made


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def raise_low_stock_requisitions(company: str) -> list[str]:
	"""Desk button / REST: raise one company's low-stock requisitions now, for a user who may create
	requisitions in it (role and user permissions). The scheduler raises them for every company."""
	arguments.check_exists("Company", company)
	requisition = frappe.new_doc("Purchase Requisition")
	requisition.company = company
	if not frappe.has_permission("Purchase Requisition", "create", doc=requisition):
		frappe.throw(
			_("You may not create purchase requisitions in company {0}.").format(company),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)
	return make_low_stock_requisitions(company)


def run_daily():
	"""Scheduler: when JXC Settings asks for it."""
	if cint(frappe.db.get_single_value("JXC Settings", "low_stock_requisitions")):
		make_low_stock_requisitions()


def validate_settings(settings):
	"""JXC Settings: our low-stock requisitions replace ERPNext's auto re-order, never doubling it."""
	if cint(settings.low_stock_requisitions) and cint(
		frappe.db.get_single_value("Stock Settings", "auto_indent")
	):
		frappe.throw(
			_(
				"Turn off ERPNext's automatic Material Requests (Stock Settings → Raise Material Request When Stock Reaches Re-order Level) first: they are submitted without approval and would double the requests."
			),
			title=_("Automatic Material Requests Are On"),
			exc=ReplenishmentSettingsError,
		)
