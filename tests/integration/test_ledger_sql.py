"""The ledger classified by the database (``ledger_sql``: what builds the running balances and reads a
report's partial months) against the same rows classified in Python (``classify_rows``, the rule's
reference) on the demo company's ledger — receipts, deliveries, returns, transfers, counts, opening
stock, manufacture — whole, split at a day, and in windows that start mid-month (where a count's
change needs the balance before the window)."""

from collections import defaultdict

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from jxc_app.jxc_reports import ledger_sql, period_balance
from jxc_app.jxc_reports.stock_ledger import ledger_rows, permitted_warehouses
from jxc_app.rules import stock_movement


def _python_totals(company, from_date, to_date, split):
	"""(item, warehouse, before split) -> the WIDTH sums, row by row through classify_rows."""
	filters = frappe._dict(company=company, from_date=from_date or "2000-01-01", to_date=to_date)
	totals = defaultdict(lambda: [0.0] * ledger_sql.WIDTH)
	for row in ledger_rows(filters, warehouses=permitted_warehouses(filters), from_date=from_date):
		qty, value = row.qty_change, float(row.stock_value_difference or 0)
		column = stock_movement.summary_column(row.business_type, qty, value)
		sign = 1 if column in stock_movement.INBOUND else -1
		amounts = totals[(row.item_code, row.warehouse, bool(split and row.posting_date < getdate(split)))]
		amounts[0] += qty
		amounts[1] += value
		position = 2 + 2 * stock_movement.COLUMNS.index(column)
		amounts[position] += sign * qty
		amounts[position + 1] += sign * value
	return dict(totals)


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


def test_the_balances_built_by_the_database_hold_the_ledger_month_by_month(demo_company):
	"""Each month balance's movement and running totals equal the ledger's rows up to that month."""
	period_balance.rebuild(demo_company)
	balances = frappe.get_all(
		period_balance.PERIOD_BALANCE,
		filters={"company": demo_company},
		fields=["item_code", "warehouse", "period_start", "valid_until", "ledger_rows", "running_totals"],
	)
	assert balances
	rows = frappe.get_all(
		"Stock Ledger Entry",
		filters={"company": demo_company, "is_cancelled": 0},
		fields=["item_code", "warehouse", "posting_date"],
	)
	counted = defaultdict(int)
	for row in rows:
		counted[(row.item_code, row.warehouse, row.posting_date.replace(day=1))] += 1
	assert sum(balance.ledger_rows for balance in balances) == len(rows)
	for balance in balances:
		assert balance.ledger_rows == counted[(balance.item_code, balance.warehouse, balance.period_start)]
		assert balance.valid_until > balance.period_start
	# the running totals at the last month equal the whole ledger, pair by pair
	whole = _python_totals(demo_company, None, add_days(nowdate(), 3660), None)
	latest = {}
	for balance in balances:
		key = (balance.item_code, balance.warehouse)
		if key not in latest or latest[key].period_start < balance.period_start:
			latest[key] = balance
	for (item_code, warehouse, _before), amounts in whole.items():
		stored = [float(amount) for amount in latest[(item_code, warehouse)].running_totals.split(",")]
		assert stored == pytest.approx(amounts, abs=1e-6), (item_code, warehouse)


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
