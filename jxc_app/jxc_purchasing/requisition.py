"""采购申请: validation, status, closing, and ordering through ERPNext's Purchase Order.

Quantities ordered are tracked back per requisition line from the Purchase Order lines that
point at it (custom fields ``jxc_purchase_requisition`` / ``jxc_purchase_requisition_item``).
"""

from collections import defaultdict

import frappe
from erpnext.accounts.doctype.budget import budget as erpnext_budget
from erpnext.accounts.utils import get_fiscal_year
from erpnext.stock.get_item_details import get_conversion_factor
from frappe import _
from frappe.model.mapper import get_mapped_doc
from frappe.query_builder.functions import Sum
from frappe.utils import flt, getdate

from jxc_app import compat
from jxc_app.jxc_approvals.requests import latest_request
from jxc_app.rules import requisition as requisition_rules
from jxc_app.utils import arguments
from jxc_app.utils.closing import close_with_reason
from jxc_app.utils.locking import lock, locked_doc

REQUISITION_FIELD, REQUISITION_ITEM_FIELD = "jxc_purchase_requisition", "jxc_purchase_requisition_item"


class RequisitionValidationError(frappe.ValidationError):
	pass


class RequisitionNotOrderableError(frappe.ValidationError):
	pass


class OverOrderError(frappe.ValidationError):
	pass


def validate(doc):
	if not doc.department:
		doc.department = frappe.db.get_value(
			"Employee", {"user_id": doc.requester or frappe.session.user, "status": "Active"}, "department"
		)
	doc.currency = frappe.get_cached_value("Company", doc.company, "default_currency")
	if getdate(doc.required_by) < getdate(doc.transaction_date):
		frappe.throw(
			_("Required By cannot be before the requisition date."),
			title=_("Invalid Date"),
			exc=RequisitionValidationError,
		)
	for row in doc.items:
		if flt(row.qty) <= 0:
			frappe.throw(
				_("Row #{0}: Quantity must be greater than 0.").format(row.idx),
				title=_("Invalid Quantity"),
				exc=RequisitionValidationError,
			)
		if row.warehouse and frappe.get_cached_value("Warehouse", row.warehouse, "company") != doc.company:
			frappe.throw(
				_("Row #{0}: Warehouse {1} does not belong to company {2}.").format(
					row.idx, row.warehouse, doc.company
				),
				title=_("Invalid Warehouse"),
				exc=RequisitionValidationError,
			)
		row.uom = (
			row.uom
			or frappe.get_cached_value("Item", row.item_code, "purchase_uom")
			or frappe.get_cached_value("Item", row.item_code, "stock_uom")
		)
		row.conversion_factor = get_conversion_factor(row.item_code, row.uom).get("conversion_factor") or 1
		row.amount = flt(row.qty) * flt(row.estimated_rate)
		row.schedule_date = row.schedule_date or doc.required_by
		row.currency = doc.currency
	doc.estimated_total = sum(flt(row.amount) for row in doc.items)
	doc.status = _status(doc)


def validate_budget(doc):
	"""ERPNext's Material Request budget check, applied to the requisition when it is submitted.

	Budgets marked "Applicable on Material Request" count what is requested and ordered; a
	requisition is a request, so its open lines count too. The comparison, its Stop/Warn actions,
	monthly distribution and the company's budget exception approver role are ERPNext's own
	(``validate_budget_records``); only the budget lookup is ours, limited to those budgets (passing
	an amount to ERPNext's full check would add it to budgets that ignore requests)."""
	if not frappe.db.exists(
		"Budget", {"company": doc.company, "docstatus": 1, "applicable_on_material_request": 1}
	):
		return
	frappe.flags.exception_approver_role = frappe.get_cached_value(
		"Company", doc.company, "exception_budget_approver_role"
	)
	checks = []
	for row in doc.items:
		args = frappe._dict(
			doctype="Material Request",
			company=doc.company,
			item_code=row.item_code,
			posting_date=row.schedule_date or doc.required_by,
			cost_center=doc.cost_center,
			expense_account=doc.expense_account,
		)
		if not (args.cost_center and args.expense_account):
			cost_center, expense_account = erpnext_budget.get_item_details(args)
			args.cost_center = args.cost_center or cost_center
			args.expense_account = args.expense_account or expense_account
		if not (args.cost_center and args.expense_account):
			continue
		if frappe.get_cached_value("Account", args.expense_account, "root_type") != "Expense":
			continue
		args.update(
			account=args.expense_account,
			fiscal_year=get_fiscal_year(args.posting_date, company=doc.company)[0],
			budget_against_field="cost_center",
			budget_against_doctype="Cost Center",
			is_tree=True,
		)
		checks.append((row, args))

	# what this requisition asks of each account and cost center, all its lines together
	asked = defaultdict(float)
	for row, args in checks:
		asked[(args.account, args.cost_center)] += flt(row.amount)
	for _row, args in checks:
		for budget in _request_budgets(args):
			# ERPNext counts requests and orders over the fiscal years the budget spans
			args.update(from_fiscal_year=budget.from_fiscal_year, to_fiscal_year=budget.to_fiscal_year)
			requested = (
				asked[(args.account, args.cost_center)]
				+ _open_requisition_amount(args, budget.period_start, budget.period_end, exclude=doc.name)
				# ERPNext's own requests and orders (it counts them for the line's item)
				+ flt(erpnext_budget.get_requested_amount(args))
				+ flt(erpnext_budget.get_ordered_amount(args))
			)
			erpnext_budget.validate_budget_records(args, [budget], requested)


