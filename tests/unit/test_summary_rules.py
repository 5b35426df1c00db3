"""The summary's rule table (what the SQL classification is generated from) agrees with ``classify``
and ``summary_column`` for every voucher, purpose, flag and sign."""

import itertools

import pytest

from jxc_app.rules import stock_movement as sm

VOUCHERS = (*sm.BUYING_VOUCHERS, *sm.SELLING_VOUCHERS, "Stock Entry", "Stock Reconciliation", "Landed Cost")
PURPOSES = (
	None,
	*sm.STOCK_ENTRY_PURPOSES,
	"Sales Return",
	"Purchase Return",
	"Opening Stock",
	"Stock Reconciliation",
)


@pytest.mark.parametrize("voucher_type", VOUCHERS)
def test_the_rule_table_gives_every_row_the_column_classify_does(voucher_type):
	checked = 0
	for purpose, is_return, is_opening, internal, qty, value in itertools.product(
		PURPOSES, (False, True), (False, "Yes", "No"), (False, True), (5.0, -5.0, 0.0), (3.0, -3.0)
	):
		expected = sm.summary_column(
			sm.classify(
				voucher_type,
				qty,
				purpose=purpose,
				is_return=is_return,
				is_opening=is_opening,
				is_internal_transfer=internal,
				qty_change=qty,
			),
			qty,
			value,
		)
		assert (
			sm.summary_column_of(
				voucher_type,
				qty,
				value,
				purpose=purpose,
				is_return=is_return,
				is_opening=is_opening,
				is_internal_transfer=internal,
			)
			== expected
		), (purpose, is_return, is_opening, internal, qty, value)
		checked += 1
	assert checked == len(PURPOSES) * 2 * 3 * 2 * 3 * 2


def test_summary_rules_only_name_summary_columns_and_keep_the_order():
	rules = sm.summary_rules()
	assert len(rules) == len(sm.VOUCHER_RULES)
	assert [(r.voucher_type, r.purpose, r.is_return) for r in rules] == [
		(r.voucher_type, r.purpose, r.is_return) for r in sm.VOUCHER_RULES
	]
	assert {r.inbound for r in rules} <= set(sm.COLUMNS) and {r.outbound for r in rules} <= set(sm.COLUMNS)
	opening = next(r for r in rules if r.purpose == "Opening Stock")
	assert (opening.inbound, opening.outbound) == (sm.OTHER_IN, sm.OTHER_OUT)
