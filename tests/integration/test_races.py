"""Every "never more than X" limit holds when requests race.

Each race sends ~10 calls at once over real HTTP (one thread and one connection per call, released
together by a barrier) to the site served by the ``server`` fixture, then checks that the limit held
exactly. Stock never limits here (plenty of it everywhere), so only our own checks can hold the line.

Records are committed for the server to see and removed afterwards.

Over 500 lines on purpose: the races share ``race`` (the calls released together), the users, the
warehouses and the cleanup defined here; each sets up its own documents."""

import os
import threading
from collections import Counter

import frappe
import pytest
import requests
from erpnext.stock.utils import get_stock_balance
from frappe.utils import add_days, getdate, nowdate

from jxc_app.jxc_inventory.stocktake import counting, snapshot, states, variance
from jxc_app.jxc_inventory.stocktake import posting as stocktake_posting
from jxc_app.jxc_inventory.transfer import api as transfer_api
from jxc_app.jxc_inventory.transfer import constants as transfer_constants
from jxc_app.jxc_inventory.transfer import errors as transfer_errors
from jxc_app.jxc_purchasing import comparison as comparison_service
from jxc_app.jxc_purchasing import requisition as requisition_service
from jxc_app.rules import stock_transfer as transfer_rules
from tests.integration.factories import (
	ItemFactory,
	SupplierFactory,
	WarehouseFactory,
	api_user,
	material_receipt,
	remove_stock_records,
)

CALLS = 10
PLENTY = 1000
TRANSFER = "jxc_app.jxc_inventory.transfer.api"


def race(calls: list[tuple[str, str, dict, dict]]) -> list:
	"""Make every call (HTTP method, URL, headers, JSON body) at once: one thread and connection each,
	a barrier to start them together. Returns the responses (or the exception a call raised), in order."""
	barrier = threading.Barrier(len(calls))
	answers: list = [None] * len(calls)

	def call(index: int, method: str, url: str, headers: dict, payload: dict):
		with requests.Session() as session:
			try:
				barrier.wait(timeout=60)
				answers[index] = session.request(method, url, headers=headers, json=payload, timeout=300)
			except Exception as error:
				answers[index] = error

	threads = [threading.Thread(target=call, args=(i, *request)) for i, request in enumerate(calls)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=600)
	frappe.db.rollback()  # this test's own connection: read what the calls committed
	return answers


def race_post(url: str, headers: dict, payloads: list[dict]) -> list:
	return race([("POST", url, headers, payload) for payload in payloads])


def outcomes(answers: list) -> Counter:
	"""(HTTP status, exception type) -> how many calls answered so."""

	def outcome(answer):
		if isinstance(answer, Exception):
			return ("no answer", repr(answer))
		try:
			body = answer.json()
		except ValueError:
			body = {}
		return (answer.status_code, body.get("exc_type"))

	return Counter(outcome(answer) for answer in answers)


def explain(answers: list) -> str:
	"""The outcomes, and the first unexpected answers' text (for a failing assertion)."""
	odd = [
		answer if isinstance(answer, Exception) else answer.text[:300] + " … " + answer.text[-1500:]
		for answer in answers
		if isinstance(answer, Exception) or answer.status_code not in (200, 417)
	]
	return f"{outcomes(answers)} {odd[:2]}"


def _method(server: str, path: str) -> str:
	return f"{server}/api/method/{path}"


@pytest.fixture(scope="module")
def warehouses(company):
	"""The warehouses of this module's races, made once: adding a warehouse locks much of the
	warehouse tree until its transaction ends. Each race has its own items. Removed at the end."""
	made = frappe._dict(
		source=WarehouseFactory(company=company).name,
		target=WarehouseFactory(company=company).name,
		transit=WarehouseFactory(company=company, warehouse_type="Transit").name,
		counted=WarehouseFactory(company=company).name,  # frozen while a stocktake counts it
	)
	frappe.db.commit()
	yield made
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for warehouse in made.values():
		_retrying(frappe.delete_doc, "Warehouse", warehouse, force=True, ignore_permissions=True)


