"""库存调拨 on a real site: dispatch through transit, receipts with shortage, damage and refusal, write
off and return of a shortage, cancel paths, approval, and the 在途库存 report."""

import frappe
import pytest
from erpnext.stock.utils import get_stock_balance
from frappe.utils import add_days, nowdate

from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.errors import ApprovalRequiredError
from jxc_app.jxc_inventory.report.in_transit_stock import in_transit_stock
from jxc_app.jxc_inventory.transfer import api as transfer_api
from jxc_app.jxc_inventory.transfer import errors as transfer_errors
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	UserFactory,
	WarehouseFactory,
	material_receipt,
)


def _receipt(company, item, warehouse, qty, rate=10):
	return material_receipt(company, item, warehouse, qty, rate, days_ago=5)


@pytest.fixture
def route(company):
	route = frappe._dict(
		company=company,
		source=WarehouseFactory(company=company).name,
		target=WarehouseFactory(company=company).name,
		transit=WarehouseFactory(company=company, warehouse_type="Transit").name,
		damaged=WarehouseFactory(company=company).name,
		item=ItemFactory(valuation_method="Moving Average").name,
		other=ItemFactory(valuation_method="Moving Average").name,
	)
	_receipt(company, route.item, route.source, 100, rate=10)
	_receipt(company, route.other, route.source, 50, rate=4)
	return route


def _order(route, lines=None, submit=True, **fields):
	order = frappe.get_doc(
		{
			"doctype": "Stock Transfer Order",
			"company": route.company,
			"from_warehouse": route.source,
			"to_warehouse": route.target,
			"transit_warehouse": route.transit,
			"damaged_warehouse": route.damaged,
			"required_date": add_days(nowdate(), 3),
			"reason": "门店补货",
			"items": lines or [{"item_code": route.item, "qty": 10}, {"item_code": route.other, "qty": 5}],
			**fields,
		}
	).insert()
	if submit:
		order.submit()
	return order


def _qty(item, warehouse):
	return get_stock_balance(item, warehouse)


def _line(order, item):
	return next(row.name for row in order.items if row.item_code == item)


def _reload(order):
	return frappe.get_doc("Stock Transfer Order", order.name)


def _sle_count(entry):
	return frappe.db.count("Stock Ledger Entry", {"voucher_no": entry, "is_cancelled": 0})


@pytest.mark.smoke
def test_full_dispatch_and_full_receipt(route):
	order = _order(route)
	assert order.status == "Approved"  # no approval rule covers transfers on this site

	entry = transfer_api.dispatch(order.name)
	order = _reload(order)
	assert order.status == "In Transit" and order.per_dispatched == 100
	assert (_qty(route.item, route.source), _qty(route.item, route.transit)) == (90, 10)
	dispatch = frappe.get_doc("Stock Entry", entry)
	assert dispatch.add_to_transit == 1 and dispatch.jxc_stock_transfer_order == order.name
	assert _sle_count(entry) == 4  # two lines, out of the source and into transit

	receipts = transfer_api.receive(
		order.name,
		[
			{"line": _line(order, route.item), "received_qty": 10},
			{"line": _line(order, route.other), "received_qty": 5},
		],
	)
	order = _reload(order)
	assert order.status == "Completed" and order.per_received == 100 and order.in_transit_qty == 0
	assert (_qty(route.item, route.transit), _qty(route.item, route.target)) == (0, 10)
	assert _qty(route.other, route.target) == 5
	# ERPNext's own End Transit link: the dispatch is fully transferred
	(receipt,) = receipts
	assert frappe.db.get_value("Stock Entry", receipt, "outgoing_stock_entry") == entry
	assert frappe.db.get_value("Stock Entry", entry, "per_transferred") == 100
	# value goes with the goods: 10 at 10 into the target
	value = frappe.db.get_value(
		"Stock Ledger Entry",
		{"voucher_no": receipt, "warehouse": route.target, "item_code": route.item, "is_cancelled": 0},
		"stock_value_difference",
	)
	assert value == pytest.approx(100)
	# nothing more can be dispatched or received
	with pytest.raises(transfer_errors.TransferStateError):
		transfer_api.dispatch(order.name)


