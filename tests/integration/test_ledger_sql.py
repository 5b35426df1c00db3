"""The ledger classified by the database (``ledger_sql``: what builds the running balances and reads a
report's partial months) against the same rows classified in Python (``classify_rows``, the rule's
reference) on the demo company's ledger — receipts, deliveries, returns, transfers, counts, opening
stock, manufacture — whole, split at a day, and in windows that start mid-month (where a count's
change needs the balance before the window)."""

import threading
import time
from collections import defaultdict

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from jxc_app.jxc_reports import ledger_sql, period_balance
from jxc_app.jxc_reports.stock_ledger import ledger_rows, permitted_warehouses
from jxc_app.rules import period_plan, stock_movement


def _python_totals(company, from_date, to_date, split):
	"""(item, warehouse, before split) -> the WIDTH sums, row by row through classify_rows."""
	filters = frappe._dict(company=company, from_date=from_date or "2000-01-01", to_date=to_date)
	totals = defaultdict(lambda: [0.0] * ledger_sql.WIDTH)
	for row in ledger_rows(filters, warehouses=permitted_warehouses(filters), from_date=from_date):
		_add_row(
			totals[(row.item_code, row.warehouse, bool(split and row.posting_date < getdate(split)))], row
		)
	return dict(totals)


def _add_row(amounts, row):
	"""A ledger row classified in Python added to the WIDTH sums."""
	qty, value = row.qty_change, float(row.stock_value_difference or 0)
	column = stock_movement.summary_column(row.business_type, qty, value)
	sign = 1 if column in stock_movement.INBOUND else -1
	amounts[0] += qty
	amounts[1] += value
	position = 2 + 2 * stock_movement.COLUMNS.index(column)
	amounts[position] += sign * qty
	amounts[position + 1] += sign * value


def _sql_totals(company, from_date, to_date, split):
	filters = frappe._dict(company=company)
	return {
		(item_code, warehouse, before): amounts
		for item_code, warehouse, before, amounts in ledger_sql.pair_totals(
			company,
			from_date=getdate(from_date) if from_date else None,
			to_date=getdate(to_date),
			split=getdate(split) if split else None,
			warehouses=permitted_warehouses(filters),
		)
	}


@pytest.mark.smoke
def test_the_database_classifies_every_ledger_row_as_classify_rows_does(demo_company):
	today = getdate(nowdate())
	kinds = frappe.get_all(
		"Stock Ledger Entry",
		filters={"company": demo_company, "is_cancelled": 0},
		pluck="voucher_type",
		distinct=True,
	)
	assert {"Stock Entry", "Stock Reconciliation", "Delivery Note", "Purchase Receipt"} <= set(kinds)
	cases = [
		(None, add_days(today, 3660), None),  # the whole ledger
		(None, today, add_days(today, -20)),  # split at a day
		(add_days(today, -40), add_days(today, -5), None),  # a window from mid-month
		(add_days(today, -75), today, add_days(today, -30)),
	]
	columns_seen = set()
	for from_date, to_date, split in cases:
		expected = _python_totals(demo_company, from_date, to_date, split)
		actual = _sql_totals(demo_company, from_date, to_date, split)
		assert expected, (from_date, to_date, split)
		assert set(actual) == set(expected), (from_date, to_date, split)
		for key, amounts in expected.items():
			assert actual[key] == pytest.approx(amounts, abs=1e-6), (from_date, to_date, split, key)
			columns_seen.update(
				stock_movement.COLUMNS[number] for number in range(12) if abs(amounts[2 + 2 * number]) > 1e-9
			)
	# the demo's ledger moves goods through most of the summary's columns
	assert len(columns_seen) >= 6, columns_seen


def test_pair_changes_are_the_quantity_and_value_classify_rows_adds_up(demo_company):
	"""``pair_changes`` (the days before a range, each pair's quantity and value without reading vouchers)
	against the same rows classified in Python: a window from mid-month (a count's change needs the
	balance before it), the whole ledger, and the item filter."""
	today = getdate(nowdate())
	warehouses = permitted_warehouses(frappe._dict(company=demo_company))
	for from_date, to_date in (
		(add_days(today, -40), add_days(today, -5)),
		(getdate("2000-01-01"), add_days(today, 3660)),
	):
		expected = {
			(item_code, warehouse): (amounts[0], amounts[1])
			for (item_code, warehouse, _before), amounts in _python_totals(
				demo_company, from_date, to_date, None
			).items()
		}
		changes = ledger_sql.pair_changes(
			demo_company, from_date=from_date, to_date=to_date, warehouses=warehouses
		)
		actual = {(item_code, warehouse): (qty, value) for item_code, warehouse, qty, value in changes}
		assert expected and len(actual) == len(changes) and set(actual) == set(expected), from_date
		for key, (qty, value) in expected.items():
			assert actual[key] == pytest.approx((qty, value), abs=1e-6), (from_date, key)
	# every warehouse unnamed (None) and one item: that item's rows only
	item_code = next(iter(expected))[0]
	only = ledger_sql.pair_changes(
		demo_company,
		from_date=getdate("2000-01-01"),
		to_date=add_days(today, 3660),
		filters=frappe._dict(item_code=item_code),
	)
	assert only and {row[0] for row in only} == {item_code}
	for item, warehouse, qty, value in only:
		assert (qty, value) == pytest.approx(expected[(item, warehouse)], abs=1e-6)


