"""Book quantities (Bin, the stock ledger, valuation) through ERPNext's whitelisted methods.

ERPNext answers these to any desk user. Through ``override_whitelisted_methods`` (hooks.py):

- the item dashboard (the Item form's stock levels, the Stock Summary page) answers nothing to a user
  who may not read Bin;
- the others refuse a 盘点员 (Stocktake Counter) who may not read Bin, so a blind count stays blind;
  everyone else gets ERPNext's answer unchanged.

Each wrapper takes ERPNext's arguments as they come and hands them on.
"""

import inspect

import frappe
from frappe import _

from jxc_app.jxc_inventory.stocktake.permissions import COUNTER_ROLE
from jxc_app.utils import arguments

# what ERPNext's Stock Summary and Warehouse Capacity Summary pages sort by (ERPNext pastes the sort
# into the query, or sorts its rows by that key)
ITEM_DASHBOARD_SORTS = (
	"projected_qty",
	"reserved_qty",
	"reserved_qty_for_production",
	"reserved_qty_for_sub_contract",
	"actual_qty",
	"valuation_rate",
	"item_code",
	"warehouse",
)
CAPACITY_SORTS = ("stock_capacity", "percent_occupied", "actual_qty", "item_code", "warehouse")


def may_read_book() -> bool:
	return frappe.has_permission("Bin", "read")


def _counter_may_not():
	if COUNTER_ROLE in frappe.get_roles() and not may_read_book():
		frappe.throw(
			_("A stocktake counter may not read book quantities."),
			title=_("Not Permitted"),
			exc=frappe.PermissionError,
		)


def _erpnext(erpnext_method: str, kwargs: dict):
	"""ERPNext's method with the arguments it takes (as ``frappe.call`` hands them: never
	``ignore_permissions`` or ``flags``); one not given at all is a 417, not ERPNext's 500."""
	_counter_may_not()
	method = frappe.get_attr(erpnext_method)
	parameters = inspect.signature(method).parameters
	if "args" in parameters and isinstance(kwargs.get("args"), str):
		kwargs = {**kwargs, "args": arguments.parse_dict(kwargs["args"], "args")}  # ERPNext: a JSON object
	missing = [
		name
		for name, parameter in parameters.items()
		if parameter.default is parameter.empty
		and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
		and name not in kwargs
	]
	if missing:
		frappe.throw(
			_("Missing argument: {0}.").format(", ".join(missing)),
			title=_("Invalid Argument"),
			exc=arguments.InvalidArgumentError,
		)
	return frappe.call(method, **kwargs)


def _paged(kwargs: dict, sorts: tuple[str, ...]) -> dict:
	"""A dashboard's paging and sorting as ERPNext's pages send them; anything else is a 417."""
	kwargs = dict(kwargs)
	if kwargs.get("start") not in (None, ""):
		kwargs["start"] = arguments.parse_number(kwargs["start"], "start", minimum=0, integer=True)
	if kwargs.get("sort_by") not in (None, ""):
		arguments.parse_choice(kwargs["sort_by"], "sort_by", sorts)
	if kwargs.get("sort_order") not in (None, ""):
		arguments.parse_choice(kwargs["sort_order"], "sort_order", ("asc", "desc"))
	return kwargs


@frappe.whitelist()
def item_dashboard_data(**kwargs) -> list:
	kwargs = _paged(kwargs, ITEM_DASHBOARD_SORTS)
	if not may_read_book():
		return []
	return frappe.call("erpnext.stock.dashboard.item_dashboard.get_data", **kwargs)


@frappe.whitelist()
def warehouse_capacity_data(**kwargs) -> list:
	kwargs = _paged(kwargs, CAPACITY_SORTS)
	if not may_read_book():
		return []
	return frappe.call("erpnext.stock.dashboard.warehouse_capacity_dashboard.get_data", **kwargs)


@frappe.whitelist()
def get_stock_balance(**kwargs):
	return _erpnext("erpnext.stock.utils.get_stock_balance", kwargs)


@frappe.whitelist()
def get_latest_stock_qty(**kwargs):
	return _erpnext("erpnext.stock.utils.get_latest_stock_qty", kwargs)


@frappe.whitelist()
def get_incoming_rate(**kwargs):
	return _erpnext("erpnext.stock.utils.get_incoming_rate", kwargs)


@frappe.whitelist()
def get_item_details(**kwargs):
	return _erpnext("erpnext.stock.get_item_details.get_item_details", kwargs)


@frappe.whitelist()
def get_bin_details(**kwargs):
	return _erpnext("erpnext.stock.get_item_details.get_bin_details", kwargs)


@frappe.whitelist()
def get_projected_qty(**kwargs):
	return _erpnext("erpnext.stock.get_item_details.get_projected_qty", kwargs)


@frappe.whitelist()
def get_item_batch_qty(**kwargs):
	return _erpnext("erpnext.stock.get_item_details.get_batch_qty", kwargs)


@frappe.whitelist()
def get_valuation_rate(**kwargs):
	return _erpnext("erpnext.stock.get_item_details.get_valuation_rate", kwargs)


@frappe.whitelist()
def get_batch_qty(**kwargs):
	return _erpnext("erpnext.stock.doctype.batch.batch.get_batch_qty", kwargs)


@frappe.whitelist()
def get_stock_balance_for(**kwargs):
	return _erpnext(
		"erpnext.stock.doctype.stock_reconciliation.stock_reconciliation.get_stock_balance_for", kwargs
	)


@frappe.whitelist()
def stock_reconciliation_items(**kwargs):
	return _erpnext("erpnext.stock.doctype.stock_reconciliation.stock_reconciliation.get_items", kwargs)


@frappe.whitelist()
def quick_stock_balance(**kwargs):
	return _erpnext(
		"erpnext.stock.doctype.quick_stock_balance.quick_stock_balance.get_stock_item_details", kwargs
	)


@frappe.whitelist()
def pick_list_item_details(**kwargs):
	return _erpnext("erpnext.stock.doctype.pick_list.pick_list.get_item_details", kwargs)


@frappe.whitelist()
def get_stock_availability(**kwargs):
	return _erpnext("erpnext.accounts.doctype.pos_invoice.pos_invoice.get_stock_availability", kwargs)
