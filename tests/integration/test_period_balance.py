"""The 进销存汇总表's running period balances (``JXC Stock Period Balance``) against the ledger itself and
ERPNext's Stock Balance, over whole years, whole months and partial months, and after a backdated
entry with its repost and a cancellation. The report never syncs: each check syncs first (as the
scheduled job does), then asserts the report read the balances."""

import frappe
import pytest
from frappe.utils import add_days, add_months, get_first_day, get_last_day, getdate, nowdate

from jxc_app.jxc_reports import period_balance
from jxc_app.jxc_reports.report.inventory_summary import inventory_summary
from jxc_app.jxc_reports.stock_ledger import ledger_rows
from jxc_app.rules import period_plan, stock_movement
from tests.integration.factories import ItemFactory, UserFactory, WarehouseFactory, unique


def _entry(company, purpose, items, posting_date):
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": purpose,
			"purpose": purpose,
			"items": items,
		}
	)
	entry.set_posting_time, entry.posting_date = 1, posting_date
	entry.insert()
	entry.submit()
	return entry


@pytest.fixture
def ledger(company):
	return make_ledger(company)


def make_ledger(company):
	"""Receipts, a transfer, a repack, an issue and a count over the last 14 months."""
	store, branch = WarehouseFactory(company=company).name, WarehouseFactory(company=company).name
	# moving average: a backdated receipt changes the value of every later issue
	item = ItemFactory(valuation_method="Moving Average").name
	product = ItemFactory(valuation_method="Moving Average").name
	today = getdate(nowdate())
	days = lambda n: add_days(today, -n)  # noqa: E731
	_entry(
		company,
		"Material Receipt",
		[{"item_code": item, "qty": 100, "basic_rate": 10, "t_warehouse": store}],
		days(420),
	)
	_entry(
		company,
		"Material Receipt",
		[{"item_code": item, "qty": 50, "basic_rate": 16, "t_warehouse": store}],
		days(200),
	)
	transfer = _entry(
		company,
		"Material Transfer",
		[{"item_code": item, "qty": 40, "s_warehouse": store, "t_warehouse": branch}],
		days(150),
	)
	_entry(
		company,
		"Repack",
		[
			{"item_code": item, "qty": 10, "s_warehouse": branch},
			{"item_code": product, "qty": 5, "t_warehouse": branch, "is_finished_item": 1},
		],
		days(100),
	)
	_entry(company, "Material Issue", [{"item_code": item, "qty": 7, "s_warehouse": store}], days(45))
	reconciliation = frappe.get_doc(
		{
			"doctype": "Stock Reconciliation",
			"company": company,
			"purpose": "Stock Reconciliation",
			"posting_date": days(20),
			"set_posting_time": 1,
			"items": [{"item_code": item, "warehouse": store, "qty": 110, "valuation_rate": 12}],
		}
	)
	reconciliation.insert()
	reconciliation.submit()
	return frappe._dict(
		company=company,
		store=store,
		branch=branch,
		item=item,
		product=product,
		today=today,
		transfer=transfer,
	)


def _ranges(today):
	"""Whole calendar years, whole months and partial months around the ledger."""
	last_year = getdate(f"{today.year - 1}-01-01")
	return [
		(last_year, getdate(f"{today.year - 1}-12-31")),
		(add_days(today, -500), today),
		(get_first_day(add_months(today, -6)), get_last_day(add_months(today, -1))),
		(add_days(today, -160), add_days(today, -30)),
		(add_days(today, -15), today),
		# the 20th to the 25th of each month the ledger moved in: both cuts back from the second half
		# month's balance (one snapshot: the range's own ledger, the opening less the 20th to the end)
		*(
			(
				add_days(get_first_day(add_days(today, -n)), 19),
				add_days(get_first_day(add_days(today, -n)), 24),
			)
			for n in (420, 200, 150, 100, 45, 20)
		),
		# the 5th to the 12th: the opening forward from the half month before, the closing back from
		# the 15th (two snapshots, two stretches of ledger)
		*(
			(
				add_days(get_first_day(add_days(today, -n)), 4),
				add_days(get_first_day(add_days(today, -n)), 11),
			)
			for n in (420, 200, 100, 20)
		),
		# the 2nd to the 4th and the 17th to the 19th: both cuts forward from the half month before
		# (one snapshot; its first days count in the opening only)
		*(
			(
				add_days(get_first_day(add_days(today, -n)), first),
				add_days(get_first_day(add_days(today, -n)), first + 2),
			)
			for n in (200, 20)
			for first in (1, 16)
		),
	]


