"""Malformed calls over real HTTP to every whitelisted method and Script Report of jxc_app.

Each probe (one row of ``PROBES``) is a call a careless client or a prober could make: arguments
missing, of the wrong type, garbage, "not json", an object where a list is expected, an empty list,
names and DocTypes that do not exist, negative, huge and non-finite numbers, impossible dates, and
GET on a method that writes (with arguments that would otherwise succeed). Each must answer 4xx —
never 5xx — with a readable message, and write nothing: no row made or changed by the calling user
in the tables a method could touch (ledger, GL, entries, approvals, ToDos, versions, comments…), and
the records the probes aim at unchanged.

The calls are made as one API user with broad roles (System, Stock, Purchase and Accounts Manager)
so that permission checks pass and the argument handling is what answers. A summary (calls, 5xx,
rows written) is printed at the end of the module.

Not probed here: Frappe's own endpoints' handling of their own arguments (e.g. ``run_doc_method``
with an unknown method name answers 500 from Frappe before any of our code runs).

Long on purpose: ``PROBES`` is one table with a row per call, read best in one place, and a test fails
when a whitelisted method or report has no row in it."""

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import frappe
import pytest
import requests
from frappe.utils import add_days, nowdate

from benchmarks.common import submitted_transfer_order
from jxc_app.jxc_approvals import requests as approval_requests
from jxc_app.jxc_inventory.stocktake import snapshot
from jxc_app.jxc_inventory.transfer import api as transfer_api
from jxc_app.jxc_purchasing import comparison
from tests.integration.alert_probes import alert_probes
from tests.integration.factories import (
	CompanyFactory,
	ItemFactory,
	PurchaseOrderFactory,
	SupplierFactory,
	WarehouseFactory,
	api_user,
	material_receipt,
	remove_stock_records,
)
from tests.integration.party_statement_probes import party_statement_probes
from tests.integration.purchase_return_probes import purchase_return_probes
from tests.integration.quotation_probes import quotation_probes
from tests.integration.sales_delivery_probes import sales_delivery_probes
from tests.integration.sales_ranking_probes import sales_ranking_probes
from tests.integration.sales_return_probes import sales_return_probes

T = "jxc_app.jxc_inventory.transfer.api"
S = "jxc_app.jxc_inventory.stocktake"
E = "jxc_app.jxc_approvals.actions"
API = "jxc_app.jxc_approvals.api"
R = "jxc_app.jxc_purchasing.requisition"
C = "jxc_app.jxc_purchasing.comparison"
REPLENISH = "jxc_app.jxc_purchasing.replenishment.raise_low_stock_requisitions"
REBUILD = "jxc_app.jxc_reports.period_balance.rebuild_period_balances"
REFILL = "jxc_app.utils.pinyin_search.refill_pinyin_initials"
REFRESH = (
	"jxc_app.jxc_purchasing.doctype.supplier_quotation_comparison.supplier_quotation_comparison."
	"SupplierQuotationComparison.refresh_quotes"
)
RUN_REPORT = "frappe.desk.query_report.run"
RUN_OURS = "jxc_app.utils.arguments.run_report"  # RUN_REPORT, overridden in hooks
RUN_DOC_METHOD = "run_doc_method"

INVALID = "InvalidArgumentError"
NOT_FOUND = "DoesNotExistError"
TYPE = "FrappeTypeError"
NOT_PERMITTED = "PermissionError"
NOPE = "无此记录-no-such-record"
# a company of its own: approval rules other tests make for theirs do not reach the probes' records
PROBE_COMPANY, PROBE_ABBR = "_JXC探针公司", "_JXCP"

# tables a whitelisted method could write to; rows the probe user made or last changed are counted
WATCHED = (
	"Stock Entry",
	"Stock Entry Detail",
	"Stock Ledger Entry",
	"GL Entry",
	"Repost Item Valuation",
	"Stock Reconciliation",
	"Stock Transfer Order",
	"Stock Transfer Variance",
	"Stocktake",
	"Stocktake Line",
	"Stocktake Count Entry",
	"Approval Request",
	"ToDo",
	"DocShare",
	"Version",
	"Comment",
	"Communication",
	"Email Queue",
	"Purchase Requisition",
	"Purchase Order",
	"Request for Quotation",
	"Supplier Quotation Comparison",
	"Material Request",
	"JXC Stock Period Balance",
	"File",
)


@dataclass(frozen=True)
class Probe:
	id: str
	covers: str  # the whitelisted method's dotted path, or "report:<name>"
	args: Callable[[frappe._dict], dict]
	verb: str = "POST"
	body: str = "form"  # "form": as the desk sends (lists and dicts as JSON); "json": a JSON body
	exc: tuple[str, ...] = ()  # the exception types (any of) the answer must name, when we know it
	endpoint: str = ""  # default: /api/method/<covers>
	marks: tuple = field(default=())


def _method(path: str, probe_id: str, args, **options) -> Probe:
	return Probe(id=probe_id, covers=path, args=args, **options)


def _report(report: str, probe_id: str, filters, **options) -> Probe:
	"""``filters``: a function of the world giving the filters (a dict, sent as JSON) or a raw string."""

	def args(w):
		value = filters(w) if callable(filters) else filters
		return {"report_name": report, "filters": value if isinstance(value, str) else json.dumps(value)}

	return Probe(
		id=probe_id, covers=f"report:{report}", args=args, verb="GET", endpoint=RUN_REPORT, **options
	)


SMOKE = (pytest.mark.smoke,)