def test_two_partial_dispatches_and_receipts(route):
	order = _order(route, lines=[{"item_code": route.item, "qty": 10}])
	line = order.items[0].name
	first = transfer_api.dispatch(order.name, [{"line": line, "qty": 4}])
	assert _reload(order).status == "Partially Dispatched"
	with pytest.raises(transfer_errors.TransferQuantityError):
		transfer_api.dispatch(order.name, [{"line": line, "qty": 7}])  # only 6 remain
	second = transfer_api.dispatch(order.name)  # the rest: 6
	assert _reload(order).status == "In Transit"

	# 5 arrive: the oldest dispatch (4) is ended first, then 1 of the second
	receipts = transfer_api.receive(order.name, [{"line": line, "received_qty": 5}])
	assert [frappe.db.get_value("Stock Entry", r, "outgoing_stock_entry") for r in receipts] == [
		first,
		second,
	]
	order = _reload(order)
	assert order.status == "Partially Received" and order.items[0].received_qty == 5
	assert order.items[0].in_transit_qty == 5 and order.per_received == 50
	with pytest.raises(transfer_errors.TransferQuantityError):
		transfer_api.receive(order.name, [{"line": line, "received_qty": 6}])
	transfer_api.receive(order.name, [{"line": line, "received_qty": 5}])
	assert _reload(order).status == "Completed"
	assert _qty(route.item, route.target) == 10 and _qty(route.item, route.transit) == 0


def test_shortage_damage_and_refusal_end_in_the_right_places(route):
	loss_account = frappe.get_cached_value("Company", route.company, "stock_adjustment_account")
	order = _order(route, lines=[{"item_code": route.item, "qty": 10}], loss_account=loss_account)
	line = order.items[0].name
	transfer_api.dispatch(order.name)
	before = frappe.db.count("Stock Ledger Entry", {"item_code": route.item, "is_cancelled": 0})
	with pytest.raises(transfer_errors.TransferValidationError):
		transfer_api.receive(order.name, [{"line": line, "received_qty": 6, "shortage_qty": 1}])  # no reason
	assert frappe.db.count("Stock Ledger Entry", {"item_code": route.item, "is_cancelled": 0}) == before

	transfer_api.receive(
		order.name,
		[
			{
				"line": line,
				"received_qty": 6,
				"shortage_qty": 2,
				"damaged_qty": 1,
				"refused_qty": 1,
				"reason": "包装破损，少到两件",
			}
		],
	)
	order = _reload(order)
	row = order.items[0]
	assert (row.received_qty, row.damaged_qty, row.refused_qty, row.shortage_qty) == (6, 1, 1, 2)
	assert row.in_transit_qty == 2  # the shortage stays in transit until resolved
	assert order.status == "Partially Received"
	assert _qty(route.item, route.target) == 6
	assert _qty(route.item, route.damaged) == 1
	assert _qty(route.item, route.source) == 91  # 100 − 10 dispatched + 1 refused
	assert _qty(route.item, route.transit) == 2
	kinds = sorted((v.variance_type, v.qty, bool(v.stock_entry)) for v in order.variances)
	assert kinds == [("Damage", 1, True), ("Refusal", 1, True), ("Shortage", 2, True)]
	# the short goods cannot be received as well
	with pytest.raises(transfer_errors.TransferQuantityError):
		transfer_api.receive(order.name, [{"line": line, "received_qty": 1}])

	# one found and sent back, one written off to the loss account
	returned = transfer_api.resolve_shortage(order.name, line, "Returned", 1)
	assert _qty(route.item, route.source) == 92
	written_off = transfer_api.resolve_shortage(order.name, line, "Written Off", 1)
	assert _qty(route.item, route.transit) == 0
	entry = frappe.get_doc("Stock Entry", written_off)
	assert entry.purpose == "Material Issue" and entry.items[0].expense_account == loss_account
	gl = frappe.get_all(
		"GL Entry",
		filters={"voucher_no": written_off, "account": loss_account, "is_cancelled": 0},
		fields=["debit"],
	)
	assert sum(row.debit for row in gl) == pytest.approx(10)  # one unit at 10
	order = _reload(order)
	assert order.status == "Completed"
	assert (order.items[0].returned_qty, order.items[0].written_off_qty) == (1, 1)
	with pytest.raises(transfer_errors.TransferStateError):
		transfer_api.resolve_shortage(order.name, line, "Written Off", 1)
	assert frappe.db.get_value("Stock Entry", returned, "outgoing_stock_entry")

	# cancelling the write-off re-opens that shortage; the receipt it was declared with stays until then
	receipt = next(v.stock_entry for v in order.variances if v.variance_type == "Shortage")
	with pytest.raises(transfer_errors.TransferCancelError):
		frappe.get_doc("Stock Entry", receipt).cancel()
	frappe.get_doc("Stock Entry", written_off).cancel()
	order = _reload(order)
	assert order.status == "Partially Received" and order.items[0].shortage_qty == 1
	assert _qty(route.item, route.transit) == 1