def _filters(ledger, from_date, to_date):
	return frappe._dict(
		company=ledger.company,
		from_date=str(from_date),
		to_date=str(to_date),
		warehouse=[ledger.store, ledger.branch],
		item_code=None,
	)


def _ours(filters):
	_columns, data, *_rest = inventory_summary.execute(dict(filters))
	return {(row["item_code"], row["warehouse"]): row for row in data}


def _ledger_scan(filters):
	"""The same figures by reading every ledger row, as the report did before period balances."""
	totals = stock_movement.summarize(
		ledger_rows(filters), from_date=filters.from_date, to_date=filters.to_date
	)
	return {key: row for key, row in totals.items() if any(abs(v) > 1e-9 for v in row.values())}


def _stock_balance(filters, items):
	from erpnext.stock.report.stock_balance.stock_balance import execute

	rows = execute(frappe._dict({**filters, "item_code": items}))[1]
	return {(row["item_code"], row["warehouse"]): row for row in rows}


def _assert_agree(ledger):
	period_balance.sync([ledger.company])
	# folded: the report reads these items from the balances, not from the ledger
	assert not period_balance.unfolded_items(ledger.company) & {ledger.item, ledger.product}
	for from_date, to_date in _ranges(ledger.today):
		filters = _filters(ledger, from_date, to_date)
		ours, scan = _ours(filters), _ledger_scan(filters)
		assert set(ours) == set(scan), (from_date, to_date)
		for key, row in scan.items():
			for name, value in row.items():
				assert ours[key][name] == pytest.approx(value, abs=1e-6), (from_date, to_date, key, name)
		for key, row in _stock_balance(filters, [ledger.item, ledger.product]).items():
			assert ours[key]["opening_qty"] == pytest.approx(row["opening_qty"]), (from_date, key)
			assert ours[key]["opening_value"] == pytest.approx(row["opening_val"]), (from_date, key)
			assert ours[key]["closing_qty"] == pytest.approx(row["bal_qty"]), (to_date, key)
			assert ours[key]["closing_value"] == pytest.approx(row["bal_val"]), (to_date, key)


def _balances(ledger):
	return frappe.get_all(
		period_balance.PERIOD_BALANCE,
		filters={"company": ledger.company, "item_code": ledger.item},
		fields=["warehouse", "period_type", "period_start", "qty_change", "value_change", "valid_until"],
	)


def _running(ledger, warehouse, period) -> dict[str, float]:
	"""The running totals of ``ledger.item`` in ``warehouse`` at the end of the half month ``period``."""
	for row in frappe.get_all(
		period_balance.PERIOD_BALANCE,
		filters={"company": ledger.company, "item_code": ledger.item, "warehouse": warehouse},
		fields=["period_start", "valid_until", "running_totals"],
	):
		if row.period_start <= period < row.valid_until:
			return dict(zip(period_balance.MEASURES, map(float, row.running_totals.split(",")), strict=True))
	return dict.fromkeys(period_balance.MEASURES, 0.0)


@pytest.mark.smoke
def test_balances_equal_the_ledger_and_stock_balance_over_years_months_and_days(ledger):
	_assert_agree(ledger)
	balances = _balances(ledger)
	assert balances and {row.period_type for row in balances} == {"Running"}
	# the half months' own changes add up to the item's stock today, and so does the last running total
	assert {row.period_start.day for row in balances} <= {1, period_plan.SECOND_HALF}
	store_qty = sum(row.qty_change for row in balances if row.warehouse == ledger.store)
	assert store_qty == 110
	assert _running(ledger, ledger.store, period_plan.period_start(ledger.today))["qty_change"] == 110
	# the transfer's half month: 40 out of the store, 40 into the branch, at the same value
	period = period_plan.period_start(getdate(ledger.transfer.posting_date))
	before = period_plan.previous_period(period)
	store_then, store_before = _running(ledger, ledger.store, period), _running(ledger, ledger.store, before)
	branch_then = _running(ledger, ledger.branch, period)
	out_qty = store_then["transfer_out_qty"] - store_before["transfer_out_qty"]
	out_value = store_then["transfer_out_value"] - store_before["transfer_out_value"]
	assert out_qty == branch_then["transfer_in_qty"] == 40
	assert out_value == pytest.approx(branch_then["transfer_in_value"])