def _request_budgets(args) -> list[dict]:
	"""Submitted cost-center budgets on the account, for this cost center or a parent, that count requests."""
	query, budget = compat.budget_query(args.account, args.posting_date, args.fiscal_year)
	cost_center = frappe.qb.DocType("Cost Center")
	lft, rgt = frappe.get_cached_value("Cost Center", args.cost_center, ["lft", "rgt"])
	return (
		query.join(cost_center)
		.on(cost_center.name == budget.cost_center)
		.select(budget.cost_center.as_("budget_against"))
		.where(
			(budget.company == args.company)
			& (budget.budget_against == "Cost Center")
			& (budget.applicable_on_material_request == 1)
			& (cost_center.lft <= lft)
			& (cost_center.rgt >= rgt)
		)
		.run(as_dict=True)
	)


def _open_requisition_amount(args, start, end, exclude: str) -> float:
	"""What other approved requisitions still ask of this account and cost center from start to end."""
	requisition = frappe.qb.DocType("Purchase Requisition")
	line = frappe.qb.DocType("Purchase Requisition Item")
	rows = (
		frappe.qb.from_(line)
		.join(requisition)
		.on(requisition.name == line.parent)
		.select(line.qty, line.ordered_qty, line.estimated_rate)
		.where(
			(requisition.docstatus == 1)
			& (requisition.name != exclude)
			& (requisition.status.notin([requisition_rules.CLOSED, requisition_rules.ORDERED]))
			& (requisition.company == args.company)
			& (requisition.cost_center == args.cost_center)
			& (requisition.expense_account == args.expense_account)
			& (line.schedule_date[start:end])
		)
		.run(as_dict=True)
	)
	return sum(
		requisition_rules.remaining_qty(row.qty, row.ordered_qty) * flt(row.estimated_rate) for row in rows
	)


def _status(doc) -> str:
	request = latest_request(doc.doctype, doc.name)
	return requisition_rules.requisition_status(
		doc.docstatus,
		request and request.status,
		[{"qty": row.qty, "ordered_qty": row.ordered_qty} for row in doc.items],
		closed=doc.status == requisition_rules.CLOSED,
	)


def update_status(doc):
	lines = [{"qty": row.qty, "ordered_qty": row.ordered_qty} for row in doc.items]
	doc.db_set(
		{"status": _status(doc), "per_ordered": requisition_rules.per_ordered(lines)}, update_modified=False
	)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def close(name: str, reason: str) -> str:
	"""Close a submitted requisition (nothing more will be ordered from it); a reason is required."""
	doc = locked_doc("Purchase Requisition", name)  # an order submitted meanwhile is seen
	doc.check_permission("write")
	return close_with_reason(
		doc,
		reason,
		closable=doc.docstatus == 1
		and doc.status not in (requisition_rules.CLOSED, requisition_rules.ORDERED),
		refusal=_("Only an approved requisition that is not fully ordered can be closed."),
		reason_error=RequisitionValidationError,
		state_error=RequisitionNotOrderableError,
		closed=requisition_rules.CLOSED,
	)


def orderable_requisition(name: str, target_doctype: str):
	"""The requisition, if it may still be ordered from and the user may create ``target_doctype``."""
	requisition = frappe.get_doc("Purchase Requisition", name)
	requisition.check_permission("read")
	frappe.has_permission(target_doctype, "create", throw=True)
	if requisition.docstatus != 1 or requisition.status in (
		requisition_rules.CLOSED,
		requisition_rules.ORDERED,
	):
		frappe.throw(
			_("Purchase Requisition {0} is {1}: nothing can be ordered from it.").format(
				requisition.name, _(requisition.status)
			),
			title=_("Cannot Order"),
			exc=RequisitionNotOrderableError,
		)
	return requisition


def still_to_order(row) -> bool:
	return requisition_rules.remaining_qty(row.qty, row.ordered_qty) > 0