@pytest.fixture(scope="module")
def users(company):
	"""API users of this module's races, made once (deleting a user updates tables that other tests
	lock too): a warehouse keeper, a stock manager and a buyer."""
	made: list[tuple[str, str]] = []
	people = frappe._dict(
		keeper=api_user(made, ["Stock User"])[1],
		manager=api_user(made, ["Stock Manager", "Stock User"])[1],
		buyer=api_user(made, ["Purchase User"])[1],
	)
	frappe.db.commit()
	yield people
	frappe.db.rollback()
	frappe.set_user("Administrator")
	_remove(made)


# ------------------------------------------------------------------------------------ transfers


@pytest.fixture
def route(company, warehouses, users):
	"""A route with plenty of stock of a new item at the source, a keeper and a manager (API
	users), and a way to make submitted orders on it. Everything is removed afterwards."""
	route = frappe._dict(
		company=company,
		item=ItemFactory(valuation_method="Moving Average").name,
		source=warehouses.source,
		target=warehouses.target,
		transit=warehouses.transit,
		orders=[],
	)
	material_receipt(company, route.item, route.source, PLENTY, rate=10, days_ago=2)
	route.keeper, route.manager = users.keeper, users.manager

	def order(qty: float) -> frappe._dict:
		doc = frappe.get_doc(
			{
				"doctype": "Stock Transfer Order",
				"company": company,
				"from_warehouse": route.source,
				"to_warehouse": route.target,
				"transit_warehouse": route.transit,
				"loss_account": frappe.get_cached_value("Company", company, "stock_adjustment_account"),
				"items": [{"item_code": route.item, "qty": qty}],
			}
		).insert()
		doc.submit()
		route.orders.append(doc.name)
		return frappe._dict(name=doc.name, line=doc.items[0].name)

	route.order = order
	yield route
	frappe.db.rollback()
	frappe.set_user("Administrator")
	remove_stock_records([route.item], [], route.orders)


def _moved(order: str) -> dict[str, float]:
	"""Disposition -> stock qty moved by the order's submitted Stock Entries (the ledger's truth)."""
	rows = frappe.get_all(
		"Stock Entry Detail",
		filters={
			"parent": (
				"in",
				frappe.get_all(
					"Stock Entry", {transfer_constants.ORDER_FIELD: order, "docstatus": 1}, pluck="name"
				),
			)
		},
		fields=[transfer_constants.DISPOSITION_FIELD, "transfer_qty"],
	)
	moved: dict[str, float] = {}
	for row in rows:
		moved[row[transfer_constants.DISPOSITION_FIELD]] = (
			moved.get(row[transfer_constants.DISPOSITION_FIELD], 0) + row.transfer_qty
		)
	return moved


def _goods_elsewhere_in_transit(route, qty: float = 50):
	"""Another order's goods in the same transit warehouse: transit stock does not limit either."""
	transfer_api.dispatch(route.order(qty).name)


@pytest.mark.smoke
def test_ten_dispatches_at_once_move_exactly_the_order(server, route):
	"""The tester's case: an order of 10, ten dispatches at once, plenty of stock. Each asks for 2,
	so exactly five go through and exactly 10 leave the source."""
	order = route.order(10)
	frappe.db.commit()

	answers = race_post(
		_method(server, f"{TRANSFER}.dispatch"),
		route.keeper,
		[{"name": order.name, "items": [{"line": order.line, "qty": 2}]} for _ in range(CALLS)],
	)
	assert outcomes(answers) == {(200, None): 5, (417, "TransferQuantityError"): 5}, explain(answers)
	entries = {answer.json()["message"] for answer in answers if answer.status_code == 200}
	assert len(entries) == 5  # no entry returned twice
	assert _moved(order.name) == {transfer_rules.DISPATCHED: 10}
	assert get_stock_balance(route.item, route.transit) == 10
	assert get_stock_balance(route.item, route.source) == PLENTY - 10
	line = frappe.db.get_value(
		"Stock Transfer Order Item", order.line, ["dispatched_qty", "in_transit_qty"], as_dict=True
	)
	assert (line.dispatched_qty, line.in_transit_qty) == (10, 10)
	assert frappe.db.get_value("Stock Transfer Order", order.name, "status") == "In Transit"


