"""The 进销存汇总表 over the ranges users pick (month to date, one day, an April–March fiscal year across
two calendar years, the last 90 days; each also for one warehouse and one item group) against the
ledger and ERPNext's Stock Balance; every report we ship inside a read-only transaction; a company
whose balances are not built yet answered from the ledger, saying so."""

import frappe
import pytest
from frappe.desk.query_report import run as run_report
from frappe.utils import add_days, get_first_day, getdate, nowdate

from jxc_app.jxc_reports import period_balance
from jxc_app.jxc_reports.report.inventory_summary import inventory_summary
from tests.integration.factories import ItemFactory, WarehouseFactory, material_receipt, remove_stock_records
from tests.integration.test_period_balance import _entry, _ledger_scan, _ours, _stock_balance, make_ledger

SHIPPED_REPORTS = (
	"Inventory Summary",
	"Stock Movement Detail",
	"Purchase Order Tracking",
	"Stocktake Progress",
	"In Transit Stock",
	"Stocktake Variance",
	"My Pending Approvals",
	"Sales Ranking",
	"Party Statement",
)


@pytest.fixture
def ledger(company):
	return make_ledger(company)


def _user_ranges(today):
	"""(label, from, to): the ranges of issue #16, relative to the test's ledger."""
	april = getdate(f"{today.year - 1}-04-01")
	return [
		("month to date", get_first_day(today), today),
		("one day (an issue)", add_days(today, -45), add_days(today, -45)),
		("one day (the transfer)", add_days(today, -150), add_days(today, -150)),
		("April to March", april, getdate(f"{today.year}-03-31")),
		("last 90 days", add_days(today, -89), today),
	]


def _check(ledger, filters, label):
	ours, scan = _ours(filters), _ledger_scan(filters)
	assert set(ours) == set(scan), label
	for key, row in scan.items():
		for name, value in row.items():
			assert ours[key][name] == pytest.approx(value, abs=1e-6), (label, key, name)
	theirs = _stock_balance(filters, [ledger.item, ledger.product])
	assert set(theirs) <= set(ours), label
	for key, row in theirs.items():
		assert ours[key]["opening_qty"] == pytest.approx(row["opening_qty"]), (label, key)
		assert ours[key]["opening_value"] == pytest.approx(row["opening_val"]), (label, key)
		assert ours[key]["closing_qty"] == pytest.approx(row["bal_qty"]), (label, key)
		assert ours[key]["closing_value"] == pytest.approx(row["bal_val"]), (label, key)
	return ours


@pytest.mark.smoke
def test_user_ranges_equal_the_ledger_and_stock_balance(ledger):
	period_balance.sync([ledger.company])
	assert not period_balance.unfolded_items(ledger.company) & {ledger.item, ledger.product}
	group = frappe.get_doc(
		{
			"doctype": "Item Group",
			"item_group_name": frappe.generate_hash(length=10),
			"parent_item_group": frappe.utils.nestedset.get_root_of("Item Group"),
		}
	).insert()
	frappe.db.set_value("Item", ledger.product, "item_group", group.name)
	seen_moves = 0
	for label, from_date, to_date in _user_ranges(ledger.today):
		base = frappe._dict(
			company=ledger.company,
			from_date=str(from_date),
			to_date=str(to_date),
			warehouse=[ledger.store, ledger.branch],
		)
		ours = _check(ledger, base, label)
		seen_moves += sum(1 for row in ours.values() if row["in_qty"] or row["out_qty"])
		branch_only = _check(ledger, frappe._dict(base, warehouse=[ledger.branch]), f"{label}, branch")
		assert {warehouse for _item, warehouse in branch_only} <= {ledger.branch}
		in_group = _check(ledger, frappe._dict(base, item_group=group.name), f"{label}, item group")
		assert {item for item, _warehouse in in_group} <= {ledger.product}
	assert seen_moves  # the ranges do cover movements, not only balances


def test_the_tail_not_yet_synced_is_read_from_the_ledger(ledger):
	period_balance.sync([ledger.company])
	filters = frappe._dict(
		company=ledger.company,
		from_date=str(add_days(ledger.today, -30)),
		to_date=str(ledger.today),
		warehouse=[ledger.store, ledger.branch],
	)
	before = _ours(filters)[(ledger.item, ledger.store)]
	# no sync after this entry: the report must still see it
	_entry(
		ledger.company,
		"Material Receipt",
		[{"item_code": ledger.item, "qty": 7, "basic_rate": 10, "t_warehouse": ledger.store}],
		add_days(ledger.today, -3),
	)
	assert ledger.item in period_balance.unfolded_items(ledger.company)
	after = _ours(filters)[(ledger.item, ledger.store)]
	assert after["closing_qty"] == before["closing_qty"] + 7
	assert after["other_in_qty"] == before["other_in_qty"] + 7
	_check(ledger, filters, "tail")