def test_cancel_paths(route):
	order = _order(route, lines=[{"item_code": route.item, "qty": 10}])
	line = order.items[0].name
	dispatch = transfer_api.dispatch(order.name, [{"line": line, "qty": 6}])
	(receipt,) = transfer_api.receive(order.name, [{"line": line, "received_qty": 2}])

	# a dispatch whose goods were received cannot be cancelled, nor the order
	with pytest.raises(transfer_errors.TransferCancelError):
		frappe.get_doc("Stock Entry", dispatch).cancel()
	with pytest.raises(transfer_errors.TransferCancelError):
		_reload(order).cancel()
	assert frappe.db.get_value("Stock Entry", dispatch, "docstatus") == 1

	# cancelling the receipt puts the goods back in transit, and the order follows
	frappe.get_doc("Stock Entry", receipt).cancel()
	order = _reload(order)
	assert order.items[0].received_qty == 0 and order.status == "Partially Dispatched"
	assert _qty(route.item, route.transit) == 6 and _qty(route.item, route.target) == 0

	# now the order cancels, and with it its dispatch: the goods are back at the source
	order.cancel()
	assert frappe.db.get_value("Stock Entry", dispatch, "docstatus") == 2
	assert _qty(route.item, route.source) == 100 and _qty(route.item, route.transit) == 0
	assert _reload(order).status == "Cancelled"


def test_dispatch_never_exceeds_stock(route):
	from erpnext.stock.stock_ledger import NegativeStockError

	order = _order(route, lines=[{"item_code": route.item, "qty": 150}])
	before = frappe.db.count("Stock Ledger Entry", {"item_code": route.item})
	with pytest.raises(NegativeStockError):
		transfer_api.dispatch(order.name)
	# nothing of the failed dispatch is left behind
	assert frappe.db.count("Stock Ledger Entry", {"item_code": route.item}) == before
	assert not frappe.db.exists("Stock Entry", {"jxc_stock_transfer_order": order.name})
	assert _reload(order).status == "Approved" and _qty(route.item, route.source) == 100


def test_validation_and_close(route):
	with pytest.raises(transfer_errors.TransferValidationError):
		_order(route, submit=False, to_warehouse=route.source)
	with pytest.raises(transfer_errors.TransferValidationError):
		_order(route, submit=False, transit_warehouse=route.damaged)  # not a transit warehouse
	order = _order(route, lines=[{"item_code": route.item, "qty": 10}])
	line = order.items[0].name
	transfer_api.dispatch(order.name, [{"line": line, "qty": 4}])
	with pytest.raises(transfer_errors.TransferStateError):
		transfer_api.close(order.name, "不再调拨")  # 4 still in transit
	transfer_api.receive(order.name, [{"line": line, "received_qty": 4}])
	with pytest.raises(transfer_errors.TransferValidationError):
		transfer_api.close(order.name, " ")
	assert transfer_api.close(order.name, "剩余不再调拨") == "Closed"
	with pytest.raises(transfer_errors.TransferStateError):
		transfer_api.dispatch(order.name)


def test_approval_rule_holds_the_order(route):
	manager = UserFactory(roles=["Stock Manager", "Stock User"]).name
	ApprovalRuleFactory(
		reference_doctype="Stock Transfer Order",
		company=route.company,
		steps=[{"step_name": "仓储经理", "approver_type": "User", "user": manager}],
	)
	order = _order(route, submit=False)
	with pytest.raises(ApprovalRequiredError):
		order.submit()
	approval_actions.request_approval(order.doctype, order.name)
	assert _reload(order).status == "Pending Approval"
	frappe.set_user(manager)
	approval_actions.approve(order.doctype, order.name)
	frappe.set_user("Administrator")
	order = _reload(order)
	order.submit()
	assert _reload(order).status == "Approved"


def test_in_transit_report(route):
	order = _order(route)
	transfer_api.dispatch(order.name, posting_date=add_days(nowdate(), -3))
	_columns, rows, _message, chart = in_transit_stock.execute({"company": route.company})
	mine = {row.item_code: row for row in rows if row.order == order.name}
	assert mine[route.item].in_transit_qty == 10 and mine[route.item].value == pytest.approx(100)
	assert mine[route.other].value == pytest.approx(20)
	assert mine[route.item].days_in_transit == 3 and mine[route.item].ageing == "0-7"
	assert chart["type"] == "bar"
	_columns, rows, *_rest = in_transit_stock.execute({"company": route.company, "min_days": 10})
	assert not [row for row in rows if row.order == order.name]


def test_dispatching_the_rest_skips_finished_lines(route):
	order = _order(route)
	first = _line(order, route.item)
	transfer_api.dispatch(order.name, [{"line": first, "qty": 10}])
	entry = frappe.get_doc("Stock Entry", transfer_api.dispatch(order.name))
	assert [(row.item_code, row.qty) for row in entry.items] == [(route.other, 5)]
	assert _reload(order).status == "In Transit"
	with pytest.raises(transfer_errors.TransferQuantityError):
		transfer_api.dispatch(order.name, [{"line": first, "qty": 1}])
