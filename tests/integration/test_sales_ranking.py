"""销售排行与毛利分析 on a real site: a company of its own with three items received at different
valuation rates (FIFO), two customers in two territories, invoices that update stock (one with two
sales persons, one without any) and a return. The ranking, the top N, the netted return and the
weighted margin are checked, and the totals equal ERPNext's Gross Profit report for the same
filters. Over REST a Sales User (who may not see costs) gets 403."""

import json

import frappe
import pytest
import requests
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return
from erpnext.accounts.report.gross_profit import gross_profit
from frappe.utils import add_days, flt, nowdate
from frappe.utils.nestedset import get_root_of

from jxc_app.jxc_selling.report.sales_ranking import sales_ranking
from jxc_app.rules import sales_ranking as rules
from tests.integration.factories import (
	CompanyFactory,
	CustomerFactory,
	ItemFactory,
	WarehouseFactory,
	api_user,
	material_receipt,
	unique,
)

RANKING_COMPANY, RANKING_ABBR = "_JXC销售排行公司", "_JXCSR"
REPORT = "Sales Ranking"


@pytest.fixture(scope="module")
def ranking_company(company) -> str:
	"""A company of its own (made once and kept): nothing else sells in it, so its periods hold only
	a test's invoices (rolled back after each test)."""
	if not frappe.db.exists("Company", RANKING_COMPANY):
		CompanyFactory(company_name=RANKING_COMPANY, abbr=RANKING_ABBR)
		frappe.db.commit()
	return RANKING_COMPANY


def _sell(company, customer, warehouse, lines, team=(), days_ago=2):
	"""A submitted Sales Invoice that updates stock: ``lines`` = [(item, qty, rate)], ``team`` =
	[(sales person, allocated %)]."""
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"company": company,
			"customer": customer,
			"currency": "CNY",
			"conversion_rate": 1,
			"ignore_pricing_rule": 1,
			"update_stock": 1,
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -days_ago),
			"items": [
				{"item_code": item, "qty": qty, "rate": rate, "price_list_rate": rate, "warehouse": warehouse}
				for item, qty, rate in lines
			],
			"sales_team": [
				{"sales_person": person, "allocated_percentage": percent} for person, percent in team
			],
		}
	)
	invoice.insert()
	invoice.submit()
	return invoice


@pytest.fixture
def world(ranking_company):
	"""Items A, B, C (FIFO); A received 10 @ 40 then 10 @ 60, B 20 @ 20, C 5 @ 100. Sold:
	SI1 to C1 (territory T1, sales person P1 100 %): A 12 @ 100, B 5 @ 30;
	SI2 to C2 (T2, P1 50 % / P2 50 %): A 3 @ 90, C 2 @ 150;
	SI3 to C2 (no sales team): B 10 @ 25;
	and 2 of SI1's A returned (@ 100)."""
	company = ranking_company
	w = frappe._dict(company=company)
	w.warehouse = WarehouseFactory(company=company).name
	w.a, w.b, w.c = (ItemFactory(valuation_method="FIFO").name for _ in range(3))
	for item, qty, rate, days_ago in ((w.a, 10, 40, 5), (w.a, 10, 60, 4), (w.b, 20, 20, 5), (w.c, 5, 100, 5)):
		material_receipt(company, item, w.warehouse, qty, rate=rate, days_ago=days_ago)
	w.t1, w.t2 = (
		frappe.get_doc(
			{
				"doctype": "Territory",
				"territory_name": unique("地区"),
				"parent_territory": get_root_of("Territory"),
			}
		)
		.insert()
		.name
		for _ in range(2)
	)
	w.c1 = CustomerFactory(territory=w.t1).name
	w.c2 = CustomerFactory(territory=w.t2).name
	w.p1, w.p2 = (
		frappe.get_doc(
			{
				"doctype": "Sales Person",
				"sales_person_name": unique("销售员"),
				"parent_sales_person": get_root_of("Sales Person"),
			}
		)
		.insert()
		.name
		for _ in range(2)
	)
	w.si1 = _sell(company, w.c1, w.warehouse, [(w.a, 12, 100), (w.b, 5, 30)], [(w.p1, 100)])
	w.si2 = _sell(company, w.c2, w.warehouse, [(w.a, 3, 90), (w.c, 2, 150)], [(w.p1, 50), (w.p2, 50)])
	w.si3 = _sell(company, w.c2, w.warehouse, [(w.b, 10, 25)])
	ret = make_sales_return(w.si1.name)
	ret.items = [row for row in ret.items if row.item_code == w.a]
	ret.items[0].qty = -2
	ret.update({"set_posting_time": 1, "posting_date": add_days(nowdate(), -1)})
	ret.insert()
	ret.submit()
	w.ret = ret
	w.filters = {"company": company, "from_date": add_days(nowdate(), -3), "to_date": nowdate()}
	return w


