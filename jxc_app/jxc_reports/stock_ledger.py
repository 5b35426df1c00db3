"""The stock ledger as the 进销存 reports read it: ERPNext's Stock Ledger Entries with what the
business-type rule (``jxc_app.rules.stock_movement``) needs from their vouchers, and each row's real
quantity change. Shared by 进销存汇总表 and 出入库明细 so both always agree.
"""

from collections.abc import Iterator

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate
from frappe.utils.nestedset import get_descendants_of

from jxc_app.rules import stock_movement
from jxc_app.utils import arguments

RETURNABLE_VOUCHERS = (
	"Purchase Receipt",
	"Purchase Invoice",
	"Delivery Note",
	"Sales Invoice",
	"POS Invoice",
)
PARTY_FIELD = {
	"Purchase Receipt": "supplier",
	"Purchase Invoice": "supplier",
	"Subcontracting Receipt": "supplier",
	"Delivery Note": "customer",
	"Sales Invoice": "customer",
	"POS Invoice": "customer",
}
INTERNAL_PARTY = {
	"Delivery Note": "is_internal_customer",
	"Sales Invoice": "is_internal_customer",
	"Purchase Receipt": "is_internal_supplier",
	"Purchase Invoice": "is_internal_supplier",
}


class StockReportFilterError(frappe.ValidationError):
	pass


def validate_filters(filters, choices: dict | None = None) -> frappe._dict:
	"""The filters both reports share, each of its kind (and the report's own ``choices``)."""
	filters = arguments.report_filters(
		filters,
		text=("company", "item_group", "item_code", "brand"),
		text_lists=("warehouse",),
		dates=("from_date", "to_date"),
		choices=choices,
	)
	if not filters.company:
		frappe.throw(_("Please select a company."), title=_("Company Required"), exc=StockReportFilterError)
	frappe.has_permission("Company", "read", doc=filters.company, throw=True)
	if not (filters.from_date and filters.to_date):
		frappe.throw(_("Please set the date range."), title=_("Dates Required"), exc=StockReportFilterError)
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(
			_("From Date must be before To Date."), title=_("Invalid Date Range"), exc=StockReportFilterError
		)
	# trees are walked from these
	for warehouse in filters.get("warehouse") or ():
		arguments.check_exists("Warehouse", warehouse)
	if filters.get("item_group"):
		arguments.check_exists("Item Group", filters.item_group)
	return filters


def permitted_warehouses(filters) -> list[str]:
	"""The chosen warehouses (a group stands for its leaves), within what the user may see."""
	permitted = set(
		frappe.get_list(
			"Warehouse",
			filters={"company": filters.company, "is_group": 0},
			pluck="name",
			limit_page_length=0,
		)
	)
	chosen = filters.get("warehouse") or []
	if isinstance(chosen, str):
		chosen = [chosen]
	if not chosen:
		return sorted(permitted)
	wanted = set()
	for warehouse in chosen:
		wanted.add(warehouse)
		wanted.update(get_descendants_of("Warehouse", warehouse, ignore_permissions=True))
	return sorted(wanted & permitted)


def _voucher_details(rows: list[dict], company: str) -> dict[tuple[str, str], dict]:
	"""(voucher type, voucher no) -> purpose / is_return / is_opening / is_internal_transfer, and
	the party (``party_type``, ``party``) when the voucher has one."""
	by_type: dict[str, set] = {}
	for row in rows:
		by_type.setdefault(row.voucher_type, set()).add(row.voucher_no)
	details = {}
	for voucher_type, names in by_type.items():
		fields = ["name"]
		if voucher_type == "Stock Entry":
			fields += ["purpose", "is_opening"]
		elif voucher_type == "Stock Reconciliation":
			fields += ["purpose"]
		if voucher_type in RETURNABLE_VOUCHERS or voucher_type == "Subcontracting Receipt":
			fields += ["is_return"]
		if voucher_type in INTERNAL_PARTY:
			fields += [INTERNAL_PARTY[voucher_type], "represents_company"]
		if voucher_type in PARTY_FIELD:
			fields += [PARTY_FIELD[voucher_type]]
		if len(fields) == 1:
			continue
		names = list(names)
		for start in range(0, len(names), 1000):
			for voucher in frappe.get_all(
				voucher_type, filters={"name": ("in", names[start : start + 1000])}, fields=fields
			):
				internal_flag = INTERNAL_PARTY.get(voucher_type)
				party_field = PARTY_FIELD.get(voucher_type)
				details[(voucher_type, voucher.name)] = {
					"party_type": frappe.unscrub(party_field) if party_field else None,
					"party": voucher.get(party_field) if party_field else None,
					"purpose": voucher.get("purpose"),
					"is_return": voucher.get("is_return"),
					"is_opening": voucher.get("is_opening"),
					"is_internal_transfer": bool(
						internal_flag and voucher.get(internal_flag) and voucher.represents_company == company
					),
				}
	return details


