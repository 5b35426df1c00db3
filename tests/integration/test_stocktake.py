"""库存盘点 on a real site: open and blind counts, summed entries, recount routing, block and track
freezes, approval of the variance, posting through Stock Reconciliation (value included), re-post
refused, and a posting interrupted midway leaving no ledger row and succeeding on retry."""

import frappe
import pytest
from erpnext.stock.utils import get_stock_balance
from frappe.utils import add_days, nowdate

from jxc_app.jxc_approvals import actions as approval_actions
from jxc_app.jxc_approvals.errors import ApprovalRequiredError
from jxc_app.jxc_inventory.stocktake import counting, plan, posting, snapshot, states, variance
from tests.integration.factories import (
	ApprovalRuleFactory,
	ItemFactory,
	UserFactory,
	WarehouseFactory,
	material_receipt,
)


def _receipt(company, item, warehouse, qty, rate=10):
	return material_receipt(company, item, warehouse, qty, rate, days_ago=3)


@pytest.fixture
def store(company):
	warehouse = WarehouseFactory(company=company).name
	items = [ItemFactory(valuation_method="Moving Average").name for _ in range(3)]
	for item, qty in zip(items, (10, 20, 30), strict=True):
		_receipt(company, item, warehouse, qty, rate=10)
	counters = [UserFactory(roles=["Stock User"]).name for _ in range(2)]
	return frappe._dict(company=company, warehouse=warehouse, item_codes=items, counters=counters)


def _stocktake(store, **fields):
	doc = frappe.get_doc(
		{
			"doctype": "Stocktake",
			"company": store.company,
			"warehouses": [{"warehouse": store.warehouse}],
			"scope": "Chosen Items",
			"scope_items": [{"item_code": item} for item in store.item_codes],
			"counters": [{"user": user} for user in store.counters],
			**fields,
		}
	).insert()
	return doc