def test_a_backdated_entry_and_its_repost_are_followed(ledger):
	_assert_agree(ledger)  # the balances exist before the change
	before = {(r.warehouse, r.period_type, str(r.period_start)): r.value_change for r in _balances(ledger)}
	# 30 at 40 before the transfer: the moving average rises, so every later value changes (repost)
	_entry(
		ledger.company,
		"Material Receipt",
		[{"item_code": ledger.item, "qty": 30, "basic_rate": 40, "t_warehouse": ledger.store}],
		add_days(ledger.today, -300),
	)
	assert frappe.db.exists("Repost Item Valuation", {"company": ledger.company, "status": "Completed"})
	_assert_agree(ledger)
	after = {(r.warehouse, r.period_type, str(r.period_start)): r.value_change for r in _balances(ledger)}
	transfer_period = (
		ledger.branch,
		"Running",
		str(period_plan.period_start(getdate(ledger.transfer.posting_date))),
	)
	assert after[transfer_period] > before[transfer_period]  # the branch got dearer goods


def test_a_cancellation_is_followed(ledger):
	_assert_agree(ledger)
	transfer = frappe.get_doc("Stock Entry", ledger.transfer.name)
	# the repack after it consumed the transferred goods: cancel that first, then the transfer
	repack = frappe.get_all(
		"Stock Entry",
		filters={"purpose": "Repack", "docstatus": 1, "company": ledger.company},
		order_by="creation desc",
		limit=1,
		pluck="name",
	)[0]
	frappe.get_doc("Stock Entry", repack).cancel()
	transfer.cancel()
	_assert_agree(ledger)
	assert not frappe.db.exists(
		period_balance.PERIOD_BALANCE,
		{"item_code": ledger.item, "warehouse": ledger.branch, "qty_change": ("!=", 0)},
	)


def test_sync_rebuilds_only_what_changed(ledger):
	period_balance.sync([ledger.company])
	# the rows of this test are within the margin: checked against the balances, not rebuilt
	stats = period_balance.sync([ledger.company])
	assert (stats["built"], stats["rebuilt_items"]) == ([], 0)
	# a row the balances do not have yet (as if committed late, with an old timestamp)
	_entry(
		ledger.company,
		"Material Receipt",
		[{"item_code": ledger.product, "qty": 1, "basic_rate": 10, "t_warehouse": ledger.store}],
		add_days(ledger.today, -5),
	)
	sle = frappe.qb.DocType("Stock Ledger Entry")
	marked = frappe.db.get_default(period_balance.SLE_MARK)
	frappe.qb.update(sle).set(sle.modified, marked).where(sle.item_code == ledger.product).run()
	stats = period_balance.sync([ledger.company])
	assert stats["rebuilt_items"] == 1
	_assert_agree(ledger)
	written = period_balance.rebuild(ledger.company)
	assert written >= len(_balances(ledger))


def test_rebuild_is_queued_in_the_long_queue_and_rebuilds_when_it_runs(ledger):
	from frappe.utils.background_jobs import get_job

	period_balance.sync([ledger.company])
	table = frappe.qb.DocType(period_balance.PERIOD_BALANCE)
	frappe.qb.from_(table).delete().where(table.company == ledger.company).run()  # balances lost
	# a build queued earlier for this company (no worker runs here) would take the rebuild's place
	pending = get_job(f"{period_balance.REBUILD_JOB}::{ledger.company}")
	pending and pending.delete()
	job_id = period_balance.rebuild_period_balances(ledger.company)
	job = get_job(job_id)
	try:
		# queued, not done in the request
		assert job and job.origin.endswith("long") and job.get_status() in ("queued", "started")
		assert job.kwargs["method"] == "jxc_app.jxc_reports.period_balance.rebuild_job"
		assert job.kwargs["kwargs"] == {"company": ledger.company}
		assert not _balances(ledger)
		assert period_balance.rebuild_period_balances(ledger.company) == job_id  # queued once
		assert get_job(job_id).id == job.id
	finally:
		job and job.delete()
	# the job itself (as a worker runs it)
	assert period_balance.rebuild_job(ledger.company) > 0
	_assert_agree(ledger)