def previous_balance(item_code: str, warehouse: str, before) -> float:
	"""The quantity of an item in a warehouse at the start of ``before`` (a date)."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	row = (
		frappe.qb.from_(sle)
		.select(sle.qty_after_transaction)
		.where(
			(sle.item_code == item_code)
			& (sle.warehouse == warehouse)
			& (sle.is_cancelled == 0)
			& (sle.posting_date < before)
		)
		.orderby(sle.posting_datetime, order=frappe.qb.desc)
		.orderby(sle.creation, order=frappe.qb.desc)
		.limit(1)
	).run()
	return flt(row[0][0]) if row else 0.0


def classify_rows(
	rows: list[dict], company: str, window_start=None, classify_from=None, seed=None
) -> Iterator[dict]:
	"""Give ``rows`` (ordered by item, warehouse, then time) their ``qty_change``, and those posted
	from ``classify_from`` on their ``business_type`` and party.

	``window_start``: the rows start at that date, not at the first entry of each item and
	warehouse; a Stock Reconciliation row opening a pair then needs the balance before it, read on
	demand (other rows carry their change in ``actual_qty``): from ``seed(item, warehouse)`` when the
	caller knows it, else from the ledger."""
	classify_from = getdate(classify_from) if classify_from else None
	details = _voucher_details(
		[row for row in rows if classify_from is None or row.posting_date >= classify_from], company
	)
	previous_key, balance = None, None
	for row in rows:
		key = (row.item_code, row.warehouse)
		if key != previous_key:
			previous_key, balance = key, (None if window_start else 0.0)
		if row.voucher_type == "Stock Reconciliation" and balance is None:
			balance = (
				seed(row.item_code, row.warehouse)
				if seed
				else previous_balance(row.item_code, row.warehouse, window_start)
			)
		row.qty_change = stock_movement.ledger_qty_change(
			row.voucher_type, row.actual_qty, row.qty_after_transaction, balance or 0.0
		)
		balance = flt(row.qty_after_transaction)
		if classify_from is None or row.posting_date >= classify_from:
			voucher = dict(details.get((row.voucher_type, row.voucher_no), {}))
			row.party_type, row.party = voucher.pop("party_type", None), voucher.pop("party", None)
			row.business_type = stock_movement.classify(
				row.voucher_type, row.actual_qty, qty_change=row.qty_change, **voucher
			)
		yield row


def item_conditions(query, filters, item):
	"""The report's item filters (item, item group with its descendants, brand) on the Item table."""
	if filters.get("item_code"):
		query = query.where(item.name == filters.item_code)
	if filters.get("item_group"):
		groups = [
			filters.item_group,
			*get_descendants_of("Item Group", filters.item_group, ignore_permissions=True),
		]
		query = query.where(item.item_group.isin(groups))
	if filters.get("brand"):
		query = query.where(item.brand == filters.brand)
	return query


def ledger_query(company: str, from_date=None):
	"""A company's ledger rows (not cancelled) with what ``classify_rows`` reads, in the order it reads
	them (item, warehouse, then time), posted from ``from_date`` on (None: all); callers add their own
	conditions. Returns the query and its Stock Ledger Entry table."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	query = (
		frappe.qb.from_(sle)
		.select(
			sle.item_code,
			sle.warehouse,
			sle.posting_date,
			sle.voucher_type,
			sle.voucher_no,
			sle.actual_qty,
			sle.qty_after_transaction,
			sle.stock_value_difference,
		)
		.where((sle.company == company) & (sle.is_cancelled == 0))
		.orderby(sle.item_code, sle.warehouse, sle.posting_datetime, sle.creation)
	)
	if from_date:
		# on posting_datetime, which ERPNext indexes (posting_date is not)
		query = query.where(sle.posting_datetime >= getdate(from_date))
	return query, sle


def ledger_rows(
	filters, extra_fields=(), warehouses=None, from_date=None, to_date=None, seed=None, items=None
) -> Iterator[dict]:
	"""The ledger rows for the filters, oldest first per item and warehouse, with ``qty_change`` (their
	real quantity change) and, from ``filters.from_date`` on, ``business_type``. Rows from
	``from_date`` (default: the first) to ``to_date`` (default ``filters.to_date``), of ``items``
	only when given."""
	item = frappe.qb.DocType("Item")
	if warehouses is None:
		warehouses = permitted_warehouses(filters)
	if not warehouses:
		return
	query, sle = ledger_query(filters.company, from_date)
	query = (
		query.join(item)
		.on(item.name == sle.item_code)
		.select(item.item_name, item.item_group, item.stock_uom, *[sle[field] for field in extra_fields])
		.where(
			(sle.docstatus < 2)
			& (sle.posting_datetime < add_days(to_date or filters.to_date, 1))
			& (sle.warehouse.isin(warehouses))
		)
	)
	query = item_conditions(query, filters, item)
	if items is not None:
		if not items:
			return
		query = query.where(sle.item_code.isin(items))
	yield from classify_rows(
		query.run(as_dict=True),
		filters.company,
		window_start=from_date,
		classify_from=max(getdate(filters.from_date), getdate(from_date or filters.from_date)),
		seed=seed,
	)