def test_ten_dispatches_of_all_that_remains_at_once_move_it_once(server, route):
	"""No quantity given: each call dispatches whatever remains. Exactly one does."""
	order = route.order(10)
	frappe.db.commit()

	answers = race_post(
		_method(server, f"{TRANSFER}.dispatch"), route.keeper, [{"name": order.name} for _ in range(CALLS)]
	)
	assert outcomes(answers) == {(200, None): 1, (417, "TransferQuantityError"): 9}, explain(answers)
	assert _moved(order.name) == {transfer_rules.DISPATCHED: 10}
	assert get_stock_balance(route.item, route.source) == PLENTY - 10


def test_ten_receipts_at_once_receive_exactly_what_is_in_transit(server, route):
	_goods_elsewhere_in_transit(route)
	order = route.order(10)
	transfer_api.dispatch(order.name)
	frappe.db.commit()

	answers = race_post(
		_method(server, f"{TRANSFER}.receive"),
		route.keeper,
		[{"name": order.name, "items": [{"line": order.line, "received_qty": 2}]} for _ in range(CALLS)],
	)
	# once all is received the order is Completed: the calls after that find it closed
	assert outcomes(answers) == {(200, None): 5, (417, "TransferStateError"): 5}, explain(answers)
	assert _moved(order.name) == {transfer_rules.DISPATCHED: 10, transfer_rules.RECEIVED: 10}
	assert get_stock_balance(route.item, route.target) == 10
	assert get_stock_balance(route.item, route.transit) == 50  # the other order's goods, untouched
	line = frappe.db.get_value(
		"Stock Transfer Order Item", order.line, ["received_qty", "in_transit_qty"], as_dict=True
	)
	assert (line.received_qty, line.in_transit_qty) == (10, 0)
	assert frappe.db.get_value("Stock Transfer Order", order.name, "status") == "Completed"


def test_ten_receipts_declaring_a_shortage_at_once_declare_no_more_than_is_in_transit(server, route):
	"""A shortage stays in transit: receipts that only declare one are limited by our check alone."""
	order = route.order(10)
	transfer_api.dispatch(order.name)
	frappe.db.commit()

	answers = race_post(
		_method(server, f"{TRANSFER}.receive"),
		route.keeper,
		[
			{"name": order.name, "items": [{"line": order.line, "shortage_qty": 4, "reason": "短少"}]}
			for _ in range(CALLS)
		],
	)
	assert outcomes(answers) == {(200, None): 2, (417, "TransferQuantityError"): 8}, explain(answers)
	declared = frappe.get_all(
		"Stock Transfer Variance", filters={"parent": order.name, "variance_type": "Shortage"}, pluck="qty"
	)
	assert sorted(declared) == [4, 4]
	assert frappe.db.get_value("Stock Transfer Order Item", order.line, "shortage_qty") == 8


