"""销售出库 on a Sales Order: stock shortfalls before delivery with where else the item is, a 调拨单
(Stock Transfer Order) for a shortfall in one click, and the order's 已发货 / 已开票 / 已收款 progress.

"Available" is ERPNext's ``Bin.actual_qty`` (on hand: what a Delivery Note may take now and what a
transfer may move), the same in the order's warehouse and in the others (``jxc_app.rules.delivery``).
What open 调拨单 to the order's warehouse still bring ("incoming") is netted out of the shortfall, so a
second click raises no duplicate transfer; ``make_transfer_order`` locks the order (and its warehouses)
and re-reads stock and transfers with locking reads, so two calls at once do not both raise one.
"""

import re

import frappe
from frappe import _
from frappe.query_builder.functions import Sum
from frappe.utils import flt

from jxc_app.jxc_inventory.transfer.constants import STOCK_TRANSFER_ORDER, STOCK_TRANSFER_ORDER_ITEM
from jxc_app.rules import delivery as rules
from jxc_app.utils import locking
from jxc_app.utils.arguments import check_exists, require_arguments

SALES_ORDER = "Sales Order"


class DeliveryShortfallError(frappe.ValidationError):
	"""A 调拨单 for a shortfall that cannot be made (nothing short, nothing at the source …)."""


def _readable_order(sales_order) -> "frappe.model.document.Document":
	"""The Sales Order (404 when missing), after the user's read permission on it (403)."""
	check_exists(SALES_ORDER, sales_order, "sales_order")
	doc = frappe.get_doc(SALES_ORDER, sales_order)
	doc.check_permission("read")
	return doc


def _stock(items: set[str], company: str) -> dict[tuple[str, str], float]:
	"""(item, warehouse) -> on-hand qty over the company's non-group, non-transit warehouses."""
	if not items:
		return {}
	bin_, warehouse = frappe.qb.DocType("Bin"), frappe.qb.DocType("Warehouse")
	rows = (
		frappe.qb.from_(bin_)
		.join(warehouse)
		.on(warehouse.name == bin_.warehouse)
		.select(bin_.item_code, bin_.warehouse, bin_.actual_qty)
		.where(
			bin_.item_code.isin(sorted(items))
			& (warehouse.company == company)
			& (warehouse.is_group == 0)
			& (warehouse.disabled == 0)
			& ((warehouse.warehouse_type.isnull()) | (warehouse.warehouse_type != "Transit"))
		)
	).run()
	return {(item, wh): flt(qty) for item, wh, qty in rows}


def _incoming(items: set[str], warehouses: set[str], lock: bool = False) -> tuple[dict, dict]:
	"""What open 调拨单 still bring to these warehouses: (item, warehouse) -> qty, and -> the transfers'
	names. ``lock``: a locking read (what is committed now, the rows locked until the transaction ends)."""
	if not items or not warehouses:
		return {}, {}
	order, line = frappe.qb.DocType(STOCK_TRANSFER_ORDER), frappe.qb.DocType(STOCK_TRANSFER_ORDER_ITEM)
	query = (
		frappe.qb.from_(line)
		.join(order)
		.on(order.name == line.parent)
		.select(
			order.name,
			order.status,
			order.to_warehouse,
			line.item_code,
			line.stock_qty,
			line.dispatched_qty,
			line.in_transit_qty,
			line.shortage_qty,
		)
		.where(
			(line.parenttype == STOCK_TRANSFER_ORDER)
			& (order.docstatus < 2)
			& order.status.isin(rules.OPEN_TRANSFER_STATUSES)
			& order.to_warehouse.isin(sorted(warehouses))
			& line.item_code.isin(sorted(items))
		)
		.orderby(order.name)
	)
	if lock:
		query = query.for_update()
	qty: dict[tuple[str, str], float] = {}
	names: dict[tuple[str, str], list[str]] = {}
	for row in query.run(as_dict=True):
		coming = rules.transfer_incoming_qty(
			row.status, row.stock_qty, row.dispatched_qty, row.in_transit_qty, row.shortage_qty
		)
		if coming <= rules.QTY_TOLERANCE:
			continue
		key = (row.item_code, row.to_warehouse)
		qty[key] = qty.get(key, 0.0) + coming
		if row.name not in names.setdefault(key, []):
			names[key].append(row.name)
	return qty, names


def _short_lines(doc, lock: bool = False) -> tuple[list[dict], dict[tuple[str, str], float], dict]:
	"""The order's undelivered stock lines with their shortfall net of what open transfers bring, the
	stock they were read from, and (item, warehouse) -> the open transfers bringing it."""
	lines = []
	for row in doc.items:
		if row.delivered_by_supplier or not row.warehouse:
			continue
		if not frappe.get_cached_value("Item", row.item_code, "is_stock_item"):
			continue
		lines.append(
			{
				"name": row.name,
				"idx": row.idx,
				"item_code": row.item_code,
				"item_name": row.item_name,
				"warehouse": row.warehouse,
				"uom": row.uom,
				"stock_uom": row.stock_uom,
				"conversion_factor": flt(row.conversion_factor) or 1,
				"pending": rules.pending_stock_qty(row.qty, row.delivered_qty, row.conversion_factor),
			}
		)
	items = {line["item_code"] for line in lines}
	stock = _stock(items, doc.company)
	incoming, transfers = _incoming(items, {line["warehouse"] for line in lines}, lock=lock)
	return rules.shortfalls(lines, stock, incoming), stock, transfers