def _python_period_totals(company):
	"""(item, warehouse) -> half month (its first day) -> the WIDTH sums of its rows, through
	classify_rows."""
	filters = frappe._dict(company=company, from_date="2000-01-01", to_date=add_days(nowdate(), 3660))
	months = defaultdict(lambda: defaultdict(lambda: [0.0] * ledger_sql.WIDTH))
	for row in ledger_rows(filters, warehouses=permitted_warehouses(filters), from_date=None):
		_add_row(
			months[(row.item_code, row.warehouse)][period_plan.period_start(getdate(row.posting_date))], row
		)
	return months


def test_the_balances_built_by_the_database_hold_the_ledger_half_month_by_half_month(demo_company):
	"""Each half month's balance — its name, movement, row count, running totals and validity — is what
	``period_plan.running_rows`` makes of the ledger's rows classified in Python."""
	written = period_balance.rebuild(demo_company)
	balances = frappe.get_all(
		period_balance.PERIOD_BALANCE,
		filters={"company": demo_company},
		fields=list(period_balance.COLUMNS),  # what the build writes
	)
	assert balances and written == len(balances)
	rows = frappe.get_all(
		"Stock Ledger Entry",
		filters={"company": demo_company, "is_cancelled": 0},
		fields=["item_code", "warehouse", "posting_date"],
	)
	counted = defaultdict(int)
	for row in rows:
		counted[(row.item_code, row.warehouse, period_plan.period_start(row.posting_date))] += 1
	assert sum(balance.ledger_rows for balance in balances) == len(rows)
	stored = {(b.item_code, b.warehouse, b.period_start): b for b in balances}
	expected_keys = set()
	for (item_code, warehouse), by_month in _python_period_totals(demo_company).items():
		month_list = sorted(by_month.items())
		running = period_plan.running_rows(month_list)
		for (month, amounts), (_month, until, totals) in zip(month_list, running, strict=True):
			key = (item_code, warehouse, month)
			expected_keys.add(key)
			balance = stored[key]
			assert balance.name == f"{item_code}|{warehouse}|{month:%Y-%m-%d}"
			assert balance.period_type == period_plan.RUNNING
			assert balance.valid_until == until, key
			assert balance.ledger_rows == counted[key]
			assert (balance.qty_change, balance.value_change) == pytest.approx(amounts[:2], abs=1e-6)
			stored_totals = [float(amount) for amount in balance.running_totals.split(",")]
			assert stored_totals == pytest.approx(totals, abs=1e-6), key
	assert set(stored) == expected_keys


def test_an_item_filter_too_long_to_list_is_a_subquery_with_the_same_rows(demo_company, monkeypatch):
	item_code = frappe.get_all(
		"Stock Ledger Entry", filters={"company": demo_company, "is_cancelled": 0}, pluck="item_code", limit=1
	)[0]
	group = frappe.db.get_value("Item", item_code, "item_group")
	filters = frappe._dict(company=demo_company, item_group=group)
	warehouses = permitted_warehouses(filters)

	def read():
		ledger = ledger_sql.pair_totals(
			demo_company, to_date=add_days(nowdate(), 3660), warehouses=warehouses, filters=filters
		)
		balances = ledger_sql.running_totals_at(demo_company, (getdate(nowdate()),), warehouses, filters)
		return {(item, warehouse): amounts for item, warehouse, _before, amounts in ledger}, sorted(balances)

	period_balance.rebuild(demo_company)
	listed_ledger, listed_balances = read()
	assert item_code in {item for item, _warehouse in listed_ledger}
	monkeypatch.setattr(ledger_sql, "ITEMS_LISTED", 0)  # every filter now a subquery
	ledger, balances = read()
	assert balances == listed_balances
	# the same rows, added up in another order
	assert set(ledger) == set(listed_ledger)
	for pair, amounts in listed_ledger.items():
		assert ledger[pair] == pytest.approx(amounts, abs=1e-6), pair


