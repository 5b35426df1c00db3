"""对账单 rules: voucher kinds, opening / rows / running / closing balances."""

import datetime

import pytest

from jxc_app.rules import statement as s

D = datetime.date


def entry(day, voucher, debit=0.0, credit=0.0, rate=1.0, **values):
	voucher_type, voucher_no = voucher
	return {
		"posting_date": D(2026, 3, day) if isinstance(day, int) else day,
		"voucher_type": voucher_type,
		"voucher_no": voucher_no,
		"debit": debit,
		"credit": credit,
		"debit_in_account_currency": round(debit / rate, 2),
		"credit_in_account_currency": round(credit / rate, 2),
		"account_currency": "CNY" if rate == 1 else "USD",
		**values,
	}


SI1, SI2, CN, PE = (
	("Sales Invoice", "SI-1"),
	("Sales Invoice", "SI-2"),
	("Sales Invoice", "SI-RET"),
	("Payment Entry", "PE-1"),
)


def test_kinds():
	assert s.kind("Sales Invoice") == s.INVOICE
	assert s.kind("Sales Invoice", is_return=True) == s.CREDIT_NOTE
	assert s.kind("Purchase Invoice", is_return=True) == s.DEBIT_NOTE
	assert s.kind("Payment Entry", payment_type="Receive") == s.RECEIPT
	assert s.kind("Payment Entry", payment_type="Pay") == s.PAYMENT
	assert s.kind("Journal Entry") == s.JOURNAL
	assert s.kind("Period Closing Voucher") == s.OTHER


def test_opening_rows_running_balance_and_closing():
	entries = [
		entry(D(2026, 2, 20), ("Sales Invoice", "SI-0"), debit=500),
		entry(D(2026, 2, 25), ("Payment Entry", "PE-0"), credit=200),
		entry(5, SI1, debit=1000),
		entry(9, PE, credit=600),
		entry(9, PE, credit=100),  # a second line of the same voucher: one row
		entry(12, CN, credit=150),
		entry(20, SI2, debit=80.55),
		entry(D(2026, 4, 2), ("Sales Invoice", "SI-LATE"), debit=999),  # after the period
		entry(30, ("Journal Entry", "OPEN"), debit=40, is_opening="Yes"),  # an opening entry
	]
	statement = s.build(entries, D(2026, 3, 1), D(2026, 3, 31))
	assert statement.opening.balance == 340
	assert [(row.voucher_no, row.balance) for row in statement.rows] == [
		("SI-1", 1340),
		("PE-1", 640),
		("SI-RET", 490),
		("SI-2", 570.55),
	]
	assert statement.rows[1].amounts.credit == 700
	assert (statement.total.debit, statement.total.credit) == (1080.55, 850)
	assert statement.closing_balance == 570.55
	assert statement.closing_balance == round(
		statement.opening.balance + sum(r.amounts.debit - r.amounts.credit for r in statement.rows), 2
	)


def test_rows_in_date_order_whatever_the_entry_order():
	entries = [entry(20, SI2, debit=10), entry(5, SI1, debit=20), entry(20, PE, credit=5)]
	rows = s.build(entries, D(2026, 3, 1), D(2026, 3, 31)).rows
	assert [row.voucher_no for row in rows] == ["SI-1", "SI-2", "PE-1"]
	assert [row.balance for row in rows] == [20, 30, 25]


def test_account_currency_balances_run_beside_company_currency():
	entries = [
		entry(D(2026, 2, 1), SI1, debit=700, rate=7),
		entry(3, SI2, debit=1400, rate=7),
		entry(4, PE, credit=700, rate=7),
	]
	statement = s.build(entries, D(2026, 3, 1), D(2026, 3, 31))
	assert statement.opening.balance_in_account_currency == 100
	assert [row.balance_in_account_currency for row in statement.rows] == [300, 200]
	assert statement.closing_balance_in_account_currency == 200
	assert statement.closing_balance == 1400
	assert statement.account_currencies == {"USD"}


def test_empty_period_and_dates_as_text():
	statement = s.build([entry("2026-01-05", SI1, debit=10)], D(2026, 3, 1), D(2026, 3, 31))
	assert (statement.opening.balance, statement.rows, statement.closing_balance) == (10, [], 10)


def test_reversed_period_is_refused():
	with pytest.raises(s.StatementRuleError) as caught:
		s.build([], D(2026, 3, 31), D(2026, 3, 1))
	assert caught.value.code == "period_reversed"


def test_direction():
	assert s.direction(0.004) == s.SETTLED
	assert s.direction(12) == s.OWED_BY_PARTY
	assert s.direction(-3) == s.OWED_TO_PARTY