def _as(user, function, *args, **kwargs):
	frappe.set_user(user)
	try:
		return function(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def _lines(doc):
	return {line.item_code: line for line in frappe.get_doc("Stocktake", doc.name).lines}


def _count_all(store, doc, counts):
	for item, qty in counts.items():
		_as(store.counters[0], counting.add_count, doc.name, item, qty)


@pytest.mark.smoke
def test_blind_count_summed_entries_recount_and_posting(store):
	doc = _stocktake(store, count_mode="Blind", qty_tolerance_percent=10)
	assert snapshot.start_counting(doc.name) == 3
	lines = _lines(doc)
	assert [lines[item].book_qty for item in store.item_codes] == [10, 20, 30]
	assert all(line.open_book_qty == 0 for line in lines.values())  # blind: nothing for counters

	first, second = store.counters
	a, b, c = store.item_codes
	# the same item counted in three goes is summed: 4 + 4 + 3 = 11 (10 expected: within 10 %)
	for qty in (4, 4, 3):
		_as(first, counting.add_count, doc.name, a, qty)
	_as(first, counting.add_count, doc.name, b, 15)  # 25 % short: recount
	_as(second, counting.add_count, doc.name, c, 30)
	result = variance.finish_counting(doc.name)
	assert result == {"status": "Recount", "recount_lines": 1}
	lines = _lines(doc)
	assert lines[a].counted_qty == 11 and not lines[a].recount_required
	assert lines[b].recount_required and lines[b].recount_by == second  # not the first counter
	# only the recounter may recount, only the lines to recount
	with pytest.raises(frappe.PermissionError):
		_as(first, counting.add_count, doc.name, b, 19)
	with pytest.raises(states.StocktakeStateError):
		_as(second, counting.add_count, doc.name, a, 1)
	_as(second, counting.add_count, doc.name, b, 19)
	variance.finish_recount(doc.name)
	doc = frappe.get_doc("Stocktake", doc.name)
	assert doc.status == "Counted"
	lines = _lines(doc)
	assert (lines[b].final_qty, lines[b].variance_qty, lines[b].variance_value) == (19, -1, -10)
	assert (doc.gain_value, doc.loss_value, doc.variance_value, doc.variance_lines) == (10, 10, 20, 2)

	doc.submit()  # no approval rule here: posted at once (the job runs inline in tests)
	doc.reload()
	assert doc.status == "Posted" and doc.stock_reconciliation
	reconciliation = frappe.get_doc("Stock Reconciliation", doc.stock_reconciliation)
	assert reconciliation.docstatus == 1
	assert sorted((row.item_code, row.qty) for row in reconciliation.items) == sorted([(a, 11), (b, 19)])
	assert get_stock_balance(a, store.warehouse) == 11 and get_stock_balance(b, store.warehouse) == 19
	assert get_stock_balance(c, store.warehouse) == 30
	value = frappe.db.get_value(
		"Stock Ledger Entry",
		{"voucher_no": reconciliation.name, "item_code": b, "is_cancelled": 0},
		"stock_value_difference",
	)
	assert value == pytest.approx(-10)  # one short at 10
	# posting again is refused, and the job itself does nothing twice
	with pytest.raises(states.AlreadyPostedError):
		posting.retry_posting(doc.name)
	assert posting.post_variances(doc.name) == reconciliation.name
	assert frappe.db.count("Stock Reconciliation", {"jxc_stocktake": doc.name}) == 1


def test_open_count_shows_the_book_to_counters(store):
	doc = _stocktake(store, count_mode="Open")
	snapshot.start_counting(doc.name)
	assert [_lines(doc)[item].open_book_qty for item in store.item_codes] == [10, 20, 30]


def test_block_freeze_refuses_movements_until_posted(store):
	doc = _stocktake(store, freeze_mode="Block")
	snapshot.start_counting(doc.name)
	before = frappe.db.count("Stock Ledger Entry", {"warehouse": store.warehouse})
	with pytest.raises(states.StocktakeFreezeError, match=doc.name):
		_receipt(store.company, store.item_codes[0], store.warehouse, 5)
	assert frappe.db.count("Stock Ledger Entry", {"warehouse": store.warehouse}) == before
	# another warehouse is not frozen
	_receipt(store.company, store.item_codes[0], WarehouseFactory(company=store.company).name, 5)
	_count_all(store, doc, {store.item_codes[0]: 10, store.item_codes[1]: 20, store.item_codes[2]: 30})
	variance.finish_counting(doc.name)
	frappe.get_doc("Stocktake", doc.name).submit()
	assert frappe.db.get_value("Stocktake", doc.name, "status") == "Posted"
	_receipt(store.company, store.item_codes[0], store.warehouse, 5)  # thawed


def test_track_freeze_follows_movements_during_the_count(store):
	doc = _stocktake(store, freeze_mode="Track")
	snapshot.start_counting(doc.name)
	a = store.item_codes[0]
	# 5 more arrive while counting; the counters count them too: 15 is right, no variance
	_receipt(store.company, a, store.warehouse, 5)
	_count_all(store, doc, {a: 15, store.item_codes[1]: 20, store.item_codes[2]: 30})
	variance.finish_counting(doc.name)
	line = _lines(doc)[a]
	assert (line.book_qty, line.moved_qty, line.expected_qty, line.variance_qty) == (10, 5, 15, 0)
	doc = frappe.get_doc("Stocktake", doc.name)
	assert doc.variance_lines == 0
	doc.submit()
	doc.reload()
	assert doc.status == "Posted" and not doc.stock_reconciliation  # nothing to adjust
	assert get_stock_balance(a, store.warehouse) == 15


def test_the_variance_goes_through_approval(store):
	manager = UserFactory(roles=["Stock Manager", "Stock User"]).name
	ApprovalRuleFactory(
		reference_doctype="Stocktake",
		company=store.company,
		amount_field="variance_value",
		min_amount=50,
		steps=[{"step_name": "财务", "approver_type": "User", "user": manager}],
	)
	doc = _stocktake(store, qty_tolerance_percent=50)
	snapshot.start_counting(doc.name)
	_count_all(
		store, doc, {store.item_codes[0]: 10, store.item_codes[1]: 20, store.item_codes[2]: 20}
	)  # 100 short
	variance.finish_counting(doc.name)
	doc = frappe.get_doc("Stocktake", doc.name)
	with pytest.raises(ApprovalRequiredError):
		doc.submit()
	approval_actions.request_approval(doc.doctype, doc.name)
	assert frappe.db.get_value("Stocktake", doc.name, "status") == "Pending Approval"
	_as(manager, approval_actions.approve, doc.doctype, doc.name)
	doc = frappe.get_doc("Stocktake", doc.name)
	doc.submit()
	assert frappe.db.get_value("Stocktake", doc.name, "status") == "Posted"
	assert get_stock_balance(store.item_codes[2], store.warehouse) == 20


def test_an_interrupted_posting_leaves_no_ledger_and_succeeds_on_retry(store, monkeypatch):
	doc = _stocktake(store, qty_tolerance_percent=50)
	snapshot.start_counting(doc.name)
	_count_all(store, doc, {store.item_codes[0]: 8, store.item_codes[1]: 22, store.item_codes[2]: 30})
	variance.finish_counting(doc.name)
	before = frappe.db.count("Stock Ledger Entry", {"warehouse": store.warehouse, "is_cancelled": 0})

	# the worker dies after ERPNext wrote the first ledger row of the reconciliation
	from erpnext.stock import stock_ledger

	real_make_entry, written = stock_ledger.make_entry, []

	def make_entry_then_die(*args, **kwargs):
		real_make_entry(*args, **kwargs)
		written.append(1)
		raise SystemError("worker killed")

	monkeypatch.setattr(stock_ledger, "make_entry", make_entry_then_die)
	doc = frappe.get_doc("Stocktake", doc.name)
	with pytest.raises(SystemError):
		doc.submit()
	assert written  # it did get as far as the ledger
	assert frappe.db.count("Stock Ledger Entry", {"warehouse": store.warehouse, "is_cancelled": 0}) == before
	assert frappe.db.get_value("Stocktake", doc.name, ["status", "stock_reconciliation"]) == ("Failed", None)
	assert not frappe.db.exists("Stock Reconciliation", {"jxc_stocktake": doc.name, "docstatus": 1})

	monkeypatch.setattr(stock_ledger, "make_entry", real_make_entry)
	posting.retry_posting(doc.name)
	assert frappe.db.get_value("Stocktake", doc.name, "status") == "Posted"
	assert get_stock_balance(store.item_codes[0], store.warehouse) == 8
	assert get_stock_balance(store.item_codes[1], store.warehouse) == 22


def test_bad_input_changes_nothing(store):
	doc = _stocktake(store)
	with pytest.raises(states.StocktakeStateError):
		_as(store.counters[0], counting.add_count, doc.name, store.item_codes[0], 1)  # not counting yet
	snapshot.start_counting(doc.name)
	stranger = UserFactory(roles=["Stock User"]).name
	with pytest.raises(frappe.PermissionError):
		_as(stranger, counting.add_count, doc.name, store.item_codes[0], 1)
	with pytest.raises(states.StocktakeValidationError):
		_as(store.counters[0], counting.add_count, doc.name, ItemFactory().name, 1)  # not in scope
	with pytest.raises(states.StocktakeValidationError):
		_as(store.counters[0], counting.add_count, doc.name, store.item_codes[0], -1)
	with pytest.raises(states.StocktakeStateError):
		variance.finish_counting(doc.name)  # nothing counted, not confirmed as zero
	with pytest.raises(frappe.PermissionError):
		_as(store.counters[0], variance.finish_counting, doc.name, True)
	started = frappe.get_doc("Stocktake", doc.name)
	started.count_mode = "Open"  # would show the book to counters mid-count
	with pytest.raises(states.StocktakeStateError):
		started.save()
	assert frappe.db.count("Stocktake Count Entry", {"stocktake": doc.name}) == 0
	assert frappe.db.get_value("Stocktake", doc.name, "status") == "Counting"


def test_upload_adds_every_row_or_none(store):
	doc = _stocktake(store)
	snapshot.start_counting(doc.name)
	a, b, _c = store.item_codes
	good = f"item,qty\n{a},3\n{a},2\n{b},20\n"
	assert _as(store.counters[0], counting.upload_counts, doc.name, content=good) == 3
	bad = f"item,qty\n{a},1\nNO-SUCH-ITEM,2\n"
	with pytest.raises(states.StocktakeValidationError):
		_as(store.counters[0], counting.upload_counts, doc.name, content=bad)
	entries = frappe.get_all("Stocktake Count Entry", {"stocktake": doc.name, "item_code": a}, pluck="qty")
	assert sorted(entries) == [2, 3]  # the bad file added nothing


def test_scopes(store):
	extra = ItemFactory().name
	_receipt(store.company, extra, store.warehouse, 7)
	everything = _stocktake(store, scope="All Items", scope_items=[])
	snapshot.start_counting(everything.name)
	assert set(_lines(everything)) == {*store.item_codes, extra}
	posting.cancel_draft(everything.name)
	cycle = _stocktake(
		store, scope="Cycle Count", scope_items=[], cycle_items_per_day=2, cycle_start=add_days(nowdate(), -1)
	)
	# day 1 of a plan over the whole catalogue: items of other warehouses are simply not there
	assert len(plan.scope_items(cycle)) == 2


def test_track_freeze_counts_a_cancellation_during_the_count(store):
	a = store.item_codes[0]
	late = _receipt(store.company, a, store.warehouse, 4)  # before the snapshot: in the book (14)
	doc = _stocktake(store, freeze_mode="Track", qty_tolerance_percent=50)
	snapshot.start_counting(doc.name)
	late.cancel()  # the 4 go away while counting
	_count_all(store, doc, {a: 10, store.item_codes[1]: 20, store.item_codes[2]: 30})
	variance.finish_counting(doc.name)
	line = _lines(doc)[a]
	assert (line.book_qty, line.moved_qty, line.expected_qty, line.variance_qty) == (14, -4, 10, 0)