def _ledger_items(company):
	return sorted(
		set(
			frappe.get_all(
				"Stock Ledger Entry", filters={"company": company}, pluck="item_code", distinct=True
			)
		)
	)


@pytest.mark.smoke
def test_a_build_reads_the_next_pass_ahead_on_its_own_connection_as_this_one_would(demo_company):
	"""A committed build reads each pass's ledger on another connection (``_ReadAhead``) while this
	one writes: the same half-month totals, pass by pass, in order (the demo's ledger is committed)."""
	items = _ledger_items(demo_company)
	assert len(items) >= 3
	passes = [items[:1], items[1:3], items[3:]]
	ahead = period_balance._ReadAhead(demo_company, passes)
	try:
		for passed in passes:
			read_ahead, here = ahead.next(), ledger_sql.period_totals(demo_company, passed)
			assert read_ahead.keys() == here.keys() and {pair[0] for pair in here} <= set(passed)
			for pair, months in here.items():
				assert read_ahead[pair].keys() == months.keys(), pair
				for month, amounts in months.items():
					# rows may come in another order: sums equal to their last bits
					assert read_ahead[pair][month] == pytest.approx(amounts, abs=1e-6), (pair, month)
	finally:
		ahead.close()
	assert not ahead._thread.is_alive()


def test_a_read_ahead_that_fails_raises_in_the_build_and_one_left_early_stops(demo_company, monkeypatch):
	items = _ledger_items(demo_company)

	def broken(company, items):
		raise frappe.ValidationError("the ledger could not be read")

	monkeypatch.setattr(ledger_sql, "period_totals", broken)  # modules are shared with the thread
	failing = period_balance._ReadAhead(demo_company, [items])
	with pytest.raises(frappe.ValidationError, match="could not be read"):
		failing.next()
	failing.close()
	monkeypatch.undo()
	# three passes, one taken: closing stops the reader blocked on the next one
	ahead = period_balance._ReadAhead(demo_company, [items[:1], items[1:2], items[2:]])
	ahead.next()
	ahead.close()
	assert not ahead._thread.is_alive()
	# a pass waiting untaken, then a failure: closing still stops the reader (its error goes nowhere)
	read = ledger_sql.period_totals
	calls = []

	def second_fails(company, items):
		calls.append(items)
		if len(calls) > 1:
			raise frappe.ValidationError("the ledger could not be read")
		return read(company, items)

	monkeypatch.setattr(ledger_sql, "period_totals", second_fails)
	ahead = period_balance._ReadAhead(demo_company, [items[:1], items[1:2]])
	while len(calls) < 2:
		time.sleep(0.05)
	ahead.close()
	assert not ahead._thread.is_alive()


def test_a_committed_rebuild_with_its_reads_ahead_writes_what_one_connection_writes(
	demo_company, monkeypatch
):
	"""The balances a build in the long queue writes (commit after each pass, the ledger read ahead)
	equal those written reading on this connection."""
	fields = ["name", "valid_until", "ledger_rows", "qty_change", "value_change", "running_totals"]

	def stored():
		"""name -> (valid until, rows), [amounts]: the rows come in another order on the other
		connection, so the sums may differ in their last bits"""
		return {
			row.name: (
				(row.valid_until, row.ledger_rows),
				[row.qty_change, row.value_change, *map(float, row.running_totals.split(","))],
			)
			for row in frappe.get_all(
				period_balance.PERIOD_BALANCE, filters={"company": demo_company}, fields=fields
			)
		}

	items = dict.fromkeys(_ledger_items(demo_company))
	period_balance._rebuild_items(demo_company, items)
	one_connection = stored()
	frappe.db.commit()
	try:
		monkeypatch.setattr(period_balance, "ITEMS_PER_PASS", 2)  # several passes, each read ahead
		# several INSERTs a pass, each run by the write-behind thread while the next rows are built
		monkeypatch.setattr(period_balance, "INSERT_ROWS", 3)
		statements = []
		run = period_balance._WriteBehind.run
		monkeypatch.setattr(
			period_balance._WriteBehind,
			"run",
			lambda self, statement: (statements.append(1), run(self, statement)),
		)
		period_balance._rebuild_items(demo_company, items, commit=True)
		read_ahead = stored()
		assert len(statements) > len(items) / 2, "several INSERTs a pass, through the write-behind thread"
		assert not any(t.name == "jxc-period-balance-write-behind" for t in threading.enumerate())
		assert read_ahead.keys() == one_connection.keys()
		for name, (key, amounts) in one_connection.items():
			assert read_ahead[name][0] == key, name
			assert read_ahead[name][1] == pytest.approx(amounts, abs=1e-6), name
	finally:
		frappe.db.commit()