@frappe.whitelist(methods=["GET"])
@require_arguments
def get_shortfalls(sales_order: str) -> dict:
	"""Per undelivered stock line of the order (stock units): ``required``, ``available`` (on hand in
	its warehouse, shared by earlier lines of the item there), ``incoming`` (what open 调拨单 still
	bring there, shared likewise) with ``incoming_transfers`` (their names, for users who may read
	them), ``shortfall`` (required − on hand − incoming) and ``alternatives`` (the company's other
	warehouses holding the item, most first)."""
	doc = _readable_order(sales_order)
	lines, stock, transfers = _short_lines(doc)
	may_read_transfers = frappe.has_permission(STOCK_TRANSFER_ORDER, "read")
	for line in lines:
		line.pop("pending", None)
		line["alternatives"] = rules.alternatives(line["item_code"], line["warehouse"], stock)
		key = (line["item_code"], line["warehouse"])
		line["incoming_transfers"] = transfers.get(key, []) if may_read_transfers else []
	return {
		"sales_order": doc.name,
		"company": doc.company,
		"lines": lines,
		"has_shortfall": any(line["shortfall"] > rules.QTY_TOLERANCE for line in lines),
		"transfer_orders": _transfer_orders(doc.name),
	}


def _transfer_orders(sales_order: str) -> list[dict]:
	"""The open 调拨单 already raised for the order (named in their reason), newest first."""
	if not frappe.has_permission(STOCK_TRANSFER_ORDER, "read"):
		return []
	rows = frappe.get_list(
		STOCK_TRANSFER_ORDER,
		filters={"reason": ("like", f"%{sales_order}%"), "docstatus": ("<", 2)},
		fields=["name", "status", "from_warehouse", "to_warehouse", "total_qty", "reason"],
		order_by="creation desc",
		limit=20,
	)
	# the name itself, not a longer one that starts with it (SO-0001 in SO-00012)
	named = re.compile(re.escape(sales_order) + r"(?![\w-])")
	return [row for row in rows if named.search(row.pop("reason") or "")]


def _refuse(message: str, exc=DeliveryShortfallError, title: str | None = None):
	frappe.throw(message, title=title or _("Cannot Make Transfer"), exc=exc)


def _transit_warehouse(company: str) -> str | None:
	"""The company's Default In-Transit Warehouse, else its oldest transit warehouse."""
	default = frappe.get_cached_value("Company", company, "default_in_transit_warehouse")
	if default:
		return default
	found = frappe.get_all(
		"Warehouse",
		filters={"company": company, "warehouse_type": "Transit", "is_group": 0, "disabled": 0},
		order_by="creation asc",
		pluck="name",
		limit=1,
	)
	return found[0] if found else None


