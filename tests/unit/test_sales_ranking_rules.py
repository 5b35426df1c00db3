"""销售排行与毛利分析 rules: grouping, weighted margin, sales team split, ranking and top N."""

import pytest

from jxc_app.rules import sales_ranking as rules


def line(invoice="SI-1", item="A", customer="C1", qty=1, amount=100, cost=60, **more):
	return {
		"invoice": invoice,
		"item_code": item,
		"item_name": f"物料{item}",
		"item_group": more.pop("item_group", "G1"),
		"customer": customer,
		"customer_name": f"客户{customer}",
		"territory": more.pop("territory", "华东"),
		"qty": qty,
		"amount": amount,
		"cost": cost,
		**more,
	}


def test_margin_is_weighted_by_amount_not_an_average_of_margins():
	# 10 % on 1000 and 50 % on 100: the average would be 30 %, the weighted margin is 150 / 1100
	rows, total = rules.ranking(
		[line(item="A", amount=1000, cost=900), line(item="B", amount=100, cost=50)], rules.CUSTOMER
	)
	assert rows[0]["gross_profit"] == 150
	assert rows[0]["margin"] == pytest.approx(13.64)
	assert total["margin"] == pytest.approx(13.64)
	assert rules.margin(0, 0) is None
	assert rules.margin(-20, 100) == -20


def test_returns_net_out_of_their_group():
	rows, total = rules.ranking(
		[line(qty=10, amount=1000, cost=600), line(invoice="RET-1", qty=-2, amount=-200, cost=-120)],
		rules.ITEM,
	)
	assert [(row["key"], row["qty"], row["amount"], row["cost"]) for row in rows] == [("A", 8, 800, 480)]
	assert rows[0]["margin"] == 40
	assert total["amount"] == 800


def test_groups_by_each_key_with_its_name():
	lines = [
		line(item="A", customer="C1", item_group="G1", territory="华东", amount=300, cost=100),
		line(item="B", customer="C2", item_group="G1", territory="华北", amount=200, cost=150),
		line(item="A", customer="C2", item_group="G1", territory="华北", amount=100, cost=50),
	]
	by_item = {row["key"]: row for row in rules.group(lines, rules.ITEM)}
	assert by_item["A"]["amount"] == 400 and by_item["A"]["name"] == "物料A"
	assert {row["key"]: row["amount"] for row in rules.group(lines, rules.CUSTOMER)} == {"C1": 300, "C2": 300}
	assert rules.group(lines, rules.CUSTOMER)[0]["name"] == "客户C1"
	assert [row["amount"] for row in rules.group(lines, rules.ITEM_GROUP)] == [600]
	assert {row["key"]: row["gross_profit"] for row in rules.group(lines, rules.TERRITORY)} == {
		"华东": 200,
		"华北": 100,
	}
	with pytest.raises(rules.SalesRankingRuleError) as error:
		rules.group(lines, "Planet")
	assert error.value.code == "unknown_group"


def test_rank_orders_by_amount_cuts_at_top_n_and_gathers_the_rest():
	groups = rules.group(
		[
			line(item=item, amount=amount, cost=amount / 2)
			for item, amount in (("A", 100), ("B", 300), ("C", 200))
		],
		rules.ITEM,
	)
	rows = rules.rank(groups, top_n=2)
	assert [(row["rank"], row["key"]) for row in rows[:2]] == [(1, "B"), (2, "C")]
	others = rows[2]
	assert others["key"] is rules.OTHERS and others["rank"] is None and others["others"] == 1
	assert others["amount"] == 100
	assert [row["share"] for row in rows] == [50, 33.33, 16.67]
	assert len(rules.rank(groups, top_n=0)) == 3  # 0: all
	assert len(rules.rank(groups, top_n=3)) == 3
	for bad in (-1, 1.5, "3", True):
		with pytest.raises(rules.SalesRankingRuleError):
			rules.rank(groups, top_n=bad)


def test_ties_rank_by_gross_profit_then_key():
	groups = rules.group(
		[
			line(item="B", amount=100, cost=90),
			line(item="A", amount=100, cost=90),
			line(item="C", amount=100, cost=10),
		],
		rules.ITEM,
	)
	assert [row["key"] for row in rules.rank(groups)] == ["C", "A", "B"]


def test_sales_person_split_by_allocated_percentage_and_the_rest_unallocated():
	lines = [line(invoice="SI-1", qty=10, amount=1000, cost=400), line(invoice="SI-2", amount=500, cost=500)]
	teams = {"SI-1": [("王强", 60), ("李娜", 40)]}
	rows, total = rules.ranking(lines, rules.SALES_PERSON, teams=teams)
	by_person = {row["key"]: row for row in rows}
	assert (
		by_person["王强"]["amount"] == 600
		and by_person["王强"]["cost"] == 240
		and by_person["王强"]["qty"] == 6
	)
	assert by_person["李娜"]["gross_profit"] == 240
	assert by_person[rules.NO_SALES_PERSON]["amount"] == 500
	assert sum(row["amount"] for row in rows) == total["amount"] == 1500
	assert total["margin"] == 40
	# shares under 100 %: the rest is nobody's
	parts = rules.split_by_sales_team(line(amount=100, cost=0), [("王强", 70)])
	assert [(part["sales_person"], part["amount"]) for part in parts] == [
		("王强", 70),
		(rules.NO_SALES_PERSON, 30),
	]


def test_sales_team_over_100_percent_is_refused_naming_the_invoice():
	with pytest.raises(rules.SalesRankingRuleError) as error:
		rules.ranking(
			[line(invoice="SI-9")], rules.SALES_PERSON, teams={"SI-9": [("王强", 80), ("李娜", 30)]}
		)
	assert error.value.code == "bad_share" and error.value.figures["invoice"] == "SI-9"
	with pytest.raises(rules.SalesRankingRuleError):
		rules.split_by_sales_team(line(), [("王强", -5)])


def test_totals_of_the_lines_not_of_rounded_parts():
	# thirds of 100.01 round to 33.34 + 33.34 + 33.34 in the groups; the total stays 100.01
	lines = [line(amount=100.01, cost=0)]
	teams = {"SI-1": [("甲", 33.333333), ("乙", 33.333333), ("丙", 33.333334)]}
	rows, total = rules.ranking(lines, rules.SALES_PERSON, teams=teams)
	assert total["amount"] == 100.01
	assert len(rows) == 3


def test_empty():
	rows, total = rules.ranking([], rules.ITEM)
	assert rows == [] and total["amount"] == 0 and total["margin"] is None