def test_rebuild_needs_a_stock_manager(ledger):
	frappe.set_user(UserFactory(roles=["Stock User"]).name)
	with pytest.raises(frappe.PermissionError):
		period_balance.rebuild_period_balances(ledger.company)


def test_every_warehouse_of_the_company_is_read_without_naming_them(ledger):
	"""With no warehouse chosen the report covers every warehouse of the company: the balances and the
	ledger are then read without a warehouse list (``warehouse_scope`` None), with the same figures
	as when the warehouses are named; a user who may see only some gets only theirs."""
	every = frappe.get_all("Warehouse", filters={"company": ledger.company, "is_group": 0}, pluck="name")
	assert period_balance.warehouse_scope(ledger.company, every) is None
	assert period_balance.warehouse_scope(ledger.company, [*every, "elsewhere"]) is None
	assert period_balance.warehouse_scope(ledger.company, every[1:]) == every[1:]
	period_balance.sync([ledger.company])
	for from_date, to_date in _ranges(ledger.today)[:5]:
		named = _filters(ledger, from_date, to_date)
		whole = frappe._dict(named, warehouse=None, item_code=ledger.item)
		named.item_code = ledger.item
		ours, theirs = _ours(whole), _ours(named)
		assert set(ours) == set(theirs) and ours, (from_date, to_date)
		for key, row in theirs.items():
			for name, value in row.items():
				assert ours[key][name] == pytest.approx(value, abs=1e-9), (from_date, to_date, key, name)
	# a user restricted to the store: the branch's rows are not read
	user = UserFactory(roles=["Stock User"]).name
	frappe.get_doc(
		{"doctype": "User Permission", "user": user, "allow": "Warehouse", "for_value": ledger.store}
	).insert(ignore_permissions=True)
	frappe.set_user(user)
	filters = frappe._dict(
		_filters(ledger, ledger.today.replace(day=1, month=1), ledger.today), warehouse=None
	)
	assert {warehouse for _item, warehouse in _ours(filters)} == {ledger.store}


def test_names_with_percent_signs_and_quotes_are_stored_as_they_are(company):
	"""The build writes its INSERTs out itself (no parameters): a "%" or a quote in an item's or a
	warehouse's name reaches the balance as it is — not doubled, as Frappe's escape does for statements
	with parameters — and the report finds the pair by it."""
	store = WarehouseFactory(company=company, warehouse_name=unique("酒精 75% 'A' 仓")).name
	item = ItemFactory(item_code=unique("JXC 75% O'Brien ")).name
	day = getdate(add_days(nowdate(), -40))
	_entry(
		company,
		"Material Receipt",
		[{"item_code": item, "qty": 8, "basic_rate": 5, "t_warehouse": store}],
		day,
	)
	period_balance.rebuild(company)
	rows = frappe.get_all(
		period_balance.PERIOD_BALANCE,
		filters={"company": company, "warehouse": store},
		fields=["name", "item_code", "warehouse", "qty_change", "value_change"],
	)
	assert [(row.item_code, row.warehouse, row.qty_change, row.value_change) for row in rows] == [
		(item, store, 8, 40)
	]
	assert rows[0].name == f"{item}|{store}|{period_plan.period_start(day):%Y-%m-%d}"
	assert item not in period_balance.unfolded_items(company)  # read from the balance
	filters = frappe._dict(
		company=company, from_date=str(add_days(day, 1)), to_date=nowdate(), warehouse=[store], item_code=None
	)
	row = _ours(filters)[(item, store)]
	assert (row["opening_qty"], row["opening_value"], row["closing_qty"]) == (8, 40, 8)


def test_balances_parsed_a_few_at_a_time_give_the_same_report(ledger, monkeypatch):
	"""The snapshots are parsed ``SNAPSHOT_BATCH`` lines at a time as they arrive: one at a time, every
	range gives the same lines as in one batch."""
	period_balance.sync([ledger.company])
	ranges = _ranges(ledger.today)
	whole = {dates: _ours(_filters(ledger, *dates)) for dates in ranges}
	assert any(len(lines) > 1 for lines in whole.values())
	monkeypatch.setattr(period_balance, "SNAPSHOT_BATCH", 1)
	for dates in ranges:
		assert _ours(_filters(ledger, *dates)) == whole[dates], dates