def _run(filters: dict) -> frappe._dict:
	columns, data, _message, chart, summary = sales_ranking.execute(json.dumps(filters))
	ranked = [row for row in data if row["rank"]]
	others = [row for row in data if not row["rank"] and row["name"] != frappe._("Total")]
	return frappe._dict(
		columns=columns,
		ranked=ranked,
		by_key={row["key"]: row for row in ranked},
		others=others[0] if others else None,
		total=data[-1] if data else None,
		chart=chart,
		summary={entry["label"]: entry["value"] for entry in summary},
	)


def _gross_profit(filters: dict, group_by: str) -> tuple[dict, dict]:
	"""ERPNext's Gross Profit report for the same period: (its total row, its rows by their first
	column), each as {fieldname: value}."""
	columns, data = gross_profit.execute(
		frappe._dict(filters, group_by=group_by, include_returned_invoices=1)
	)
	names = [column.get("fieldname") or frappe.scrub(column["label"]) for column in columns]
	rows = [row if isinstance(row, dict) else dict(zip(names, row, strict=False)) for row in data]
	return rows[-1], {row[names[0]]: row for row in rows[:-1]}


def _ledger_cost(invoice: str, item: str) -> float:
	"""What the stock ledger took out for an invoice's item: its stock value difference, negated."""
	return -sum(
		flt(value)
		for value in frappe.get_all(
			"Stock Ledger Entry",
			{"voucher_no": invoice, "item_code": item, "is_cancelled": 0},
			pluck="stock_value_difference",
		)
	)


@pytest.mark.smoke
def test_ranking_by_item_nets_returns_weights_margin_and_equals_gross_profit(world):
	w = world
	report = _run({**w.filters, "group_by": "Item"})
	# A: 12 + 3 - 2 returned; 1200 + 270 - 200. B: 5 + 10; 150 + 250. C: 2; 300
	assert [row["key"] for row in report.ranked] == [w.a, w.b, w.c]
	assert [row["rank"] for row in report.ranked] == [1, 2, 3]
	a, b, c = (report.by_key[item] for item in (w.a, w.b, w.c))
	assert (a["qty"], a["amount"]) == (13, 1270)
	assert (b["qty"], b["amount"], c["amount"]) == (15, 400, 300)
	# costs are the stock ledger's (FIFO): B 5 + 10 @ 20, C 2 @ 100
	assert b["cost"] == pytest.approx(_ledger_cost(w.si1.name, w.b) + _ledger_cost(w.si3.name, w.b)) == 300
	assert c["cost"] == pytest.approx(_ledger_cost(w.si2.name, w.c)) == 200
	# A: SI1 took 10 @ 40 + 2 @ 60, SI2 3 @ 60; the return nets out 2 of SI1's 12 at SI1's rate
	sold_a = _ledger_cost(w.si1.name, w.a) + _ledger_cost(w.si2.name, w.a)
	assert sold_a == pytest.approx(520 + 180)
	assert a["cost"] == pytest.approx(sold_a * 1 - 520 / 12 * 2, abs=0.1)
	for row in report.ranked:
		assert row["gross_profit"] == pytest.approx(row["amount"] - row["cost"])
		assert row["margin"] == pytest.approx(row["gross_profit"] / row["amount"] * 100, abs=0.01)
	assert sum(row["share"] for row in report.ranked) == pytest.approx(100, abs=0.02)

	# totals: weighted margin, not the average of the groups' margins
	total = report.total
	assert total["amount"] == 1970 and total["qty"] == 30
	assert total["margin"] == pytest.approx(total["gross_profit"] / total["amount"] * 100, abs=0.01)
	plain_average = sum(row["margin"] for row in report.ranked) / 3
	assert abs(total["margin"] - plain_average) > 1
	assert report.summary[frappe._("Total Amount")] == total["amount"]
	assert report.summary[frappe._("Total Gross Profit")] == total["gross_profit"]
	assert report.summary[frappe._("Weighted Margin %")] == total["margin"]
	assert report.chart["data"]["labels"][0] == frappe.db.get_value("Item", w.a, "item_name")
	assert report.chart["data"]["datasets"][0]["values"] == [1270, 400, 300]

	# ERPNext's Gross Profit for the same filters: the same totals, by invoice and by item
	for group_by in ("Invoice", "Item Code"):
		theirs, rows = _gross_profit(w.filters, group_by)
		assert theirs["selling_amount"] == pytest.approx(total["amount"]), group_by
		assert theirs["buying_amount"] == pytest.approx(total["cost"]), group_by
		assert theirs["gross_profit"] == pytest.approx(total["gross_profit"]), group_by
	for item in (w.a, w.b, w.c):
		assert rows[item]["buying_amount"] == pytest.approx(report.by_key[item]["cost"])
		assert rows[item]["selling_amount"] == pytest.approx(report.by_key[item]["amount"])

	# top N: the rest in one row, the totals unchanged
	top = _run({**w.filters, "group_by": "Item", "top_n": 1})
	assert [row["key"] for row in top.ranked] == [w.a]
	assert top.others["amount"] == 700 and top.others["cost"] == pytest.approx(b["cost"] + c["cost"])
	assert top.total["amount"] == 1970
	assert top.chart["data"]["datasets"][0]["values"] == [1270]