def _transfer_probes() -> list[Probe]:
	dispatch, receive, resolve, close = (
		f"{T}.{m}" for m in ("dispatch", "receive", "resolve_shortage", "close")
	)

	def rows(w, **values):
		return json.dumps([{"line": w.line, **values}])

	return [
		_method(dispatch, "dispatch: no arguments", lambda w: {}, exc=(INVALID,), marks=SMOKE),
		_method(dispatch, "dispatch: name empty", lambda w: {"name": ""}, exc=(INVALID,)),
		_method(dispatch, "dispatch: order does not exist", lambda w: {"name": NOPE}, exc=(NOT_FOUND,)),
		_method(
			dispatch,
			"dispatch: items not json",
			lambda w: {"name": w.order, "items": "not json"},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: items {} (an object, not a list)",
			lambda w: {"name": w.order, "items": "{}"},
			exc=(INVALID,),
			marks=SMOKE,
		),
		_method(
			dispatch,
			"dispatch: items []",
			lambda w: {"name": w.order, "items": "[]"},
			exc=(INVALID,),
			marks=SMOKE,
		),
		_method(
			dispatch,
			"dispatch: items [] in a JSON body",
			lambda w: {"name": w.order, "items": []},
			body="json",
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: items {} in a JSON body",
			lambda w: {"name": w.order, "items": {}},
			body="json",
			exc=(TYPE,),
		),
		_method(
			dispatch,
			"dispatch: items a JSON string",
			lambda w: {"name": w.order, "items": '"all"'},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: items of numbers",
			lambda w: {"name": w.order, "items": "[1, 2]"},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: line does not exist",
			lambda w: {"name": w.order, "items": json.dumps([{"line": NOPE, "qty": 1}])},
			exc=("TransferQuantityError",),
		),
		_method(
			dispatch,
			"dispatch: line an object",
			lambda w: {"name": w.order, "items": json.dumps([{"line": {"name": w.line}, "qty": 1}])},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: qty garbage",
			lambda w: {"name": w.order, "items": rows(w, qty="abc")},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: qty negative",
			lambda w: {"name": w.order, "items": rows(w, qty=-5)},
			exc=("TransferQuantityError",),
		),
		_method(
			dispatch,
			"dispatch: qty zero",
			lambda w: {"name": w.order, "items": rows(w, qty=0)},
			exc=("TransferQuantityError",),
		),
		_method(
			dispatch,
			"dispatch: qty huge",
			lambda w: {"name": w.order, "items": rows(w, qty=1e30)},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: qty NaN (not JSON)",
			lambda w: {"name": w.order, "items": f'[{{"line": "{w.line}", "qty": NaN}}]'},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: qty Infinity as text",
			lambda w: {"name": w.order, "items": rows(w, qty="Infinity")},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: more than ordered",
			lambda w: {"name": w.order, "items": rows(w, qty=9999)},
			exc=("TransferQuantityError",),
		),
		_method(
			dispatch,
			"dispatch: posting_date garbage",
			lambda w: {"name": w.order, "items": rows(w, qty=1), "posting_date": "garbage"},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: posting_date impossible",
			lambda w: {"name": w.order, "items": rows(w, qty=1), "posting_date": "2024-13-45"},
			exc=(INVALID,),
		),
		_method(
			dispatch,
			"dispatch: GET (would dispatch the rest)",
			lambda w: {"name": w.order},
			verb="GET",
			exc=(NOT_PERMITTED,),
			marks=SMOKE,
		),
		_method(receive, "receive: items missing", lambda w: {"name": w.order}, exc=(INVALID,)),
		_method(
			receive,
			"receive: items not json",
			lambda w: {"name": w.order, "items": "not json"},
			exc=(INVALID,),
		),
		_method(receive, "receive: items {}", lambda w: {"name": w.order, "items": "{}"}, exc=(INVALID,)),
		_method(receive, "receive: items []", lambda w: {"name": w.order, "items": "[]"}, exc=(INVALID,)),
		_method(
			receive, "receive: rows are text", lambda w: {"name": w.order, "items": '["a"]'}, exc=(INVALID,)
		),
		_method(
			receive,
			"receive: received_qty garbage",
			lambda w: {"name": w.order, "items": rows(w, received_qty="abc")},
			exc=(INVALID,),
		),
		_method(
			receive,
			"receive: received_qty negative",
			lambda w: {"name": w.order, "items": rows(w, received_qty=-1)},
			exc=("TransferQuantityError",),
		),
		_method(
			receive,
			"receive: received_qty huge",
			lambda w: {"name": w.order, "items": rows(w, received_qty=1e15)},
			exc=(INVALID,),
		),
		_method(
			receive,
			"receive: more than in transit",
			lambda w: {"name": w.order, "items": rows(w, received_qty=999)},
			exc=("TransferQuantityError",),
		),
		_method(
			receive,
			"receive: damaged_qty a list",
			lambda w: {"name": w.order, "items": rows(w, damaged_qty=[1])},
			exc=(INVALID,),
		),
		_method(
			receive,
			"receive: line does not exist",
			lambda w: {"name": w.order, "items": json.dumps([{"line": NOPE, "received_qty": 1}])},
			exc=("TransferQuantityError",),
		),
		_method(
			receive,
			"receive: order does not exist",
			lambda w: {"name": NOPE, "items": json.dumps([{"line": w.line, "received_qty": 1}])},
			exc=(NOT_FOUND,),
		),
		_method(
			receive,
			"receive: GET (would receive 1)",
			lambda w: {"name": w.order, "items": rows(w, received_qty=1)},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
		_method(resolve, "resolve_shortage: no arguments", lambda w: {}, exc=(INVALID,)),
		_method(
			resolve,
			"resolve_shortage: qty missing",
			lambda w: {"name": w.order, "line": w.line, "resolution": "Returned"},
			exc=(INVALID,),
		),
		_method(
			resolve,
			"resolve_shortage: qty garbage",
			lambda w: {"name": w.order, "line": w.line, "resolution": "Returned", "qty": "abc"},
			exc=(TYPE, INVALID),
		),
		_method(
			resolve,
			"resolve_shortage: qty NaN",
			lambda w: {"name": w.order, "line": w.line, "resolution": "Returned", "qty": "NaN"},
			exc=(TYPE, INVALID),
		),
		_method(
			resolve,
			"resolve_shortage: qty negative",
			lambda w: {"name": w.order, "line": w.line, "resolution": "Written Off", "qty": -1},
			exc=("TransferQuantityError",),
		),
		_method(
			resolve,
			"resolve_shortage: qty huge",
			lambda w: {"name": w.order, "line": w.line, "resolution": "Written Off", "qty": 1e13},
			exc=(INVALID,),
		),
		_method(
			resolve,
			"resolve_shortage: resolution garbage",
			lambda w: {"name": w.order, "line": w.line, "resolution": "garbage", "qty": 1},
			exc=("TransferQuantityError", "TransferValidationError"),
		),
		_method(
			resolve,
			"resolve_shortage: line does not exist",
			lambda w: {"name": w.order, "line": NOPE, "resolution": "Returned", "qty": 1},
			exc=("TransferQuantityError",),
		),
		_method(
			resolve,
			"resolve_shortage: posting_date garbage",
			lambda w: {
				"name": w.order,
				"line": w.line,
				"resolution": "Returned",
				"qty": 1,
				"posting_date": "soon",
			},
			exc=(INVALID,),
		),
		_method(
			resolve,
			"resolve_shortage: GET",
			lambda w: {"name": w.order, "line": w.line, "resolution": "Returned", "qty": 1},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
		_method(close, "transfer close: reason missing", lambda w: {"name": w.order}, exc=(INVALID,)),
		_method(
			close, "transfer close: reason empty", lambda w: {"name": w.order, "reason": ""}, exc=(INVALID,)
		),
		_method(
			close,
			"transfer close: order does not exist",
			lambda w: {"name": NOPE, "reason": "x"},
			exc=(NOT_FOUND,),
		),
		_method(
			close,
			"transfer close: GET",
			lambda w: {"name": w.order, "reason": "x"},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
	]


def _stocktake_probes() -> list[Probe]:
	def method(name):
		step = {"start_counting": "snapshot", "add_count": "counting", "upload_counts": "counting"}
		step |= {"finish_counting": "variance", "finish_recount": "variance"}
		return f"{S}.{step.get(name, 'posting')}.{name}"

	add, upload = method("add_count"), method("upload_counts")
	probes = [
		_method(add, "add_count: no arguments", lambda w: {}, exc=(INVALID,), marks=SMOKE),
		_method(add, "add_count: item missing", lambda w: {"stocktake": w.stocktake}, exc=(INVALID,)),
		_method(add, "add_count: stocktake does not exist", lambda w: {"stocktake": NOPE, "item": w.item}),
		_method(
			add,
			"add_count: item does not exist",
			lambda w: {"stocktake": w.stocktake, "item": NOPE},
			exc=("StocktakeValidationError",),
		),
		_method(
			add,
			"add_count: qty garbage",
			lambda w: {"stocktake": w.stocktake, "item": w.item, "qty": "abc"},
			exc=(TYPE, INVALID),
		),
		_method(
			add,
			"add_count: qty negative",
			lambda w: {"stocktake": w.stocktake, "item": w.item, "qty": -1},
			exc=("StocktakeValidationError",),
		),
		_method(
			add,
			"add_count: qty huge",
			lambda w: {"stocktake": w.stocktake, "item": w.item, "qty": 1e30},
			exc=(INVALID,),
		),
		_method(
			add,
			"add_count: qty NaN",
			lambda w: {"stocktake": w.stocktake, "item": w.item, "qty": "NaN"},
			exc=(TYPE, INVALID),
		),
		_method(
			add,
			"add_count: qty Infinity",
			lambda w: {"stocktake": w.stocktake, "item": w.item, "qty": "Infinity"},
			exc=(TYPE, INVALID),
		),
		_method(
			add,
			"add_count: item a list",
			lambda w: {"stocktake": w.stocktake, "item": [w.item]},
			body="json",
			exc=(TYPE,),
		),
		_method(
			add,
			"add_count: GET (would count)",
			lambda w: {"stocktake": w.stocktake, "item": w.item, "qty": 1},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
		_method(
			upload, "upload_counts: stocktake missing", lambda w: {"content": "item,qty\n"}, exc=(INVALID,)
		),
		_method(
			upload,
			"upload_counts: nothing to upload",
			lambda w: {"stocktake": w.stocktake},
			exc=("StocktakeValidationError",),
		),
		_method(
			upload,
			"upload_counts: garbage content",
			lambda w: {"stocktake": w.stocktake, "content": "\x00garbage;;;"},
			exc=("StocktakeValidationError",),
		),
		_method(
			upload,
			"upload_counts: qty garbage",
			lambda w: {"stocktake": w.stocktake, "content": f"item,qty\n{w.item},3\n{w.item},abc\n"},
			exc=("StocktakeValidationError",),
		),
		_method(
			upload,
			"upload_counts: qty nan (no row written)",
			lambda w: {"stocktake": w.stocktake, "content": f"item,qty\n{w.item},3\n{w.item},nan\n"},
			exc=(INVALID,),
		),
		_method(
			upload,
			"upload_counts: qty huge",
			lambda w: {"stocktake": w.stocktake, "content": f"item,qty\n{w.item},1e30\n"},
			exc=(INVALID,),
		),
		_method(
			upload,
			"upload_counts: item does not exist",
			lambda w: {"stocktake": w.stocktake, "content": f"item,qty\n{w.item},2\n{NOPE},1\n"},
			exc=("StocktakeValidationError",),
		),
		_method(
			upload,
			"upload_counts: file does not exist",
			lambda w: {"stocktake": w.stocktake, "file_url": "/files/no-such-file.csv"},
			exc=(NOT_FOUND,),
		),
		_method(
			upload,
			"upload_counts: GET (would count)",
			lambda w: {"stocktake": w.stocktake, "content": f"item,qty\n{w.item},1\n"},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
		_method(
			method("finish_counting"),
			"finish_counting: uncounted_as_zero garbage",
			lambda w: {"name": w.stocktake, "uncounted_as_zero": "maybe"},
			exc=(TYPE,),
		),
		_method(
			method("finish_counting"),
			"finish_counting: GET (would close the count)",
			lambda w: {"name": w.stocktake, "uncounted_as_zero": 1},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
	]
	for name in ("start_counting", "finish_counting", "finish_recount", "retry_posting", "cancel_draft"):
		probes += [
			_method(method(name), f"{name}: no arguments", lambda w: {}, exc=(INVALID,)),
			_method(
				method(name), f"{name}: stocktake does not exist", lambda w: {"name": NOPE}, exc=(NOT_FOUND,)
			),
		]
		if name != "finish_counting":
			probes.append(
				_method(
					method(name),
					f"{name}: GET",
					lambda w: {"name": w.stocktake},
					verb="GET",
					exc=(NOT_PERMITTED,),
				)
			)
	return probes


def _approval_probes() -> list[Probe]:
	probes = []
	for name in ("request_approval", "approve", "reject", "withdraw", "transfer", "request_change_approval"):
		path = f"{E}.{name}"
		extra = {
			"reject": {"comment": "x"},
			"transfer": {"to_user": "Administrator"},
			"request_change_approval": {"trans_items": json.dumps([{"docname": "x", "qty": 1}])},
		}.get(name, {})
		probes += [
			_method(path, f"{name}: no arguments", lambda w: {}, exc=(INVALID,)),
			_method(
				path,
				f"{name}: DocType does not exist",
				lambda w, extra=extra: {"doctype": "No Such DocType", "name": w.po, **extra},
				exc=(NOT_FOUND,),
				marks=SMOKE if name == "request_approval" else (),
			),
			_method(
				path,
				f"{name}: DocType empty",
				lambda w, extra=extra: {"doctype": "", "name": w.po, **extra},
				exc=(INVALID,),
			),
			_method(
				path,
				f"{name}: GET",
				lambda w, extra=extra: {"doctype": "Purchase Order", "name": w.po, **extra},
				verb="GET",
				exc=(NOT_PERMITTED,),
			),
		]
	request, change = f"{E}.request_approval", f"{E}.request_change_approval"
	probes += [
		_method(
			request, "request_approval: name missing", lambda w: {"doctype": "Purchase Order"}, exc=(INVALID,)
		),
		_method(
			request,
			"request_approval: document does not exist",
			lambda w: {"doctype": "Purchase Order", "name": NOPE},
			exc=(NOT_FOUND,),
		),
		_method(
			request,
			"request_approval: DocType a list",
			lambda w: {"doctype": ["Purchase Order"], "name": w.po},
			body="json",
			exc=(TYPE,),
		),
		_method(
			request,
			"request_approval: a DocType that is not submittable",
			lambda w: {"doctype": "User", "name": "Administrator"},
			exc=(NOT_PERMITTED,),
		),
		_method(
			f"{E}.approve",
			"approve: nothing pending",
			lambda w: {"doctype": "Purchase Order", "name": w.po},
			exc=("ApprovalStateError",),
		),
		_method(
			f"{E}.approve",
			"approve: document does not exist",
			lambda w: {"doctype": "Purchase Order", "name": NOPE},
		),
		_method(
			f"{E}.reject",
			"reject: comment missing",
			lambda w: {"doctype": "Purchase Order", "name": w.po},
			exc=("CommentRequiredError",),
		),
		_method(
			f"{E}.reject",
			"reject: send_back_to_step garbage",
			lambda w: {"doctype": "Purchase Order", "name": w.po, "comment": "x", "send_back_to_step": "abc"},
			exc=(TYPE,),
		),
		_method(
			f"{E}.reject",
			"reject: send_back_to_step negative",
			lambda w: {"doctype": "Purchase Order", "name": w.po, "comment": "x", "send_back_to_step": -3},
		),
		_method(
			f"{E}.withdraw",
			"withdraw: nothing pending",
			lambda w: {"doctype": "Purchase Order", "name": w.po},
			exc=("ApprovalStateError",),
		),
		_method(
			f"{E}.transfer",
			"transfer: to_user missing",
			lambda w: {"doctype": "Purchase Order", "name": w.po},
			exc=(INVALID,),
		),
		_method(
			f"{E}.transfer",
			"transfer: to_user does not exist",
			lambda w: {"doctype": "Purchase Order", "name": w.po, "to_user": "nobody@example.com"},
		),
		_method(
			change,
			"request_change_approval: trans_items missing",
			lambda w: {"doctype": "Purchase Order", "name": w.po},
			exc=(INVALID,),
		),
		_method(
			change,
			"request_change_approval: trans_items not json",
			lambda w: {"doctype": "Purchase Order", "name": w.po, "trans_items": "not json"},
			exc=(INVALID,),
		),
		_method(
			change,
			"request_change_approval: trans_items {}",
			lambda w: {"doctype": "Purchase Order", "name": w.po, "trans_items": "{}"},
			exc=(INVALID,),
		),
		_method(
			change,
			"request_change_approval: trans_items []",
			lambda w: {"doctype": "Purchase Order", "name": w.po, "trans_items": "[]"},
			exc=(INVALID,),
		),
		_method(
			change,
			"request_change_approval: qty garbage",
			lambda w: {
				"doctype": "Purchase Order",
				"name": w.po,
				"trans_items": json.dumps([{"docname": "x", "qty": "abc"}]),
			},
			exc=(INVALID,),
		),
		_method(
			change,
			"request_change_approval: draft document",
			lambda w: {
				"doctype": "Purchase Order",
				"name": w.po,
				"trans_items": json.dumps([{"docname": "x", "qty": 1}]),
			},
			exc=("ApprovalStateError",),
		),
	]
	state = f"{API}.get_approval_state"
	probes += [
		_method(state, "get_approval_state: no arguments", lambda w: {}, verb="GET", exc=(INVALID,)),
		_method(
			state,
			"get_approval_state: DocType does not exist",
			lambda w: {"doctype": "No Such DocType", "name": "x"},
			verb="GET",
			exc=(NOT_FOUND,),
		),
		_method(
			state,
			"get_approval_state: document does not exist",
			lambda w: {"doctype": "Purchase Order", "name": NOPE},
			verb="GET",
			exc=(NOT_FOUND,),
		),
		_method(
			state,
			"get_approval_state: DocType an object",
			lambda w: {"doctype": {"a": 1}, "name": "x"},
			body="json",
			exc=(TYPE,),
		),
	]
	return probes


def _purchasing_probes() -> list[Probe]:
	close, rfq, po = f"{R}.close", f"{R}.make_request_for_quotation", f"{R}.make_purchase_order"
	from_rfq, from_requisition = f"{C}.make_from_request_for_quotation", f"{C}.make_from_purchase_requisition"
	probes = [
		_method(close, "requisition close: no arguments", lambda w: {}, exc=(INVALID,)),
		_method(
			close, "requisition close: reason missing", lambda w: {"name": w.requisition}, exc=(INVALID,)
		),
		_method(
			close,
			"requisition close: reason blank",
			lambda w: {"name": w.requisition, "reason": "  "},
			exc=("RequisitionValidationError",),
		),
		_method(
			close,
			"requisition close: does not exist",
			lambda w: {"name": NOPE, "reason": "x"},
			exc=(NOT_FOUND,),
		),
		_method(
			close,
			"requisition close: GET (would close it)",
			lambda w: {"name": w.requisition, "reason": "x"},
			verb="GET",
			exc=(NOT_PERMITTED,),
			marks=SMOKE,
		),
		_method(
			po,
			"make_purchase_order: supplier does not exist",
			lambda w: {"source_name": w.requisition, "supplier": NOPE},
			exc=(NOT_FOUND,),
		),
		_method(
			po,
			"make_purchase_order: supplier a list",
			lambda w: {"source_name": w.requisition, "supplier": [NOPE]},
			body="json",
			exc=(TYPE,),
		),
	]
	for path, name in (
		(rfq, "make_request_for_quotation"),
		(po, "make_purchase_order"),
		(from_rfq, "make_from_request_for_quotation"),
		(from_requisition, "make_from_purchase_requisition"),
	):
		source = (lambda w: NOPE) if path == from_rfq else (lambda w: w.requisition)
		probes += [
			_method(path, f"{name}: no arguments", lambda w: {}, exc=(INVALID,)),
			_method(
				path, f"{name}: source does not exist", lambda w: {"source_name": NOPE}, exc=(NOT_FOUND,)
			),
			_method(
				path,
				f"{name}: target_doc not json",
				lambda w, source=source: {"source_name": source(w), "target_doc": "not json"},
				exc=(INVALID,),
				marks=SMOKE if name == "make_purchase_order" else (),
			),
			_method(
				path,
				f"{name}: target_doc a list",
				lambda w, source=source: {"source_name": source(w), "target_doc": "[]"},
				exc=(INVALID,),
			),
			_method(
				path,
				f"{name}: target_doc another DocType",
				lambda w, source=source: {
					"source_name": source(w),
					"target_doc": json.dumps({"doctype": "User"}),
				},
				exc=(INVALID,),
			),
		]
	probes += [
		_method(
			REFRESH,
			"refresh_quotes: GET",
			lambda w: {"dt": "Supplier Quotation Comparison", "dn": w.comparison, "method": "refresh_quotes"},
			verb="GET",
			endpoint=RUN_DOC_METHOD,
			exc=(NOT_PERMITTED,),
		),
		_method(
			REFRESH,
			"refresh_quotes: comparison does not exist",
			lambda w: {"dt": "Supplier Quotation Comparison", "dn": NOPE, "method": "refresh_quotes"},
			endpoint=RUN_DOC_METHOD,
			exc=(NOT_FOUND,),
		),
		_method(
			REPLENISH,
			"raise_low_stock_requisitions: company does not exist",
			lambda w: {"company": NOPE},
			exc=(NOT_FOUND,),
		),
		_method(
			REPLENISH,
			"raise_low_stock_requisitions: company a list",
			lambda w: {"company": [w.company]},
			body="json",
			exc=(TYPE,),
		),
		_method(
			REPLENISH,
			"raise_low_stock_requisitions: GET",
			lambda w: {"company": w.company},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
		_method(REBUILD, "rebuild_period_balances: no arguments", lambda w: {}, exc=(INVALID,)),
		_method(
			REBUILD,
			"rebuild_period_balances: company does not exist",
			lambda w: {"company": NOPE},
			exc=(NOT_FOUND,),
		),
		_method(
			REBUILD,
			"rebuild_period_balances: GET",
			lambda w: {"company": w.company},
			verb="GET",
			exc=(NOT_PERMITTED,),
		),
		_method(REFILL, "refill_pinyin_initials: GET", lambda w: {}, verb="GET", exc=(NOT_PERMITTED,)),
	]
	return probes


# ERPNext's stock reads behind our guard (jxc_app/overrides/bin.py), called by ERPNext's names
BOOK_READS = {
	"erpnext.stock.utils.get_stock_balance": "get_stock_balance",
	"erpnext.stock.utils.get_latest_stock_qty": "get_latest_stock_qty",
	"erpnext.stock.utils.get_incoming_rate": "get_incoming_rate",
	"erpnext.stock.get_item_details.get_item_details": "get_item_details",
	"erpnext.stock.get_item_details.get_bin_details": "get_bin_details",
	"erpnext.stock.get_item_details.get_projected_qty": "get_projected_qty",
	"erpnext.stock.get_item_details.get_batch_qty": "get_item_batch_qty",
	"erpnext.stock.get_item_details.get_valuation_rate": "get_valuation_rate",
	"erpnext.stock.doctype.stock_reconciliation.stock_reconciliation.get_stock_balance_for": "get_stock_balance_for",
	"erpnext.stock.doctype.stock_reconciliation.stock_reconciliation.get_items": "stock_reconciliation_items",
	"erpnext.stock.doctype.quick_stock_balance.quick_stock_balance.get_stock_item_details": "quick_stock_balance",
	"erpnext.stock.doctype.pick_list.pick_list.get_item_details": "pick_list_item_details",
	"erpnext.accounts.doctype.pos_invoice.pos_invoice.get_stock_availability": "get_stock_availability",
}
BIN = "jxc_app.overrides.bin"
DASHBOARD = "erpnext.stock.dashboard.item_dashboard.get_data"
CAPACITY = "erpnext.stock.dashboard.warehouse_capacity_dashboard.get_data"


def _stock_read_probes() -> list[Probe]:
	def read(endpoint, problem, args, ours=None, **options):
		covers = f"{BIN}.{ours or BOOK_READS[endpoint]}"
		probe_id = f"{'.'.join(endpoint.rsplit('.', 2)[-2:])}: {problem}"
		return _method(covers, probe_id, args, endpoint=endpoint, **options)

	probes = [read(endpoint, "no arguments", lambda w: {}, exc=(INVALID,)) for endpoint in BOOK_READS]
	utils, details = "erpnext.stock.utils", "erpnext.stock.get_item_details"
	reconciliation = "erpnext.stock.doctype.stock_reconciliation.stock_reconciliation"
	quick = "erpnext.stock.doctype.quick_stock_balance.quick_stock_balance.get_stock_item_details"
	probes += [
		read(
			f"{utils}.get_stock_balance",
			"posting_date garbage",
			lambda w: {"item_code": w.item, "warehouse": w.source, "posting_date": "garbage"},
		),
		read(f"{utils}.get_incoming_rate", "args not json", lambda w: {"args": "not json"}),
		read(f"{details}.get_item_details", "args not json", lambda w: {"args": "not json"}),
		read(f"{details}.get_item_details", "args a list", lambda w: {"args": "[1]"}),
		read(
			f"{reconciliation}.get_items",
			"posting_date garbage",
			lambda w: {
				"warehouse": w.source,
				"posting_date": "garbage",
				"posting_time": "10:00",
				"company": w.company,
			},
		),
		read(
			"erpnext.stock.doctype.batch.batch.get_batch_qty",
			"posting_date garbage",
			lambda w: {"item_code": w.item, "warehouse": w.source, "posting_date": "garbage"},
			ours="get_batch_qty",
		),
		read(quick, "date garbage", lambda w: {"warehouse": w.source, "date": "garbage", "item": w.item}),
		read(DASHBOARD, "start garbage", lambda w: {"start": "abc"}, ours="item_dashboard_data"),
		read(
			DASHBOARD,
			"sort_by garbage",
			lambda w: {"sort_by": "actual_qty; select 1"},
			ours="item_dashboard_data",
		),
		read(
			DASHBOARD, "sort_order garbage", lambda w: {"sort_order": "sideways"}, ours="item_dashboard_data"
		),
		read(
			CAPACITY,
			"sort_by garbage",
			lambda w: {"sort_by": "x desc, (select 1)"},
			ours="warehouse_capacity_data",
		),
		read(CAPACITY, "start negative", lambda w: {"start": -5}, ours="warehouse_capacity_data"),
	]
	counting, warehouses = f"{S}.counting.counting_stocktakes", f"{S}.counting.counting_warehouses"
	probes += [
		_method(
			counting,
			"counting_stocktakes: start garbage",
			lambda w: {"start": "abc"},
			verb="GET",
			exc=(TYPE,),
		),
		_method(counting, "counting_stocktakes: start negative", lambda w: {"start": -1}, verb="GET"),
		_method(counting, "counting_stocktakes: page_len negative", lambda w: {"page_len": -5}, verb="GET"),
		_method(warehouses, "counting_warehouses: no arguments", lambda w: {}, verb="GET", exc=(INVALID,)),
		_method(
			warehouses,
			"counting_warehouses: stocktake does not exist",
			lambda w: {"stocktake": NOPE},
			verb="GET",
			exc=(NOT_FOUND,),
		),
	]
	return probes


def _report_probes() -> list[Probe]:
	summary, detail = "Inventory Summary", "Stock Movement Detail"
	transit, progress, variance = "In Transit Stock", "Stocktake Progress", "Stocktake Variance"
	tracking, pending = "Purchase Order Tracking", "My Pending Approvals"

	def ledger(w, **values):
		return {"company": w.company, "from_date": add_days(nowdate(), -30), "to_date": nowdate(), **values}

	probes = []
	for report in (summary, detail, transit, progress, variance, tracking, pending):
		probes += [
			_report(
				report,
				f"{report}: filters not json",
				"not json",
				exc=(INVALID,),
				marks=SMOKE if report == summary else (),
			),
			_report(report, f"{report}: filters a list", "[1, 2]", exc=(INVALID,)),
			_report(report, f"{report}: filters a string", '"company"', exc=(INVALID,)),
		]
	probes += [
		_report(summary, f"{summary}: company missing", {}, exc=("StockReportFilterError",)),
		_report(
			summary, f"{summary}: company a list", lambda w: ledger(w, company=[w.company]), exc=(INVALID,)
		),
		_report(
			summary, f"{summary}: company does not exist", lambda w: ledger(w, company=NOPE), exc=(NOT_FOUND,)
		),
		_report(
			summary, f"{summary}: from_date garbage", lambda w: ledger(w, from_date="garbage"), exc=(INVALID,)
		),
		_report(
			summary,
			f"{summary}: to_date before from_date",
			lambda w: ledger(w, from_date=nowdate(), to_date=add_days(nowdate(), -9)),
			exc=("StockReportFilterError",),
		),
		_report(
			summary,
			f"{summary}: warehouse does not exist",
			lambda w: ledger(w, warehouse=[NOPE]),
			exc=(NOT_FOUND,),
		),
		_report(
			summary,
			f"{summary}: warehouse of objects",
			lambda w: ledger(w, warehouse=[{"a": 1}]),
			exc=(INVALID,),
		),
		_report(
			summary,
			f"{summary}: item group does not exist",
			lambda w: ledger(w, item_group=NOPE),
			exc=(NOT_FOUND,),
		),
		_report(
			summary, f"{summary}: group_by garbage", lambda w: ledger(w, group_by="Supplier"), exc=(INVALID,)
		),
		_report(
			detail, f"{detail}: to_date impossible", lambda w: ledger(w, to_date="2025-02-30"), exc=(INVALID,)
		),
		_report(
			detail,
			f"{detail}: business_type garbage",
			lambda w: ledger(w, business_type="purchase"),
			exc=(INVALID,),
		),
		_report(detail, f"{detail}: warehouse a number", lambda w: ledger(w, warehouse=5), exc=(NOT_FOUND,)),
		_report(
			detail, f"{detail}: item_code an object", lambda w: ledger(w, item_code={"a": 1}), exc=(INVALID,)
		),
		_report(transit, f"{transit}: min_days garbage", {"min_days": "abc"}, exc=(INVALID,)),
		_report(transit, f"{transit}: min_days negative", {"min_days": -1}, exc=(INVALID,)),
		_report(transit, f"{transit}: as_of garbage", {"as_of": "yesterday"}, exc=(INVALID,)),
		_report(transit, f"{transit}: item_code an object", {"item_code": {"a": 1}}, exc=(INVALID,)),
		_report(progress, f"{progress}: stocktake a list", {"stocktake": ["x"]}, exc=(INVALID,)),
		_report(progress, f"{progress}: company an object", {"company": {"!=": ""}}, exc=(INVALID,)),
		_report(variance, f"{variance}: show_all_lines garbage", {"show_all_lines": "maybe"}, exc=(INVALID,)),
		_report(variance, f"{variance}: stocktake a list", {"stocktake": [1]}, exc=(INVALID,)),
		_report(tracking, f"{tracking}: as_on garbage", {"as_on": "tomorrow"}, exc=(INVALID,)),
		_report(tracking, f"{tracking}: group_by garbage", {"group_by": "Item"}, exc=(INVALID,)),
		_report(
			tracking, f"{tracking}: overdue_only garbage", {"overdue_only": "yes please"}, exc=(INVALID,)
		),
		_report(tracking, f"{tracking}: supplier a list", {"supplier": ["a", "b"]}, exc=(INVALID,)),
		_report("No Such Report", "a report that does not exist", {}, exc=(NOT_FOUND,)),
		_method(RUN_OURS, "run_report: no arguments", lambda w: {}, verb="GET", exc=(INVALID,)),
	]
	return probes


PROBES = (
	_transfer_probes()
	+ _stocktake_probes()
	+ _approval_probes()
	+ _purchasing_probes()
	+ _stock_read_probes()
	+ _report_probes()
	+ purchase_return_probes(_method, _report, NOT_FOUND, INVALID)
	+ sales_return_probes(_method, _report, NOT_FOUND, INVALID)
	+ party_statement_probes(_method, _report, NOT_FOUND, INVALID)
	+ quotation_probes(_method, NOT_FOUND, INVALID)
	+ sales_ranking_probes(_report, NOT_FOUND, INVALID)
	+ sales_delivery_probes(_method, NOT_FOUND, INVALID, NOT_PERMITTED)
	+ alert_probes(_method, NOT_FOUND, INVALID, NOT_PERMITTED)
)
RESULTS: list[dict] = []


# ------------------------------------------------------------------------------------------ world


def _probe_company(company) -> str:
	"""Made once and kept, like the tests' shared company (``company`` sets the site up for it)."""
	if not frappe.db.exists("Company", PROBE_COMPANY):
		CompanyFactory(company_name=PROBE_COMPANY, abbr=PROBE_ABBR)
		frappe.db.commit()
	return PROBE_COMPANY


@pytest.fixture(scope="module")
def world(server, company):
	"""The records the probes aim at, committed: a submitted transfer order with goods in transit and
	more to dispatch, a stocktake being counted by the probe user, a submitted requisition, a draft
	Purchase Order and a draft comparison. Removed afterwards."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	company = _probe_company(company)
	for attempt in range(5):  # other tests write to the same tables meanwhile
		try:
			world = _make_world(company)
			frappe.db.commit()
			break
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == 4:
				raise
	yield world

	world.made.append(("Purchase Requisition", world.requisition))
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for name in frappe.get_all("Stocktake Count Entry", {"stocktake": world.stocktake}, pluck="name"):
		_committed(frappe.delete_doc, "Stocktake Count Entry", name, force=True, ignore_permissions=True)
	_committed(frappe.delete_doc, "Stocktake", world.stocktake, force=True, ignore_permissions=True)
	_committed(lambda: frappe.get_doc("Purchase Requisition", world.requisition).cancel())
	for doctype, name in reversed(world.made):
		for todo in frappe.get_all("ToDo", {"reference_type": doctype, "reference_name": name}, pluck="name"):
			_committed(frappe.delete_doc, "ToDo", todo, force=True, ignore_permissions=True)
		for request in approval_requests.get_requests(doctype, name):
			_committed(frappe.delete_doc, "Approval Request", request, force=True, ignore_permissions=True)
		if frappe.db.exists(doctype, name):
			_committed(frappe.delete_doc, doctype, name, force=True, ignore_permissions=True)
	_committed(remove_stock_records, [world.item], world.warehouses, [world.order])


def _make_world(company: str) -> frappe._dict:
	made: list[tuple[str, str]] = []
	user, headers = api_user(
		made,
		[
			"System Manager",
			"Stock Manager",
			"Stock User",
			"Purchase Manager",
			"Purchase User",
			"Accounts Manager",
			"Item Manager",
		],
	)
	item = ItemFactory().name
	source, target, counted = (WarehouseFactory(company=company).name for _ in range(3))
	transit = WarehouseFactory(company=company, warehouse_type="Transit").name
	material_receipt(company, item, source, 20, rate=10, days_ago=2)
	material_receipt(company, item, counted, 7, rate=10, days_ago=2)
	order = submitted_transfer_order(company, source, target, transit, {item: 8})
	line = order.items[0].name
	transfer_api.dispatch(order.name, [{"line": line, "qty": 3}])  # 3 in transit, 5 still to dispatch
	count = frappe.get_doc(
		{
			"doctype": "Stocktake",
			"company": company,
			"count_mode": "Blind",
			"freeze_mode": "Track",
			"warehouses": [{"warehouse": counted}],
			"scope": "Chosen Items",
			"scope_items": [{"item_code": item}],
			"counters": [{"user": user}],
		}
	).insert()
	snapshot.start_counting(count.name)
	requisition = frappe.get_doc(
		{
			"doctype": "Purchase Requisition",
			"company": company,
			"purpose": "probes",
			"required_by": add_days(nowdate(), 7),
			"items": [
				{
					"item_code": item,
					"qty": 3,
					"uom": frappe.db.get_value("Item", item, "stock_uom"),
					"estimated_rate": 8,
				}
			],
		}
	).insert()
	requisition.submit()
	supplier = SupplierFactory().name
	po = PurchaseOrderFactory(company=company, supplier=supplier, item_code=item, warehouse=source)
	draft_comparison = comparison.make_from_purchase_requisition(requisition.name).insert()
	made += [
		("Supplier", supplier),
		("Purchase Order", po.name),
		("Supplier Quotation Comparison", draft_comparison.name),
	]
	return frappe._dict(
		user=user,
		headers=headers,
		company=company,
		item=item,
		source=source,
		order=order.name,
		line=line,
		stocktake=count.name,
		requisition=requisition.name,
		po=po.name,
		comparison=draft_comparison.name,
		made=made,
		warehouses=[source, target, counted, transit],
	)


def _committed(function, *args, **kwargs):
	"""One step of the cleanup in a transaction of its own, again after a deadlock (other tests write
	to the same tables, naming series included, meanwhile)."""
	for attempt in range(5):
		try:
			function(*args, **kwargs)
			frappe.db.commit()
			return
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == 4:
				raise


@pytest.fixture(scope="module", autouse=True)
def summary(request):
	"""The figures of the whole table, printed at the end of the module."""
	yield
	if not RESULTS:
		return
	server_errors = [result["id"] for result in RESULTS if result["status"] >= 500]
	written = sum(result["written"] for result in RESULTS)
	lines = [
		"",
		f"malformed REST probes: {len(RESULTS)} calls over {len({r['covers'] for r in RESULTS})} methods and reports; "
		f"answered 5xx: {len(server_errors)}; rows written: {written}; "
		f"by status: {dict(sorted(_count_by(RESULTS, 'status').items()))}",
		*(f"  5xx: {probe_id}" for probe_id in server_errors),
		*(f"  wrote {r['written']}: {r['id']} (HTTP {r['status']})" for r in RESULTS if r["written"]),
	]
	capture = request.config.pluginmanager.getplugin("capturemanager")
	with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
		print("\n".join(lines))  # shown whatever the capture mode


def _count_by(rows, key) -> dict:
	counts: dict = {}
	for row in rows:
		counts[row[key]] = counts.get(row[key], 0) + 1
	return counts


# ----------------------------------------------------------------------------------------- checks


def _footprint(world) -> dict:
	"""Rows the probe user made or last changed, per watched table, and the state of the records the
	probes aim at (including fields written without touching ``modified``)."""
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	footprint = {}
	for doctype in WATCHED:
		table = frappe.qb.DocType(doctype)
		footprint[doctype] = (
			frappe.qb.from_(table)
			.select(frappe.query_builder.functions.Count("*"))
			.where((table.owner == world.user) | (table.modified_by == world.user))
		).run()[0][0]
	footprint["order"] = frappe.db.get_value(
		"Stock Transfer Order", world.order, ["status", "modified", "in_transit_qty", "close_reason"]
	)
	footprint["stocktake"] = frappe.db.get_value(
		"Stocktake", world.stocktake, ["status", "modified", "counted_lines"]
	)
	footprint["stocktake lines"] = frappe.get_all(
		"Stocktake Line",
		{"parent": world.stocktake, "parenttype": "Stocktake"},
		["name", "counted_qty", "counted", "recount_required", "modified"],
		order_by="name",
	)
	footprint["requisition"] = frappe.db.get_value(
		"Purchase Requisition", world.requisition, ["status", "modified", "close_reason"]
	)
	footprint["purchase order"] = frappe.db.get_value("Purchase Order", world.po, ["docstatus", "modified"])
	footprint["comparison"] = frappe.db.get_value(
		"Supplier Quotation Comparison", world.comparison, ["modified"]
	)
	footprint["ledger"] = frappe.db.count("Stock Ledger Entry", {"item_code": world.item})
	return footprint


def _rows_written(before: dict, after: dict) -> int:
	written = 0
	for key, value in after.items():
		if isinstance(value, int) and isinstance(before[key], int):
			written += abs(value - before[key])
		elif value != before[key]:
			written += 1
	return written


def _messages(response) -> list[str]:
	"""The texts a client shows: Frappe's message queue and the exception line."""
	try:
		body = response.json()
	except ValueError:
		return []
	texts = []
	for raw in json.loads(body.get("_server_messages") or "[]"):
		message = json.loads(raw) if isinstance(raw, str) else raw
		texts.append(message.get("message") if isinstance(message, dict) else str(message))
	if body.get("exception"):
		texts.append(str(body["exception"]))
	return [text for text in texts if text]


def _call(server: str, world, probe: Probe):
	url = f"{server}/api/method/{probe.endpoint or probe.covers}"
	args = probe.args(world)
	if probe.body == "json":
		return requests.request(probe.verb, url, headers=world.headers, json=args, timeout=120)
	encoded = {
		key: value if isinstance(value, str) else json.dumps(value)
		for key, value in args.items()
		if value is not None
	}
	if probe.verb == "GET":
		return requests.get(url, headers=world.headers, params=encoded, timeout=120)
	return requests.request(probe.verb, url, headers=world.headers, data=encoded, timeout=120)


@pytest.mark.parametrize("probe", [pytest.param(p, id=p.id, marks=p.marks) for p in PROBES])
def test_malformed_call_gets_a_4xx_with_a_message_and_writes_nothing(server, world, probe):
	before = _footprint(world)
	response = _call(server, world, probe)
	after = _footprint(world)
	written = _rows_written(before, after)
	RESULTS.append(
		{"id": probe.id, "covers": probe.covers, "status": response.status_code, "written": written}
	)

	messages = _messages(response)
	assert 400 <= response.status_code < 500, (response.status_code, messages or response.text[:500])
	assert messages and not any("Traceback" in text for text in messages), response.text[:500]
	if probe.exc:
		exc_type = response.json().get("exc_type", "") + " ".join(messages)
		assert any(name in exc_type for name in probe.exc), (probe.exc, exc_type, messages)
	assert written == 0, {key: (before[key], after[key]) for key in after if after[key] != before[key]}


def test_every_whitelisted_method_and_report_is_probed():
	"""The table covers every whitelisted function and Script Report the app has."""
	import importlib

	from tests import appinfo

	for path in appinfo.APP.rglob("*.py"):
		if "frappe.whitelist" in path.read_text(encoding="utf-8"):
			importlib.import_module(".".join(path.relative_to(appinfo.REPO).with_suffix("").parts))
	whitelisted = {
		f"{function.__module__}.{function.__qualname__}"
		for function in frappe.whitelisted
		if function.__module__.startswith("jxc_app.")
	}
	reports = {
		f"report:{json.loads(path.read_text(encoding='utf-8'))['name']}"
		for path in appinfo.APP.glob("*/report/*/*.json")
	}
	probed = {probe.covers for probe in PROBES}
	assert whitelisted and reports
	assert not (whitelisted | reports) - probed, sorted((whitelisted | reports) - probed)
	assert len(PROBES) >= 100


def test_well_formed_report_calls_still_answer(server, world):
	"""The checks refuse garbage only: our report and ERPNext's answer well-formed calls as before."""
	for report, filters in (
		("In Transit Stock", {"company": world.company}),
		(
			"Inventory Summary",
			{
				"company": world.company,
				"from_date": add_days(nowdate(), -30),
				"to_date": nowdate(),
				"warehouse": [],
			},
		),
		(
			"Stock Ledger",
			{"company": world.company, "from_date": add_days(nowdate(), -30), "to_date": nowdate()},
		),
	):
		response = requests.get(
			f"{server}/api/method/{RUN_REPORT}",
			headers=world.headers,
			params={"report_name": report, "filters": json.dumps(filters)},
			timeout=120,
		)
		assert response.status_code == 200, (report, response.text[:500])
		assert "result" in response.json()["message"], report
	in_transit = requests.get(
		f"{server}/api/method/{RUN_REPORT}",
		headers=world.headers,
		params={"report_name": "In Transit Stock", "filters": json.dumps({"company": world.company})},
		timeout=120,
	).json()["message"]["result"]
	lines = [row for row in in_transit if isinstance(row, dict)]  # not the total row (a list)
	assert [row["in_transit_qty"] for row in lines if row["order"] == world.order] == [3]