def test_ten_shortage_write_offs_at_once_write_off_exactly_the_shortage(server, route):
	_goods_elsewhere_in_transit(route)
	order = route.order(10)
	transfer_api.dispatch(order.name)
	transfer_api.receive(order.name, [{"line": order.line, "shortage_qty": 10, "reason": "短少"}])
	frappe.db.commit()

	answers = race_post(
		_method(server, f"{TRANSFER}.resolve_shortage"),
		route.manager,
		[
			{"name": order.name, "line": order.line, "resolution": "Written Off", "qty": 2}
			for _ in range(CALLS)
		],
	)
	# once the shortage is written off the order is Completed: later calls find it closed
	assert outcomes(answers) == {(200, None): 5, (417, "TransferStateError"): 5}, explain(answers)
	assert _moved(order.name) == {transfer_rules.DISPATCHED: 10, transfer_rules.SHORTAGE_WRITTEN_OFF: 10}
	assert get_stock_balance(route.item, route.transit) == 50  # the other order's goods, untouched
	variances = frappe.get_all(
		"Stock Transfer Variance", filters={"parent": order.name}, fields=["qty", "resolved_qty"]
	)
	assert [(v.qty, v.resolved_qty) for v in variances] == [(10, 10)]
	line = frappe.db.get_value(
		"Stock Transfer Order Item",
		order.line,
		["written_off_qty", "shortage_qty", "in_transit_qty"],
		as_dict=True,
	)
	assert (line.written_off_qty, line.shortage_qty, line.in_transit_qty) == (10, 0, 0)


def test_an_order_cancelled_while_it_is_dispatched_leaves_nothing_in_transit(server, route):
	"""Cancelling an order cancels its dispatches, those committed while the cancel waited too; a
	dispatch after the cancel is refused."""
	order = route.order(10)
	frappe.db.commit()

	dispatch = {"name": order.name, "items": [{"line": order.line, "qty": 2}]}
	cancel = {"doctype": "Stock Transfer Order", "name": order.name}
	answers = race(
		[("POST", _method(server, f"{TRANSFER}.dispatch"), route.keeper, dispatch)] * 5
		+ [("POST", _method(server, "frappe.client.cancel"), route.manager, cancel)]
	)
	assert answers[-1].status_code == 200, answers[-1].text[:500]
	dispatched = outcomes(answers[:-1])
	assert set(dispatched) <= {(200, None), (417, "TransferStateError")}, dispatched
	assert frappe.db.get_value("Stock Transfer Order", order.name, "docstatus") == 2
	assert not frappe.get_all("Stock Entry", {transfer_constants.ORDER_FIELD: order.name, "docstatus": 1})
	assert get_stock_balance(route.item, route.transit) == 0
	assert get_stock_balance(route.item, route.source) == PLENTY


def test_a_line_named_twice_in_one_call_counts_both_quantities(route):
	order = route.order(10)
	twice = [{"line": order.line, "qty": 6}, {"line": order.line, "qty": 6}]
	with pytest.raises(transfer_errors.TransferQuantityError):
		transfer_api.dispatch(order.name, twice)
	transfer_api.dispatch(order.name, [{"line": order.line, "qty": 4}, {"line": order.line, "qty": 6}])
	assert _moved(order.name) == {transfer_rules.DISPATCHED: 10}
	for twice in (
		[{"line": order.line, "received_qty": 6}, {"line": order.line, "received_qty": 6}],
		[{"line": order.line, "received_qty": 6}, {"line": order.line, "shortage_qty": 6, "reason": "短少"}],
	):
		with pytest.raises(transfer_errors.TransferQuantityError):
			transfer_api.receive(order.name, twice)
	assert _moved(order.name) == {transfer_rules.DISPATCHED: 10}


# ----------------------------------------------------------------------------------- purchasing


def _retrying(action, *args, **kwargs):
	"""Cleanup: committed at once, retried when another test running meanwhile holds the rows
	(a deadlock, or a lock wait timeout: a warehouse's deletion renumbers the warehouse tree)."""
	for attempt in range(5):
		try:
			action(*args, **kwargs)
			frappe.db.commit()
			return
		except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
			frappe.db.rollback()
			if attempt == 4:
				raise