def test_ranking_by_customer_sales_person_territory_and_filters(world):
	w = world
	by_customer = _run({**w.filters, "group_by": "Customer"})
	# C1: 1000 + 150 (the return netted); C2: 270 + 300 + 250
	assert [(row["key"], row["amount"]) for row in by_customer.ranked] == [(w.c1, 1150), (w.c2, 820)]
	assert by_customer.by_key[w.c1]["name"] == frappe.db.get_value("Customer", w.c1, "customer_name")

	by_person = _run({**w.filters, "group_by": "Sales Person"})
	# P1: all of SI1 and half of SI2; P2: half of SI2; SI3 has no sales team
	assert [(row["key"], row["amount"]) for row in by_person.ranked] == [
		(w.p1, 1435),
		(w.p2, 285),
		(None, 250),
	]
	assert by_person.ranked[2]["name"] == frappe._("No Sales Person")
	si2_cost = _ledger_cost(w.si2.name, w.a) + _ledger_cost(w.si2.name, w.c)
	assert by_person.by_key[w.p2]["cost"] == pytest.approx(si2_cost / 2)
	assert by_person.total["amount"] == 1970
	assert by_person.total["cost"] == pytest.approx(_run({**w.filters, "group_by": "Item"}).total["cost"])

	by_territory = _run({**w.filters, "group_by": "Territory"})
	assert [(row["key"], row["amount"]) for row in by_territory.ranked] == [(w.t1, 1150), (w.t2, 820)]
	by_group = _run({**w.filters, "group_by": "Item Group"})
	assert [row["amount"] for row in by_group.ranked] == [1970]

	# filters: a customer (ours), a warehouse and an item group (ERPNext's)
	only_c2 = _run({**w.filters, "group_by": "Item", "customer": w.c2})
	assert [(row["key"], row["amount"]) for row in only_c2.ranked] == [(w.c, 300), (w.a, 270), (w.b, 250)]
	assert only_c2.total["amount"] == 820
	assert _run({**w.filters, "warehouse": WarehouseFactory(company=w.company).name}).ranked == []
	elsewhere = frappe.get_doc(
		{
			"doctype": "Item Group",
			"item_group_name": unique("物料组"),
			"parent_item_group": get_root_of("Item Group"),
		}
	).insert()
	assert _run({**w.filters, "item_group": elsewhere.name}).ranked == []
	# a period before the sales: nothing, and no total row
	before = _run({**w.filters, "from_date": add_days(nowdate(), -30), "to_date": add_days(nowdate(), -20)})
	assert before.ranked == [] and before.total is None and before.chart is None


def test_refusals(ranking_company):
	period = {"company": ranking_company, "from_date": nowdate(), "to_date": nowdate()}
	with pytest.raises(sales_ranking.SalesRankingFilterError):
		sales_ranking.execute({"from_date": nowdate(), "to_date": nowdate()})
	with pytest.raises(sales_ranking.SalesRankingFilterError):
		sales_ranking.execute({**period, "to_date": None})
	with pytest.raises(sales_ranking.SalesRankingFilterError):
		sales_ranking.execute({**period, "to_date": add_days(nowdate(), -1)})
	with pytest.raises(frappe.DoesNotExistError):
		sales_ranking.execute({**period, "customer": "无此客户"})
	assert rules.GROUPS == ("Item", "Item Group", "Customer", "Sales Person", "Territory")


def test_a_sales_user_may_not_see_costs_over_rest(server, ranking_company, committed):
	_user, sales_user = api_user(committed, ["Sales User"])
	_user, manager = api_user(committed, ["Sales Manager"])
	frappe.db.commit()
	filters = json.dumps(
		{"company": ranking_company, "from_date": add_days(nowdate(), -3), "to_date": nowdate()}
	)
	url = f"{server}/api/method/frappe.desk.query_report.run"
	refused = requests.get(
		url, params={"report_name": REPORT, "filters": filters}, headers=sales_user, timeout=60
	)
	assert refused.status_code == 403, refused.text[:300]
	answered = requests.get(
		url, params={"report_name": REPORT, "filters": filters}, headers=manager, timeout=60
	)
	assert answered.status_code == 200, answered.text[:300]
	assert [column["fieldname"] for column in answered.json()["message"]["columns"]][:3] == [
		"rank",
		"key",
		"name",
	]