@frappe.whitelist()
@arguments.require_arguments
def make_request_for_quotation(source_name: str, target_doc=None):
	"""A draft Request for Quotation of the lines still to order, sent to their preferred suppliers."""
	arguments.check_target_doc(target_doc, "Request for Quotation")
	requisition = orderable_requisition(source_name, "Request for Quotation")

	def update_item(source, target, source_parent):
		target.qty = requisition_rules.remaining_qty(source.qty, source.ordered_qty)
		target.stock_qty = target.qty * flt(source.conversion_factor or 1)

	def set_missing_values(source, target):
		target.subject = (source.purpose or source.name)[:140]
		target.message_for_supplier = _("Please quote for the items below, needed by {0}.").format(
			frappe.format(source.required_by, {"fieldtype": "Date"})
		)
		for supplier in dict.fromkeys(
			row.preferred_supplier for row in source.items if row.preferred_supplier and still_to_order(row)
		):
			target.append("suppliers", {"supplier": supplier})
		target.run_method("set_missing_values")

	return get_mapped_doc(
		"Purchase Requisition",
		requisition.name,
		{
			"Purchase Requisition": {
				"doctype": "Request for Quotation",
				"field_no_map": ["status", "transaction_date"],
				"validation": {"docstatus": ["=", 1]},
			},
			"Purchase Requisition Item": {
				"doctype": "Request for Quotation Item",
				"field_map": {"parent": REQUISITION_FIELD, "name": REQUISITION_ITEM_FIELD},
				"field_no_map": ["ordered_qty"],
				"postprocess": update_item,
				"condition": still_to_order,
			},
		},
		target_doc,
		set_missing_values,
	)


@frappe.whitelist()
@arguments.require_arguments
def make_purchase_order(source_name: str, target_doc=None, supplier: str | None = None):
	"""A draft Purchase Order of the lines still to order (only ``supplier``'s preferred lines when given)."""
	arguments.check_target_doc(target_doc, "Purchase Order")
	if supplier:
		arguments.check_exists("Supplier", supplier)
	orderable_requisition(source_name, "Purchase Order")

	def update_item(source, target, source_parent):
		target.qty = requisition_rules.remaining_qty(source.qty, source.ordered_qty)
		target.stock_qty = target.qty * flt(source.conversion_factor or 1)
		target.rate = source.estimated_rate
		target.expense_account = source_parent.expense_account
		target.cost_center = source_parent.cost_center

	def line_wanted(row) -> bool:
		return still_to_order(row) and (
			not supplier or not row.preferred_supplier or row.preferred_supplier == supplier
		)

	def set_missing_values(source, target):
		if supplier:
			target.supplier = supplier
		# estimated rates are in the company's currency
		target.currency, target.conversion_rate = source.currency, 1
		target.run_method("set_missing_values")
		target.run_method("calculate_taxes_and_totals")

	return get_mapped_doc(
		"Purchase Requisition",
		source_name,
		{
			"Purchase Requisition": {
				"doctype": "Purchase Order",
				"field_map": {"required_by": "schedule_date"},
				"field_no_map": ["status", "transaction_date", "currency"],
				"validation": {"docstatus": ["=", 1]},
			},
			"Purchase Requisition Item": {
				"doctype": "Purchase Order Item",
				"field_map": {
					"parent": REQUISITION_FIELD,
					"name": REQUISITION_ITEM_FIELD,
					"schedule_date": "schedule_date",
					"uom": "uom",
					"conversion_factor": "conversion_factor",
				},
				"field_no_map": ["amount", "ordered_qty"],
				"postprocess": update_item,
				"condition": line_wanted,
			},
		},
		target_doc,
		set_missing_values,
	)


# --------------------------------------------------------------------------- Purchase Order side


def _ordered_elsewhere(line_names: list[str], exclude_order: str | None) -> dict[str, float]:
	"""Requisition line -> stock qty on submitted Purchase Orders (this transaction's snapshot)."""
	item = frappe.qb.DocType("Purchase Order Item")
	order = frappe.qb.DocType("Purchase Order")
	query = (
		frappe.qb.from_(item)
		.join(order)
		.on(order.name == item.parent)
		.select(item[REQUISITION_ITEM_FIELD], Sum(item.stock_qty))
		.where((item[REQUISITION_ITEM_FIELD].isin(line_names)) & (order.docstatus == 1))
		.groupby(item[REQUISITION_ITEM_FIELD])
	)
	if exclude_order:
		query = query.where(order.name != exclude_order)
	return {line: flt(qty) for line, qty in query.run()}


def _ordering(order) -> dict[str, float]:
	"""Requisition line -> stock qty the order's lines ask for."""
	ordering: dict[str, float] = {}
	for row in order.items:
		line = row.get(REQUISITION_ITEM_FIELD)
		if line:
			ordering[line] = ordering.get(line, 0) + flt(
				row.stock_qty or flt(row.qty) * flt(row.conversion_factor or 1)
			)
	return ordering