@frappe.whitelist(methods=["POST"])
@require_arguments
def make_transfer_order(sales_order: str, from_warehouse: str, to_warehouse: str | None = None) -> str:
	"""A draft 调拨单 from ``from_warehouse`` to the order's short warehouse (``to_warehouse``, needed
	only when the order is short in several) for each short item, capped at what the source holds;
	its reason names the order. Returns the Stock Transfer Order's name."""
	doc = _readable_order(sales_order)
	frappe.has_permission(STOCK_TRANSFER_ORDER, "create", throw=True)
	check_exists("Warehouse", from_warehouse, "from_warehouse")
	if to_warehouse is not None and to_warehouse != "":
		check_exists("Warehouse", to_warehouse, "to_warehouse")
	source = frappe.get_cached_value("Warehouse", from_warehouse, ["company", "is_group"], as_dict=True)
	if source.company != doc.company:
		_refuse(
			_("Warehouse {0} belongs to company {1}, not to {2} of Sales Order {3}.").format(
				from_warehouse, source.company, doc.company, doc.name
			),
			title=_("Invalid Warehouse"),
		)
	if source.is_group:
		_refuse(
			_("Warehouse {0} is a group warehouse: choose one that holds stock.").format(from_warehouse),
			title=_("Invalid Warehouse"),
		)
	# two calls at once queue on the order (and on its warehouses, for orders sharing one); what they
	# check is re-read by locking reads, which see a transfer the other call has just committed
	doc = locking.locked_doc(SALES_ORDER, doc.name)
	if doc.docstatus != 1:
		_refuse(_("Sales Order {0} is not submitted.").format(doc.name))
	locking.lock("Warehouse", {row.warehouse for row in doc.items if row.warehouse})
	lines, stock, _transfers = _short_lines(doc, lock=True)
	short = [line for line in lines if line["shortfall"] > rules.QTY_TOLERANCE]
	if not short:
		if any(line["incoming"] > rules.QTY_TOLERANCE for line in lines):
			_refuse(
				_(
					"Sales Order {0} has no stock shortfall left: open Stock Transfer Orders already bring what is missing."
				).format(doc.name),
				title=_("No Shortfall"),
			)
		_refuse(_("Sales Order {0} has no stock shortfall.").format(doc.name), title=_("No Shortfall"))
	targets = sorted({line["warehouse"] for line in short})
	target = to_warehouse or (targets[0] if len(targets) == 1 else None)
	if not target:
		_refuse(
			_("Sales Order {0} is short in several warehouses ({1}): choose the one to transfer to.").format(
				doc.name, ", ".join(targets)
			)
		)
	if target not in targets:
		_refuse(_("Sales Order {0} has no shortfall in warehouse {1}.").format(doc.name, target))
	if target == from_warehouse:
		_refuse(
			_("The transfer must come from another warehouse than {0}, where the goods are short.").format(
				target
			),
			title=_("Invalid Warehouse"),
		)
	short = [line for line in short if line["warehouse"] == target]
	source_stock = {item: qty for (item, wh), qty in stock.items() if wh == from_warehouse}
	try:
		rows = rules.transfer_lines(short, source_stock)
	except rules.DeliveryRuleError:
		rows = []
	if not rows:
		_refuse(
			_("Warehouse {0} has none of the items short on Sales Order {1}.").format(
				from_warehouse, doc.name
			),
			title=_("Nothing Available"),
		)
	transit = _transit_warehouse(doc.company)
	order = frappe.get_doc(
		{
			"doctype": STOCK_TRANSFER_ORDER,
			"company": doc.company,
			"from_warehouse": from_warehouse,
			"to_warehouse": target,
			"transit_warehouse": transit,
			"required_date": doc.delivery_date
			if doc.delivery_date and str(doc.delivery_date) >= frappe.utils.nowdate()
			else None,
			"reason": _("Stock shortfall of Sales Order {0} ({1})").format(doc.name, doc.customer_name),
			"items": [{"item_code": row["item_code"], "qty": row["qty"]} for row in rows],
		}
	)
	order.insert()
	return order.name


# ------------------------------------------------------------------------------------- progress


def _paid_amount(doc) -> float:
	"""Advances against the order still allocated to it, plus the order's share of what its invoices
	have been paid (an advance later allocated to an invoice moves from the order to the invoice in
	ERPNext's Payment Entry references, so it is counted once)."""
	reference = frappe.qb.DocType("Payment Entry Reference")
	entry = frappe.qb.DocType("Payment Entry")
	(advance,) = (
		frappe.qb.from_(reference)
		.join(entry)
		.on(entry.name == reference.parent)
		.select(Sum(reference.allocated_amount))
		.where(
			(reference.reference_doctype == SALES_ORDER)
			& (reference.reference_name == doc.name)
			& (entry.docstatus == 1)
		)
	).run()[0]
	invoice_item = frappe.qb.DocType("Sales Invoice Item")
	invoice = frappe.qb.DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(invoice_item)
		.join(invoice)
		.on(invoice.name == invoice_item.parent)
		.select(
			invoice.name,
			invoice.grand_total,
			invoice.rounded_total,
			invoice.outstanding_amount,
			invoice.net_total,
			Sum(invoice_item.net_amount),
		)
		.where((invoice_item.sales_order == doc.name) & (invoice.docstatus == 1) & (invoice.is_return == 0))
		.groupby(invoice.name)
	).run()
	paid = flt(advance)
	for _name, grand_total, rounded_total, outstanding, net_total, order_amount in rows:
		paid += rules.invoice_paid_share(
			flt(rounded_total) or flt(grand_total), outstanding, order_amount, net_total
		)
	return paid


@frappe.whitelist(methods=["GET"])
@require_arguments
def get_order_progress(sales_order: str) -> dict:
	"""已发货 / 已开票 / 已收款 of the order: amounts (order currency) and percentages. Delivered and
	invoiced are ERPNext's ``per_delivered`` / ``per_billed``; paid is of the grand total."""
	doc = _readable_order(sales_order)
	progress = rules.order_progress(
		flt(doc.rounded_total) or flt(doc.grand_total),
		sum(flt(row.delivered_qty) * flt(row.rate) for row in doc.items),
		sum(flt(row.billed_amt) for row in doc.items),
		_paid_amount(doc) if doc.docstatus == 1 else 0,
		per_delivered=flt(doc.per_delivered),
		per_billed=flt(doc.per_billed),
	)
	progress.update(sales_order=doc.name, currency=doc.currency, docstatus=doc.docstatus)
	return progress