def test_stretches_read_by_one_statement_are_each_stretch_read_alone(demo_company):
	today = getdate(nowdate())
	warehouses = permitted_warehouses(frappe._dict(company=demo_company))
	stretches = [(add_days(today, -20), today), (add_days(today, -75), add_days(today, -40))]
	together = {
		(number, item_code, warehouse): amounts
		for number, item_code, warehouse, amounts in ledger_sql.stretch_totals(
			demo_company, stretches, warehouses=warehouses
		)
	}
	alone = {}
	for number, (first, last) in enumerate(stretches):
		for item_code, warehouse, _before, amounts in ledger_sql.pair_totals(
			demo_company, from_date=first, to_date=last, warehouses=warehouses
		):
			alone[(number, item_code, warehouse)] = amounts
	assert {number for number, _item, _warehouse in alone} == {0, 1}
	assert set(together) == set(alone)
	for key, amounts in alone.items():
		assert together[key] == pytest.approx(amounts, abs=1e-6), key
	assert ledger_sql.stretch_totals(demo_company, [], warehouses=warehouses) == []
	with pytest.raises(ValueError, match="overlap"):
		ledger_sql.stretch_totals(demo_company, [(add_days(today, -9), today), (add_days(today, -3), today)])


def test_texts_packed_in_one_are_the_rows_and_past_the_limit_are_read_as_rows(demo_company, monkeypatch):
	"""``packed_texts`` (every row in one ``GROUP_CONCAT``) gives the rows ``texts`` streams, puts the
	session's limit back, and says None when the rows do not fit; ``item_details`` then reads them as
	rows, with the same result. A streamed read leaves the connection ready for the next query."""
	text = "CONCAT_WS(CHAR(31), name, IFNULL(item_group, ''), IFNULL(stock_uom, ''), IFNULL(item_name, ''))"
	limit = frappe.db.sql("SELECT @@SESSION.group_concat_max_len")[0][0]
	rows = list(ledger_sql.texts(text, "`tabItem`", {}))
	packed = ledger_sql.packed_texts(text, "`tabItem`", {})
	assert len(rows) == frappe.db.count("Item") > 1 and sorted(packed) == sorted(rows)
	assert frappe.db.sql("SELECT @@SESSION.group_concat_max_len")[0][0] == limit
	assert ledger_sql.packed_texts(text, "`tabItem` WHERE name = %(none)s", {"none": "no such item"}) == []
	every = frappe.get_all("Item", pluck="name")
	details = period_balance.item_details(every)
	item = frappe.get_doc("Item", every[0])
	assert details[item.name] == (item.item_name, item.item_group, item.stock_uom)
	monkeypatch.setattr(ledger_sql, "PACKED_MOST", 64)  # shorter than every Item in one text
	assert ledger_sql.packed_texts(text, "`tabItem`", {}) is None
	assert frappe.db.sql("SELECT @@SESSION.group_concat_max_len")[0][0] == limit
	assert period_balance.item_details(every) == details
	# a stream read to its end: the connection takes the next query
	assert len(list(ledger_sql.texts("name", "`tabItem`", {}))) == len(every)
	assert frappe.db.count("Item") == len(every)


def test_a_write_behind_statement_that_fails_raises_in_the_build_and_the_rest_is_dropped(demo_company):
	"""A statement the write-behind thread could not run is raised by the next ``run`` or ``wait`` (the
	build fails, its job rolls back); closing stops the thread and drops what is still waiting."""
	table = f"`tab{period_balance.PERIOD_BALANCE}`"
	before = frappe.db.count(period_balance.PERIOD_BALANCE)
	behind = period_balance._WriteBehind()
	try:
		behind.run(f"insert into {table} (`no_such_column`) values (1)")
		with pytest.raises(frappe.db.OperationalError):
			behind.wait()
		behind.wait()  # raised once; the connection is this thread's again
		assert frappe.db.count(period_balance.PERIOD_BALANCE) == before
	finally:
		behind.close()
	assert not behind._thread.is_alive()
	# a failure while this thread still builds: the next run raises it, what follows never runs
	behind = period_balance._WriteBehind()
	try:
		behind.run(f"insert into {table} (`no_such_column`) values (1)")
		with pytest.raises(frappe.db.OperationalError):
			for _attempt in range(100):
				behind.run("select 1")
				time.sleep(0.01)
	finally:
		behind.close()
	assert not behind._thread.is_alive() and frappe.db.count(period_balance.PERIOD_BALANCE) == before