def test_before_the_build_the_report_reads_the_ledger_and_says_so(ledger):
	period_balance.sync([ledger.company])
	filters = dict(
		company=ledger.company,
		from_date=str(add_days(ledger.today, -160)),
		to_date=str(add_days(ledger.today, -30)),
		warehouse=[ledger.store, ledger.branch],
	)
	_columns, from_balances, message, _chart = inventory_summary.execute(filters)
	assert message is None
	# as on a site where the company's balances are not built yet
	built = sorted(period_balance._built() - {ledger.company})
	frappe.db.set_default(period_balance.BUILT, frappe.as_json(built))
	assert not period_balance.is_built(ledger.company)
	_columns, from_ledger, message, _chart = inventory_summary.execute(filters)
	assert message and ledger.company in message
	key = lambda row: (row["item_code"], row["warehouse"])  # noqa: E731
	assert len(from_ledger) == len(from_balances)
	for theirs, ours in zip(sorted(from_ledger, key=key), sorted(from_balances, key=key), strict=True):
		for name in ("opening_qty", "opening_value", "in_value", "out_qty", "closing_qty", "closing_value"):
			assert ours[name] == pytest.approx(theirs[name], abs=1e-6), name


@pytest.fixture
def committed_ledger(company):
	"""A small committed ledger (a read-only transaction sees only what is committed), part of it
	folded into the balances and part of it not; removed afterwards."""
	store = WarehouseFactory(company=company).name
	item = ItemFactory(valuation_method="Moving Average").name
	frappe.db.commit()
	try:
		material_receipt(company, item, store, 10, rate=10, days_ago=40)
		material_receipt(company, item, store, 5, rate=12, days_ago=5)
		frappe.db.commit()
		period_balance.sync([company], commit=True)
		material_receipt(company, item, store, 3, rate=11, days_ago=2)  # the tail
		frappe.db.commit()
		yield frappe._dict(company=company, store=store, item=item)
	finally:
		frappe.db.rollback()
		table = frappe.qb.DocType(period_balance.PERIOD_BALANCE)
		frappe.qb.from_(table).delete().where(table.item_code == item).run()
		remove_stock_records([item], [store])


def _write_is_refused():
	table = frappe.qb.DocType("DefaultValue")
	with pytest.raises(Exception) as error:
		frappe.qb.update(table).set(table.defvalue, "x").where(table.name == "jxc-no-such-default").run()
	assert "READ ONLY" in str(error.value).upper()


@pytest.mark.smoke
def test_every_report_runs_in_a_read_only_transaction(committed_ledger):
	ledger = committed_ledger
	stock_filters = {
		"company": ledger.company,
		"from_date": add_days(nowdate(), -60),
		"to_date": nowdate(),
		"warehouse": [ledger.store],
	}
	period = {"company": ledger.company, "from_date": add_days(nowdate(), -60), "to_date": nowdate()}
	filters = {
		"Inventory Summary": stock_filters,
		"Stock Movement Detail": stock_filters,
		"Sales Ranking": period,
		"Party Statement": {
			**period,
			"party_type": "Customer",
			"party": frappe.get_all("Customer", pluck="name", limit=1, order_by="creation")[0],
		},
	}
	# every Script Report of the app, the ones added later too (with a company filter)
	shipped = frappe.get_all(
		"Report", filters={"module": ("like", "JXC%"), "report_type": "Script Report"}, pluck="name"
	)
	assert set(SHIPPED_REPORTS) <= set(shipped)
	frappe.db.rollback()
	frappe.db.begin(read_only=True)
	try:
		_write_is_refused()
		results = {
			name: run_report(
				name,
				filters=frappe.as_json(filters.get(name, {"company": ledger.company})),
				ignore_prepared_report=True,
			)
			for name in shipped
		}
		_write_is_refused()  # still the same read-only transaction: nothing committed in between
	finally:
		frappe.db.rollback()
	summary = {row["item_code"]: row for row in results["Inventory Summary"]["result"] if "item_code" in row}
	# 10 + 5 from the balances' side, 3 from the ledger's tail not yet synced
	assert summary[ledger.item]["closing_qty"] == 18
	assert summary[ledger.item]["in_qty"] == 18
	movements = [
		row for row in results["Stock Movement Detail"]["result"] if row.get("item_code") == ledger.item
	]
	assert [row["balance_qty"] for row in movements] == [10, 15, 18]