def _remove(made: list[tuple[str, str]]):
	"""Cancel the submitted records in ``made``, then delete them all, newest first."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for doctype, name in reversed(made):
		if frappe.db.get_value(doctype, name, "docstatus") == 1:
			_retrying(lambda doctype=doctype, name=name: frappe.get_doc(doctype, name).cancel())
	for doctype, name in reversed(made):
		if frappe.db.exists(doctype, name):
			_retrying(frappe.delete_doc, doctype, name, force=True, ignore_permissions=True)


def _requisition(company: str, made: list, quantities: list[float], warehouse: str):
	items = [ItemFactory().name for _ in quantities]
	made.extend(("Item", item) for item in items)
	doc = frappe.get_doc(
		{
			"doctype": "Purchase Requisition",
			"company": company,
			"purpose": "并发测试",
			"required_by": add_days(nowdate(), 14),
			"items": [
				{"item_code": item, "qty": qty, "estimated_rate": 10, "warehouse": warehouse}
				for item, qty in zip(items, quantities, strict=True)
			],
		}
	).insert()
	doc.submit()
	made.append(("Purchase Requisition", doc.name))
	# the bins the orders will update exist already (ERPNext's first-bin creation is not ours to test)
	from erpnext.stock.utils import get_or_make_bin

	for item in items:
		get_or_make_bin(item, warehouse)
	return doc


@pytest.fixture
def buyer(users):
	return users.buyer


@pytest.fixture
def purchasing(company, warehouses):
	"""Records of a purchasing race: submitted ones are cancelled afterwards, then all deleted."""
	made: list[tuple[str, str]] = []
	yield made
	_remove(made)


@pytest.fixture
def draft_orders(company, purchasing, warehouses):
	"""A submitted requisition of 10, and ten draft orders of 4 made from it."""
	made = purchasing
	supplier = SupplierFactory().name
	made.append(("Supplier", supplier))
	requisition = _requisition(company, made, [10], warehouses.target)
	orders = []
	for _ in range(CALLS):
		order = requisition_service.make_purchase_order(requisition.name, supplier=supplier)
		order.items[0].qty = 4
		order.insert()
		orders.append(order.name)
		made.append(("Purchase Order", order.name))
	frappe.db.commit()
	return frappe._dict(requisition=requisition, orders=orders)


@pytest.mark.smoke
def test_ten_orders_of_one_requisition_submitted_at_once_never_order_more_than_requested(
	server, buyer, draft_orders
):
	orders = draft_orders.orders
	# each order submitted by its own call, as the desk's Submit (REST: docstatus 1)
	answers = race(
		[("PUT", f"{server}/api/resource/Purchase Order/{name}", buyer, {"docstatus": 1}) for name in orders]
	)

	# 4 + 4 fit in 10; a third order of 4 would not
	assert outcomes(answers) == {(200, None): 2, (417, "OverOrderError"): 8}, explain(answers)
	submitted = frappe.get_all("Purchase Order", {"name": ("in", orders), "docstatus": 1}, pluck="name")
	assert len(submitted) == 2
	requisition, line = draft_orders.requisition.name, draft_orders.requisition.items[0].name
	assert frappe.db.get_value("Purchase Requisition Item", line, "ordered_qty") == 8
	ordered = frappe.get_all(
		"Purchase Order Item",
		filters={requisition_service.REQUISITION_ITEM_FIELD: line, "docstatus": 1},
		pluck="stock_qty",
	)
	assert sum(ordered) == 8
	assert frappe.db.get_value("Purchase Requisition", requisition, "per_ordered") == 80


@pytest.fixture
def comparison(company, purchasing, warehouses):
	"""A draft 比价单 of a requisition's two lines, each awarded to the supplier cheapest on it (two
	quotes a line: no approval needed)."""
	from erpnext.buying.doctype.request_for_quotation.request_for_quotation import (
		make_supplier_quotation_from_rfq,
	)

	made = purchasing
	suppliers = [SupplierFactory().name for _ in range(2)]
	made.extend(("Supplier", supplier) for supplier in suppliers)
	requisition = _requisition(company, made, [10, 20], warehouses.target)
	rfq = requisition_service.make_request_for_quotation(requisition.name)
	for supplier in suppliers:
		rfq.append("suppliers", {"supplier": supplier})
	rfq.insert()
	rfq.submit()
	made.append(("Request for Quotation", rfq.name))
	for supplier, rates in zip(suppliers, ([9, 22], [11, 19]), strict=True):
		quotation = make_supplier_quotation_from_rfq(rfq.name, for_supplier=supplier)
		quotation.valid_till = add_days(nowdate(), 30)
		quotation.transaction_date = getdate(nowdate())
		for row, rate in zip(quotation.items, rates, strict=True):
			row.rate, row.lead_time_days = rate, 5
		quotation.insert()
		quotation.submit()
		made.append(("Supplier Quotation", quotation.name))
	doc = comparison_service.make_from_request_for_quotation(rfq.name)
	doc.update({"price_weight": 100, "quality_weight": 0, "lead_time_weight": 0, "service_weight": 0})
	comparison_service.load_quotes(doc)
	doc.insert()
	assert not doc.requires_approval
	assert sorted(line.awarded_supplier for line in doc.items) == sorted(suppliers)
	made.append((doc.doctype, doc.name))
	frappe.db.commit()
	yield frappe._dict(name=doc.name, suppliers=suppliers)
	frappe.db.rollback()
	# the orders it made are removed first: cancelling the comparison deletes its draft orders
	made.extend(
		("Purchase Order", name)
		for name in frappe.get_all(
			"Purchase Order", {comparison_service.COMPARISON_FIELD: doc.name}, pluck="name"
		)
	)


@pytest.mark.smoke
def test_a_comparison_submitted_ten_times_at_once_makes_one_order_per_awarded_supplier(
	server, buyer, comparison
):
	doctype = comparison_service.COMPARISON
	# the desk's Submit sends the document as the user last saw it
	as_sent = frappe.as_json(frappe.get_doc(doctype, comparison.name).as_dict())
	answers = race_post(
		_method(server, "frappe.client.submit"), buyer, [{"doc": as_sent} for _ in range(CALLS)]
	)
	# the first submits; the others find it changed since they read it (Frappe's own check)
	statuses = Counter(answer.status_code for answer in answers)
	assert statuses == {200: 1, 417: CALLS - 1}, explain(answers)
	orders = frappe.get_all(
		"Purchase Order",
		filters={comparison_service.COMPARISON_FIELD: comparison.name},
		fields=["name", "supplier"],
	)
	assert sorted(order.supplier for order in orders) == sorted(comparison.suppliers)  # one each, once
	lines = frappe.get_all(
		"Supplier Quotation Comparison Item", filters={"parent": comparison.name}, pluck="purchase_order"
	)
	assert sorted(lines) == sorted(order.name for order in orders)
	assert frappe.db.get_value(doctype, comparison.name, "status") == comparison_service.ORDERED


# ------------------------------------------------------------------------------------ stocktake


def _erase(doctype: str, names: list[str]):
	"""Delete documents and their child rows outright (cleanup of submitted test records)."""
	if not names:
		return
	for field in frappe.get_meta(doctype).get_table_fields():
		child = frappe.qb.DocType(field.options)
		frappe.qb.from_(child).delete().where(child.parent.isin(names) & (child.parenttype == doctype)).run()
	table = frappe.qb.DocType(doctype)
	frappe.qb.from_(table).delete().where(table.name.isin(names)).run()


@pytest.fixture
def posting(company, monkeypatch, warehouses, users):
	"""A counted stocktake, submitted, whose posting job has not run (status Posting): a variance
	of -2 on one item, plenty of stock. ``post`` runs inside each request from here on (as it does
	under tests), so every call that queues it is a worker posting it."""
	warehouse = warehouses.counted
	items = [ItemFactory(valuation_method="Moving Average").name for _ in range(2)]
	for item in items:
		material_receipt(company, item, warehouse, PLENTY, rate=10, days_ago=3)
	doc = frappe.get_doc(
		{
			"doctype": "Stocktake",
			"company": company,
			"warehouses": [{"warehouse": warehouse}],
			"scope": "Chosen Items",
			"scope_items": [{"item_code": item} for item in items],
			"counters": [{"user": "Administrator"}],
			"qty_tolerance_percent": 50,
		}
	).insert()
	snapshot.start_counting(doc.name)
	counting.add_count(doc.name, items[0], PLENTY - 2)
	counting.add_count(doc.name, items[1], PLENTY)
	variance.finish_counting(doc.name)
	monkeypatch.setattr(stocktake_posting, "enqueue_posting", lambda name: None)
	frappe.get_doc("Stocktake", doc.name).submit()
	assert frappe.db.get_value("Stocktake", doc.name, "status") == states.POSTING
	manager = users.manager
	frappe.db.commit()
	monkeypatch.setattr(stocktake_posting, "enqueue_posting", stocktake_posting.post_variances)
	yield frappe._dict(name=doc.name, item_codes=items, warehouse=warehouse, manager=manager)

	frappe.db.rollback()
	frappe.set_user("Administrator")
	reconciliations = frappe.get_all("Stock Reconciliation", {"jxc_stocktake": doc.name}, pluck="name")
	for doctype in ("Stock Ledger Entry", "GL Entry", "Repost Item Valuation"):
		table = frappe.qb.DocType(doctype)
		if reconciliations:
			frappe.qb.from_(table).delete().where(table.voucher_no.isin(reconciliations)).run()
	_erase("Stock Reconciliation", reconciliations)
	entries = frappe.qb.DocType(states.ENTRY)
	frappe.qb.from_(entries).delete().where(entries.stocktake == doc.name).run()
	_erase("Stocktake", [doc.name])
	remove_stock_records(items, [])
	states.drop_freeze_cache()


def _posted(posting) -> tuple:
	return (
		frappe.db.get_value("Stocktake", posting.name, ["status", "stock_reconciliation"]),
		frappe.get_all("Stock Reconciliation", {"jxc_stocktake": posting.name, "docstatus": 1}, pluck="name"),
	)


@pytest.mark.smoke
def test_ten_retries_of_a_posting_at_once_post_once(server, posting):
	answers = race_post(
		_method(server, "jxc_app.jxc_inventory.stocktake.posting.retry_posting"),
		posting.manager,
		[{"name": posting.name} for _ in range(CALLS)],
	)
	assert outcomes(answers) == {(200, None): 1, (417, "AlreadyPostedError"): CALLS - 1}, explain(answers)
	(status, reconciliation), reconciliations = _posted(posting)
	assert reconciliations == [reconciliation]
	assert status == states.POSTED
	assert get_stock_balance(posting.item_codes[0], posting.warehouse) == PLENTY - 2
	assert get_stock_balance(posting.item_codes[1], posting.warehouse) == PLENTY


def _post_in_own_connection(site: str, sites_path: str, name: str, barrier, results: list):
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		frappe.db.sql("select 1")  # a job's transaction has read something before it locks
		barrier.wait(timeout=60)
		results.append(stocktake_posting.post_variances(name))
		frappe.db.commit()
	except Exception as error:
		frappe.db.rollback()
		results.append(error)
	finally:
		frappe.destroy()


def test_the_posting_job_run_by_several_workers_at_once_posts_once(posting):
	"""The job queue deduplicates the job, but not perfectly: two workers may run it at once."""
	workers, results = 4, []
	barrier = threading.Barrier(workers)
	site, sites_path = frappe.local.site, os.environ.get("JXC_SITES_PATH", ".")
	threads = [
		threading.Thread(
			target=_post_in_own_connection, args=(site, sites_path, posting.name, barrier, results)
		)
		for _ in range(workers)
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=600)
	frappe.db.rollback()
	(status, reconciliation), reconciliations = _posted(posting)
	assert reconciliations == [reconciliation], results
	assert results == [reconciliation] * workers
	assert status == states.POSTED
	assert get_stock_balance(posting.item_codes[0], posting.warehouse) == PLENTY - 2