def _counted(order) -> dict[str, float]:
	"""What an order adds to its requisition lines' ordered quantities: its lines, while submitted."""
	return _ordering(order) if order and order.docstatus == 1 else {}


def _ordered_now(line_names) -> list[frappe._dict]:
	"""The requisition lines with the stock qty ordered on them (``ordered_stock_qty``), by a locking
	read; call it with their requisitions locked (``jxc_app.utils.locking``): it then sees what every
	order submitted so far committed. The count is kept by ``update_ordered_qty`` under the same lock.
	(Summing the orders' own lines instead would mean locking lines that orders being submitted at
	the same moment hold while they wait for the requisition: a deadlock.)"""
	lines = frappe.db.get_values(
		"Purchase Requisition Item",
		{"name": ("in", list(line_names))},
		["name", "parent", "idx", "qty", "conversion_factor", "ordered_qty"],
		as_dict=True,
		for_update=True,
	)
	for line in lines:
		line.ordered_stock_qty = flt(flt(line.ordered_qty) * flt(line.conversion_factor or 1), 6)
	return lines


def _lock_requisitions(line_names) -> None:
	parents = frappe.get_all(
		"Purchase Requisition Item", filters={"name": ("in", list(line_names))}, pluck="parent"
	)
	lock("Purchase Requisition", parents)


def validate_purchase_order(order):
	"""Refuse ordering more than a requisition line asked for (in stock units, across orders).

	On a draft this is advice, from the orders submitted so far. When the order is submitted (or a
	submitted order's quantities change) its requisitions are locked first: orders of the same
	requisition are checked one after the other, each against what the others committed."""
	ordering = _ordering(order)
	if not ordering:
		return
	submitting = order.docstatus == 1
	if submitting:
		_lock_requisitions(ordering)
		lines = _ordered_now(ordering)
		# a submitted order whose quantities change is counted already: only its new quantities count
		own = _counted(order.get_doc_before_save())
		already = {line.name: line.ordered_stock_qty - own.get(line.name, 0) for line in lines}
	else:
		lines = frappe.get_all(
			"Purchase Requisition Item",
			filters={"name": ("in", list(ordering))},
			fields=["name", "parent", "idx", "qty", "conversion_factor"],
		)
		already = _ordered_elsewhere(list(ordering), order.name if not order.is_new() else None)
	requested = {line.name: flt(line.qty) * flt(line.conversion_factor or 1) for line in lines}
	for line in lines:
		status = frappe.db.get_value(
			"Purchase Requisition", line.parent, ["docstatus", "status"], as_dict=True, for_update=submitting
		)
		if status.docstatus != 1 or status.status == requisition_rules.CLOSED:
			frappe.throw(
				_("Purchase Requisition {0} is not open for ordering.").format(line.parent),
				title=_("Cannot Order"),
				exc=RequisitionNotOrderableError,
			)
	excess = requisition_rules.over_ordered(requested, already, ordering)
	if excess:
		line = (
			next(line for line in lines if line.name in excess)
			if any(line.name in excess for line in lines)
			else None
		)
		frappe.throw(
			_(
				"Ordering more than requested: Purchase Requisition {0} row #{1} is exceeded by {2} (stock units)."
			).format(line.parent if line else "", line.idx if line else "", next(iter(excess.values()))),
			title=_("Over Ordering"),
			exc=OverOrderError,
		)


def validate_purchase_order_change(order):
	"""A submitted order's lines changed (ERPNext's Update Items): the same limit, if they changed."""
	if _ordering(order) != _counted(order.get_doc_before_save()):
		validate_purchase_order(order)


def update_ordered_qty(order):
	"""After a Purchase Order is submitted, cancelled or its quantities updated: each requisition
	line's ordered quantity (in the line's UOM) and each requisition's status. The order's difference
	is added to the count as committed now, its requisitions locked (see ``_ordered_now``)."""
	before = order.get_doc_before_save()
	now = _counted(order)
	then = _counted(before) if before else (_ordering(order) if order.docstatus == 2 else {})
	changed = {line for line in set(now) | set(then) if abs(now.get(line, 0) - then.get(line, 0)) > 0}
	if not changed:
		return
	_lock_requisitions(changed)
	parents = set()
	for line in _ordered_now(changed):
		ordered = max(0.0, line.ordered_stock_qty + now.get(line.name, 0) - then.get(line.name, 0))
		frappe.db.set_value(
			"Purchase Requisition Item",
			line.name,
			"ordered_qty",
			ordered / flt(line.conversion_factor or 1),
			update_modified=False,
		)
		parents.add(line.parent)
	for parent in parents:
		update_status(locked_doc("Purchase Requisition", parent))
