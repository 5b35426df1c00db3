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


def test_figure_values_close_the_moved_columns_in_figure_keys_order():
	moved = [0.0] * len(sm.MOVED_KEYS)
	position = {key: number for number, key in enumerate(sm.MOVED_KEYS)}
	moved[position[f"{sm.PURCHASE_IN}_qty"]] = 10.0
	moved[position[f"{sm.PURCHASE_IN}_value"]] = 100.0
	moved[position[f"{sm.SALES_OUT}_qty"]] = 4.0
	moved[position[f"{sm.SALES_OUT}_value"]] = 30.0
	moved[position[f"{sm.OTHER_OUT}_qty"]] = 1.0
	figures = dict(zip(sm.FIGURE_KEYS, sm.figure_values(5.0, 50.0, moved), strict=True))
	assert figures["opening_qty"] == 5.0 and figures["opening_value"] == 50.0
	assert (figures["in_qty"], figures["in_value"]) == (10.0, 100.0)
	assert (figures["out_qty"], figures["out_value"]) == (5.0, 30.0)
	assert (figures["closing_qty"], figures["closing_value"]) == (10.0, 120.0)
	assert figures[f"{sm.SALES_OUT}_qty"] == 4.0


def test_close_totals_agrees_with_figure_values():
	totals = {key: float(number) for number, key in enumerate(sm.MOVED_KEYS, start=1)}
	totals.update(opening_qty=7.0, opening_value=-3.0)
	expected = sm.figure_values(7.0, -3.0, [totals[key] for key in sm.MOVED_KEYS])
	closed = sm.close_totals(dict(totals))
	assert [closed[key] for key in sm.FIGURE_KEYS] == expected
	assert closed["closing_qty"] == closed["opening_qty"] + closed["in_qty"] - closed["out_qty"]
