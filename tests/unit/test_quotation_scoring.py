from datetime import date

import pytest

from jxc_app.rules.quotation_scoring import (
	Quote,
	Weights,
	award_approval_reason,
	score_quotes,
	suggested_winner,
	unit_price_incl_tax,
)

QUOTES = [
	Quote("甲", unit_price=100, lead_time_days=10, quality=80, service=70),
	Quote("乙", unit_price=90, lead_time_days=20, quality=70, service=90),
	Quote("丙", unit_price=120, lead_time_days=5, quality=95, service=80),
]


def test_scores_are_relative_to_the_best_and_weighted():
	scored = {
		s.quote.supplier: s
		for s in score_quotes(QUOTES, Weights(price=50, quality=20, lead_time=20, service=10))
	}
	assert scored["乙"].scores["price"] == 100
	assert scored["甲"].scores["price"] == pytest.approx(90)
	assert scored["丙"].scores["lead_time"] == 100
	assert scored["乙"].scores["lead_time"] == pytest.approx(25)
	# 甲: 0.5*90 + 0.2*80 + 0.2*50 + 0.1*70 = 78
	assert scored["甲"].total == pytest.approx(78)


def test_weights_decide_the_winner():
	assert (
		suggested_winner(
			score_quotes(QUOTES, Weights(price=100, quality=0, lead_time=0, service=0))
		).quote.supplier
		== "乙"
	)
	assert (
		suggested_winner(
			score_quotes(QUOTES, Weights(price=0, quality=50, lead_time=50, service=0))
		).quote.supplier
		== "丙"
	)


def test_expired_and_below_moq_quotes_are_set_aside():
	quotes = [
		Quote("旧", unit_price=50, valid_till=date(2026, 1, 1)),
		Quote("大批", unit_price=60, min_order_qty=1000),
		Quote("正常", unit_price=100),
	]
	scored = score_quotes(quotes, on_date=date(2026, 6, 1), required_qty=100)
	# eligible first; the set-aside ones after, cheapest first
	assert [s.quote.supplier for s in scored] == ["正常", "旧", "大批"]
	reasons = {s.quote.supplier: s.reason for s in scored}
	assert reasons == {"旧": "expired", "大批": "below minimum order quantity", "正常": ""}
	assert scored[0].scores["price"] == 100  # relative to eligible quotes only


def test_missing_figures_score_zero_on_their_criterion():
	scored = {
		s.quote.supplier: s
		for s in score_quotes([Quote("A", 100, lead_time_days=None, quality=None), Quote("B", 100, 7, 60)])
	}
	assert scored["A"].scores["lead_time"] == 0 and scored["A"].scores["quality"] == 0
	assert scored["B"].total > scored["A"].total


def test_award_approval_reasons():
	scored = score_quotes(QUOTES)
	best = suggested_winner(scored).quote.supplier
	assert award_approval_reason(scored, best) is None
	assert award_approval_reason(scored, "乙") is None  # lowest price
	others = {q.supplier for q in QUOTES} - {best, "乙"}
	for supplier in others:
		assert award_approval_reason(scored, supplier) == "neither best score nor lowest price"
	assert award_approval_reason(score_quotes(QUOTES[:1]), "甲") == "single quote"
	assert award_approval_reason(scored, "丁") == "not an eligible quote"


def test_invalid_weights():
	with pytest.raises(ValueError):
		Weights(0, 0, 0, 0)
	with pytest.raises(ValueError):
		Weights(price=-1)


def test_unit_price_is_per_line_uom_with_tax_in_company_currency():
	# quoted 1 200 per box of 12 (net, company currency), 13 % tax on the whole quotation
	assert unit_price_incl_tax(1200, 12, 1, 10000, 1300) == pytest.approx(113)
	# the comparison line is in boxes of 12 too
	assert unit_price_incl_tax(1200, 12, 12, 10000, 1300) == pytest.approx(1356)
	# no tax, and a quotation without net total does not divide by zero
	assert unit_price_incl_tax(50, 1, 1, 0, 0) == pytest.approx(50)
	assert unit_price_incl_tax(0, 1, 1, 100, 13) == 0
