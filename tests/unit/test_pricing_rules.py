import pytest

from jxc_app.rules.approval import condition_matches
from jxc_app.rules.pricing import (
	BELOW_MIN_PRICE,
	OVER_MAX_DISCOUNT,
	Limit,
	Line,
	combined_discount_pct,
	cost_rate,
	document_discount_pct,
	document_figures,
	limits_by_item,
	line_discount_pct,
	line_figures,
	lowest_margin_line,
	margin_pct,
	pick_limit,
)


def test_the_customer_groups_own_limit_wins_over_its_parents_and_over_none():
	limits = [
		Limit("COLA", None, min_price=2),
		Limit("COLA", "批发", min_price=1.8),
		Limit("COLA", "大客户", min_price=1.5),
		Limit("WATER", "大客户", min_price=0.5),
	]
	assert pick_limit(limits, "COLA", ["大客户", "批发", "全部"]).min_price == 1.5
	assert pick_limit(limits, "COLA", ["零售", "全部"]).min_price == 2
	assert pick_limit(limits, "COLA", ["华东批发", "批发"]).min_price == 1.8
	assert pick_limit(limits, "WATER", ["零售"]) is None
	assert pick_limit(limits, "JUICE", ["大客户"]) is None


def test_margin_is_on_the_selling_rate():
	assert margin_pct(100, 80) == 20
	assert margin_pct(100, 120) == -20
	assert margin_pct(0, 0) == 0
	assert margin_pct(0, 5) == -100


def test_discounts_combine_one_after_the_other():
	assert combined_discount_pct(10, 5) == 14.5
	assert combined_discount_pct(0, 0) == 0


def test_line_discount_from_discount_percentage_or_from_the_typed_rate():
	assert line_discount_pct(Line("A", price_list_rate=100, rate=80, discount_percentage=20)) == 20
	assert line_discount_pct(Line("A", price_list_rate=100, rate=75)) == 25
	assert line_discount_pct(Line("A", price_list_rate=100, rate=110)) == 0
	assert line_discount_pct(Line("A", price_list_rate=0, rate=50)) == 0
	assert line_discount_pct(Line("A", price_list_rate=100, rate=90), document_discount_pct=10) == 19


def test_document_discount_is_the_percentage_or_the_amount_on_the_total():
	assert document_discount_pct(1000, 5, 0) == 5
	assert document_discount_pct(1000, 0, 50) == 5
	assert document_discount_pct(0, 0, 50) == 0


def test_min_price_is_per_stock_unit_whatever_the_lines_uom():
	limit = Limit("COLA", min_price=2.5)
	# a box of 24 at 58.80 is 2.45 a can: below 2.50
	box = Line("COLA", qty=1, conversion_factor=24, base_net_rate=58.8, cost_rate=2)
	figures = line_figures(box, limit)
	assert figures.below_min_price
	assert figures.findings == [(BELOW_MIN_PRICE, 2.5)]
	# 60.00 a box is exactly 2.50 a can: not below
	assert not line_figures(
		Line("COLA", qty=1, conversion_factor=24, base_net_rate=60), limit
	).below_min_price
	# the box's cost is 24 cans: 48 on 58.80
	assert figures.margin_pct == round((58.8 - 48) / 58.8 * 100, 2)
	assert figures.cost_amount == 48


def test_over_max_discount_only_past_the_limit():
	limit = Limit("COLA", max_discount_pct=15)
	assert not line_figures(
		Line("COLA", price_list_rate=100, rate=85, base_net_rate=85), limit
	).over_max_discount
	over = line_figures(Line("COLA", price_list_rate=100, rate=84, base_net_rate=84), limit)
	assert over.over_max_discount and over.findings == [(OVER_MAX_DISCOUNT, 15)]
	assert not line_figures(
		Line("COLA", price_list_rate=100, rate=50, base_net_rate=50), None
	).over_max_discount


def test_document_aggregates_and_weighted_margin():
	lines = [
		Line("A", qty=10, base_net_rate=100, price_list_rate=100, rate=100, cost_rate=90),  # 10 %
		Line("B", qty=1, base_net_rate=100, price_list_rate=125, rate=100, cost_rate=50),  # 50 %, 20 % off
	]
	figures = document_figures(lines, [Limit("B", min_price=110)])
	assert figures.lowest_margin_pct == 10
	assert figures.highest_discount_pct == 20
	assert figures.below_min_price and not figures.over_max_discount
	# weighted: (1100 - 950) / 1100, not the plain average of 10 % and 50 %
	assert figures.gross_margin_pct == round(150 / 1100 * 100, 2)
	assert lowest_margin_line(figures) == 0
	empty = document_figures([])
	assert empty.lowest_margin_pct == 0 and not empty.below_min_price
	assert lowest_margin_line(empty) is None


@pytest.mark.parametrize(
	"bin_qty, bin_rate, last_purchase, item_rate, expected",
	[
		(5, 3.2, 2.8, 1, 3.2),  # in stock: the warehouse's valuation
		(0, 3.2, 2.8, 1, 2.8),  # no stock: the last purchase rate
		(0, 3.2, 0, 1, 3.2),  # never bought: what the warehouse last valued it at
		(0, 0, 0, 1, 1),
		(0, 0, 0, 0, 0),
	],
)
def test_cost_rate_falls_back_to_the_last_purchase_rate_without_stock(
	bin_qty, bin_rate, last_purchase, item_rate, expected
):
	assert cost_rate(bin_qty, bin_rate, last_purchase, item_rate) == expected


def test_limits_from_rows():
	assert limits_by_item([{"item_code": "A", "customer_group": "", "min_price": "2.5"}]) == [
		Limit("A", None, 2.5, 0)
	]


def test_approval_conditions_compare_the_aggregates_as_numbers():
	# a rule "lowest margin < 10" must not compare "9.5" and "10" as text
	assert condition_matches(9.5, "<", "10")
	assert not condition_matches(10.0, "<", "10")
	assert condition_matches(-3.2, "<", "10")
	assert condition_matches(20.01, ">", "15")
	assert condition_matches(1, "=", "1")
	assert not condition_matches(0, "=", "1")
