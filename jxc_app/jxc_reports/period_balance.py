"""Period balances for the 进销存汇总表: per month and per calendar year, item and warehouse, what the
ledger moved, split by business type (``JXC Stock Period Balance``). A report then reads a few
hundred thousand balances instead of every ledger row (``jxc_app.rules.period_plan``).

The balances are derived data, rebuilt from ERPNext's Stock Ledger, never written by hand, and kept
right by ``sync`` before every report and every few minutes:

- a ledger row that is new or changed (submitting and cancelling both set ``modified``) rebuilds its
  item from the month it was posted in;
- a completed Repost Item Valuation (a backdated entry, a cancellation, a landed cost) rewrites the
  value of later rows without touching ``modified``: it rebuilds its items from the repost's date,
  and what took its value from them through a later Stock Entry or Subcontracting Receipt (a
  transfer's other leg, a repack's product: see ``_repost_items``);
- a sync rebuilds the items with rows modified after the last one's mark (the newest ``modified``
  it saw). Rows modified up to ``SYNC_MARGIN`` before the last sync began may have been committed
  after it (a long transaction): their items are checked — row count and value per month against
  the stored balances — and rebuilt only where the ledger differs. Rebuilding is idempotent.

A company's first report builds its balances in full (``rebuild``). Deleting ledger rows outright
(Transaction Deletion Record) leaves no trace: a Stock Manager then queues a rebuild from the report
(``rebuild_period_balances``).

Over 500 lines on purpose: building, syncing and reading the balances are one concern — they share
the balances' layout (``MEASURES``, names), the marks and the lock, and are right only together; the
sections below (build, sync, read) follow that order.
"""

import hashlib
import json
from collections import defaultdict
from datetime import date, timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Concat, Concat_ws, Count, Extract, Max, Min, Sum
from frappe.utils import flt, get_datetime, getdate, now_datetime
from pypika.terms import Case

from jxc_app import compat
from jxc_app.jxc_reports.stock_ledger import classify_rows, item_conditions, ledger_query, ledger_rows
from jxc_app.rules import period_plan, stock_movement
from jxc_app.utils import arguments
from jxc_app.utils.roles import STOCK_MANAGERS, require

PERIOD_BALANCE = "JXC Stock Period Balance"
MEASURES = (
	"qty_change",
	"value_change",
	"ledger_rows",
	*(f"{column}_{measure}" for column in stock_movement.COLUMNS for measure in ("qty", "value")),
)
SYNC_MARGIN = timedelta(minutes=15)
SLE_MARK = "jxc_period_balance_sle_mark"
REPOST_MARK = "jxc_period_balance_repost_mark"
SYNCED_AT = "jxc_period_balance_synced_at"
REPOSTS_SEEN = "jxc_period_balance_reposts_seen"
VERIFIED = "jxc_period_balance_verified"
BUILT = "jxc_period_balance_built"
LOCK = "jxc_period_balance"
REBUILD_JOB = "jxc_period_balance_rebuild"
ITEMS_PER_PASS = 500
# vouchers whose rows may take their value from another item's rows (see the module's docstring)
LINKING_VOUCHERS = ("Stock Entry", "Subcontracting Receipt")


class PeriodBalanceBusyError(frappe.ValidationError):
	pass


def _name(period_type: str, start: date, item_code: str, warehouse: str) -> str:
	return hashlib.md5(f"{period_type}|{start}|{warehouse}|{item_code}".encode()).hexdigest()[:20]


# ------------------------------------------------------------------------------------------- build


def _month_balances(company: str, items: list[str], from_month: date | None) -> dict[tuple, dict]:
	"""(item, warehouse, month start) -> movement totals, from the ledger rows of ``items`` posted
	from ``from_month`` (None: all)."""
	query, sle = ledger_query(company, from_month)
	query = query.where(sle.item_code.isin(items))
	balances: dict[tuple, dict] = {}
	for row in classify_rows(query.run(as_dict=True), company, window_start=from_month):
		key = (row.item_code, row.warehouse, period_plan.month_start(row.posting_date))
		totals = balances.get(key)
		if totals is None:
			totals = balances[key] = dict.fromkeys(MEASURES, 0.0)
		value = float(row.stock_value_difference or 0)
		totals["qty_change"] += row.qty_change
		totals["value_change"] += value
		totals["ledger_rows"] += 1
		stock_movement.add_movement(totals, row.business_type, row.qty_change, value)
	return balances


def _stored_months(company: str, items: list[str], start: date, before: date) -> dict[tuple, dict]:
	"""Month balances already stored for ``items`` from ``start`` to before ``before``."""
	table = frappe.qb.DocType(PERIOD_BALANCE)
	rows = (
		frappe.qb.from_(table)
		.select(table.item_code, table.warehouse, table.period_start, *[table[m] for m in MEASURES])
		.where(
			(table.company == company)
			& (table.item_code.isin(items))
			& (table.period_type == period_plan.MONTH)
			& (table.period_start >= start)
			& (table.period_start < before)
		)
	).run(as_dict=True)
	return {
		(row.item_code, row.warehouse, getdate(row.period_start)): {m: row[m] for m in MEASURES}
		for row in rows
	}


def _write(company: str, items: list[str], from_month: date | None) -> int:
	"""Replace the balances of ``items`` from ``from_month`` (None: all): their months from then on,
	and the years those months are in. Returns the number of balances written."""
	months = _month_balances(company, items, from_month)
	year_from = period_plan.year_start(from_month) if from_month else None
	every_month = dict(months)
	if from_month and from_month > year_from:
		every_month.update(_stored_months(company, items, year_from, from_month))
	years: dict[tuple, dict] = {}
	for (item_code, warehouse, month), totals in every_month.items():
		year = years.setdefault(
			(item_code, warehouse, period_plan.year_start(month)), dict.fromkeys(MEASURES, 0.0)
		)
		for measure in MEASURES:
			year[measure] += totals[measure]

	table = frappe.qb.DocType(PERIOD_BALANCE)
	for period_type, start in ((period_plan.MONTH, from_month), (period_plan.YEAR, year_from)):
		query = (
			frappe.qb.from_(table)
			.delete()
			.where(
				(table.company == company)
				& (table.item_code.isin(items))
				& (table.period_type == period_type)
			)
		)
		if start:
			query = query.where(table.period_start >= start)
		query.run()

	now, user = now_datetime(), frappe.session.user
	fields = ["name", "company", "item_code", "warehouse", "period_type", "period_start", *MEASURES]
	fields += ["creation", "modified", "owner", "modified_by", "docstatus"]
	values = []
	for period_type, balances in ((period_plan.MONTH, months), (period_plan.YEAR, years)):
		for (item_code, warehouse, start), totals in balances.items():
			values.append(
				(
					_name(period_type, start, item_code, warehouse),
					company,
					item_code,
					warehouse,
					period_type,
					start,
					*(round(totals[m], 9) for m in MEASURES),
					now,
					now,
					user,
					user,
					0,
				)
			)
	frappe.db.bulk_insert(PERIOD_BALANCE, fields, values, chunk_size=5000)
	return len(values)


def _rebuild_items(company: str, from_by_item: dict[str, date | None]) -> int:
	"""Rebuild each item from the month of its date (None: all its ledger), a few hundred at a time."""
	by_month: dict[date | None, list[str]] = defaultdict(list)
	for item_code, since in from_by_item.items():
		by_month[period_plan.month_start(getdate(since)) if since else None].append(item_code)
	written, done = 0, 0
	progress = frappe.flags.jxc_period_balance_progress  # the title, in a queued rebuild
	for from_month, items in by_month.items():
		for start in range(0, len(items), ITEMS_PER_PASS):
			passed = items[start : start + ITEMS_PER_PASS]
			written += _write(company, passed, from_month)
			done += len(passed)
			if progress:
				frappe.publish_progress(
					done * 100 / len(from_by_item),
					title=progress,
					description=_("{0} of {1} items").format(done, len(from_by_item)),
				)
	return written


def _full_build(company: str) -> int:
	frappe.qb.from_(PERIOD_BALANCE).delete().where(frappe.qb.DocType(PERIOD_BALANCE).company == company).run()
	sle = frappe.qb.DocType("Stock Ledger Entry")
	items = (
		frappe.qb.from_(sle).select(sle.item_code).distinct().where(sle.company == company).run(pluck=True)
	)
	return _rebuild_items(company, dict.fromkeys(sorted(items)))


# -------------------------------------------------------------------------------------------- sync


def _built() -> set[str]:
	return set(json.loads(frappe.db.get_default(BUILT) or "[]"))


def _changed_items(since, mark) -> tuple[dict[str, dict[str, date]], dict[str, dict[str, date]]]:
	"""Items with ledger rows modified after ``since``: (those with a row after ``mark``, to rebuild;
	the others, to check), each as company -> item -> earliest posting date of those rows."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	rows = (
		frappe.qb.from_(sle)
		.select(sle.company, sle.item_code, Min(sle.posting_date), Max(sle.modified), Count("*"))
		.where(sle.modified > since)
		.groupby(sle.company, sle.item_code)
	).run()
	new: dict[str, dict[str, date]] = defaultdict(dict)
	seen: dict[str, dict[str, date]] = defaultdict(dict)
	verified = frappe.cache.get_value(VERIFIED) or {}
	for company, item_code, since_date, modified, count in rows:
		if mark is None or get_datetime(modified) > get_datetime(mark):
			new[company][item_code] = getdate(since_date)
		elif verified.get((company, item_code)) != (str(modified), count):
			# not checked yet with exactly these rows
			seen[company][item_code] = getdate(since_date)
	return new, seen


def _remember_verified(since, items: dict[str, set[str]]):
	"""Note the items whose window rows matched their balances, with the rows' signature: a later
	sync checks them again only if a row was added or changed (the note is only a shortcut: losing
	it costs a check, never a wrong balance)."""
	if not any(items.values()):
		return
	sle = frappe.qb.DocType("Stock Ledger Entry")
	verified = frappe.cache.get_value(VERIFIED) or {}
	for company, codes in items.items():
		codes = sorted(codes)
		for start in range(0, len(codes), ITEMS_PER_PASS):
			for item_code, modified, count in (
				frappe.qb.from_(sle)
				.select(sle.item_code, Max(sle.modified), Count("*"))
				.where(
					(sle.modified > since)
					& (sle.company == company)
					& (sle.item_code.isin(codes[start : start + ITEMS_PER_PASS]))
				)
				.groupby(sle.item_code)
			).run():
				verified[(company, item_code)] = (str(modified), count)
	frappe.cache.set_value(VERIFIED, verified, expires_in_sec=int(SYNC_MARGIN.total_seconds()) * 2)


def _differing_items(company: str, items: dict[str, date]) -> dict[str, date]:
	"""Of ``items`` (item -> from date), those whose stored month balances no longer match the ledger
	(rows and value per warehouse and month from that month on)."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	table = frappe.qb.DocType(PERIOD_BALANCE)
	differing: dict[str, date] = {}
	by_month: dict[date, list[str]] = defaultdict(list)
	for item_code, since in items.items():
		by_month[period_plan.month_start(getdate(since))].append(item_code)
	for month, codes in by_month.items():
		for start in range(0, len(codes), ITEMS_PER_PASS):
			chunk = codes[start : start + ITEMS_PER_PASS]
			ledger = (
				frappe.qb.from_(sle)
				.select(
					sle.item_code,
					sle.warehouse,
					Extract("year", sle.posting_date),
					Extract("month", sle.posting_date),
					Count("*"),
					Sum(sle.stock_value_difference),
				)
				.where(
					(sle.company == company)
					& (sle.is_cancelled == 0)
					& (sle.item_code.isin(chunk))
					& (sle.posting_datetime >= month)
				)
				.groupby(
					sle.item_code,
					sle.warehouse,
					Extract("year", sle.posting_date),
					Extract("month", sle.posting_date),
				)
			).run()
			stored = (
				frappe.qb.from_(table)
				.select(
					table.item_code,
					table.warehouse,
					table.period_start,
					table.ledger_rows,
					table.value_change,
				)
				.where(
					(table.company == company)
					& (table.item_code.isin(chunk))
					& (table.period_type == period_plan.MONTH)
					& (table.period_start >= month)
				)
			).run()
			expected = {
				(item_code, warehouse, getdate(period_start)): (int(rows or 0), flt(value, 6))
				for item_code, warehouse, period_start, rows, value in stored
			}
			actual = {
				(item_code, warehouse, date(int(year), int(month_no), 1)): (int(rows), flt(value, 6))
				for item_code, warehouse, year, month_no, rows, value in ledger
			}
			for key in set(expected) ^ set(actual) | {
				k for k in expected.keys() & actual.keys() if expected[k] != actual[k]
			}:
				differing[key[0]] = items[key[0]]
	return differing


def _repost_items(repost) -> dict[str, date]:
	"""item -> the date from which a completed repost may have rewritten its ledger values.

	The repost's own items and warehouses from its date, then, as ERPNext's repost does, what took
	its value from them: the receiving rows of a later Stock Entry or Subcontracting Receipt that
	consumed from an affected item × warehouse (a transfer's other leg, a repack's or manufacture's
	product), from that voucher's date, until nothing new is reached."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	since = getdate(repost.posting_date)
	if repost.based_on == "Transaction" and repost.voucher_no:
		rows = (
			frappe.qb.from_(sle)
			.select(sle.item_code, sle.warehouse)
			.distinct()
			.where((sle.voucher_type == repost.voucher_type) & (sle.voucher_no == repost.voucher_no))
			.run()
		)
	else:
		rows = [(repost.item_code, repost.warehouse)] if repost.item_code else []
	affected: dict[tuple[str, str | None], date] = {tuple(row): since for row in rows}
	frontier = dict(affected)
	while frontier:
		consumed = (
			frappe.qb.from_(sle)
			.select(sle.voucher_type, sle.voucher_no, sle.item_code, sle.warehouse, sle.posting_date)
			.where(
				(sle.company == repost.company)
				& (sle.item_code.isin(sorted({item for item, _warehouse in frontier})))
				& (sle.posting_date >= min(frontier.values()))
				& (sle.voucher_type.isin(LINKING_VOUCHERS))
				& (sle.actual_qty < 0)
				& (sle.is_cancelled == 0)
			)
		).run(as_dict=True)
		vouchers = {}
		for row in consumed:
			for key in ((row.item_code, row.warehouse), (row.item_code, None)):
				if key in frontier and row.posting_date >= frontier[key]:
					vouchers[(row.voucher_type, row.voucher_no)] = row.posting_date
		frontier = {}
		names = sorted({voucher_no for _voucher_type, voucher_no in vouchers})
		for start in range(0, len(names), 1000):
			for row in (
				frappe.qb.from_(sle)
				.select(sle.voucher_type, sle.voucher_no, sle.item_code, sle.warehouse)
				.where(
					(sle.voucher_no.isin(names[start : start + 1000]))
					& (sle.voucher_type.isin(LINKING_VOUCHERS))
					& (sle.actual_qty > 0)
					& (sle.is_cancelled == 0)
				)
			).run(as_dict=True):
				posted = vouchers.get((row.voucher_type, row.voucher_no))
				key = (row.item_code, row.warehouse)
				if posted and (key not in affected or posted < affected[key]):
					affected[key] = frontier[key] = posted
	items: dict[str, date] = {}
	for (item_code, _warehouse), posted in affected.items():
		items[item_code] = min(items.get(item_code, posted), posted)
	return items


def _completed_reposts(since) -> list:
	return frappe.get_all(
		"Repost Item Valuation",
		filters={"status": "Completed", "docstatus": 1, "modified": (">", since)},
		fields=[
			"name",
			"company",
			"based_on",
			"voucher_type",
			"voucher_no",
			"item_code",
			"posting_date",
			"modified",
		],
		order_by="modified asc",
	)


def _lock():
	# MariaDB's named lock: one sync at a time across workers (frappe.qb has no GET_LOCK)
	if not frappe.db.sql("select get_lock(%s, 60)", LOCK)[0][0]:
		frappe.throw(
			_("The stock period balances are being updated by another process. Please try again."),
			title=_("Please Wait"),
			exc=PeriodBalanceBusyError,
		)


def _unlock():
	frappe.db.sql("select release_lock(%s)", LOCK)


def sync(companies: list[str] | None = None, commit: bool = False) -> dict:
	"""Bring the balances up to date with the ledger: build ``companies`` (None: every company)
	never built, and rebuild what changed since the last sync for those already built."""
	_lock()
	try:
		stats = {"built": [], "rebuilt_items": 0, "balances_written": 0}
		started = now_datetime()
		sle = frappe.qb.DocType("Stock Ledger Entry")
		# the marks are read before anything else, so rows written while we work are seen next time
		sle_mark = frappe.qb.from_(sle).select(Max(sle.modified)).run()[0][0]
		riv = frappe.qb.DocType("Repost Item Valuation")
		repost_mark = frappe.qb.from_(riv).select(Max(riv.modified)).run()[0][0]
		last_sle = frappe.db.get_default(SLE_MARK)
		last_repost = frappe.db.get_default(REPOST_MARK)
		last_synced = frappe.db.get_default(SYNCED_AT)
		built = _built()

		if last_sle:
			late = get_datetime(last_synced) - SYNC_MARGIN if last_synced else get_datetime(last_sle)
			window = min(get_datetime(last_sle), late)
			rebuild, recheck = _changed_items(window, last_sle)
			matching: dict[str, set[str]] = {}
			for company, items in recheck.items():
				if company in built:
					differing = _differing_items(company, items)
					rebuild[company].update(differing)
					matching[company] = set(items) - set(differing)
			_remember_verified(window, matching)
			repost_since = min(get_datetime(last_repost), late) if last_repost else late
			# a repost's closure can be large: one seen within the margin is not followed twice
			seen = set(json.loads(frappe.db.get_default(REPOSTS_SEEN) or "[]"))
			reposts = _completed_reposts(repost_since)
			for repost in reposts:
				if repost.name in seen:
					continue
				items = rebuild.setdefault(repost.company, {})
				for item_code, since_date in _repost_items(repost).items():
					items[item_code] = min(items.get(item_code, since_date), since_date)
			frappe.db.set_default(REPOSTS_SEEN, json.dumps([repost.name for repost in reposts]))
			for company, items in rebuild.items():
				if company in built:
					stats["balances_written"] += _rebuild_items(company, items)
					stats["rebuilt_items"] += len(items)
		elif repost_mark:
			# the first sync builds from the ledger as it is now: reposts completed so far are in it
			seen = _completed_reposts(get_datetime(started) - SYNC_MARGIN)
			frappe.db.set_default(
				REPOSTS_SEEN,
				json.dumps([r.name for r in seen if get_datetime(r.modified) <= get_datetime(repost_mark)]),
			)

		wanted = companies if companies is not None else frappe.get_all("Company", pluck="name")
		for company in wanted:
			if company not in built:
				stats["balances_written"] += _full_build(company)
				built.add(company)
				stats["built"].append(company)

		frappe.db.set_default(BUILT, json.dumps(sorted(built)))
		if sle_mark:
			frappe.db.set_default(SLE_MARK, str(sle_mark))
		if repost_mark:
			frappe.db.set_default(REPOST_MARK, str(repost_mark))
		frappe.db.set_default(SYNCED_AT, str(started))
		if commit:
			frappe.db.commit()
		frappe.flags.jxc_period_balance_sync = stats  # what the last sync did (benchmark, debugging)
		return stats
	finally:
		_unlock()


def rebuild(company: str, commit: bool = False) -> int:
	"""Build one company's balances afresh from its whole ledger."""
	built = _built()
	built.discard(company)
	frappe.db.set_default(BUILT, json.dumps(sorted(built)))
	return sync([company], commit=commit)["balances_written"]


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def rebuild_period_balances(company: str) -> str:
	"""Desk/REST: queue the rebuild of a company's balances (after deleting ledger rows outright) in
	the long queue; returns its job id (the same one while it is queued or running)."""
	arguments.check_exists("Company", company)
	require(STOCK_MANAGERS, _("Only a Stock Manager can rebuild the stock period balances."))
	frappe.has_permission("Company", "read", doc=company, throw=True)
	job_id = f"{REBUILD_JOB}::{company}"
	frappe.enqueue(
		"jxc_app.jxc_reports.period_balance.rebuild_job",
		queue="long",
		timeout=7200,
		job_id=job_id,
		deduplicate=True,
		company=company,
	)
	return job_id


def rebuild_job(company: str) -> int:
	"""The queued rebuild, its progress shown to whoever queued it."""
	title = _("Rebuilding the stock period balances of {0}").format(company)
	frappe.publish_progress(0, title=title)
	frappe.flags.jxc_period_balance_progress = title
	try:
		written = rebuild(company, commit=not compat.in_test())
	finally:
		frappe.flags.jxc_period_balance_progress = None
	frappe.publish_progress(100, title=title, description=_("{0} balances written").format(written))
	return written


def scheduled_sync():
	"""Every few minutes, in the long queue: keeps the report's own sync small."""
	frappe.enqueue(
		"jxc_app.jxc_reports.period_balance.sync",
		queue="long",
		timeout=3600,
		job_id="jxc_period_balance_sync",
		deduplicate=True,
		commit=True,
	)


# -------------------------------------------------------------------------------------------- read


def pair_totals(filters, warehouses: list[str]) -> dict[tuple[str, str], dict[str, float]]:
	"""(item, warehouse) -> opening, each column's qty/value, in/out and closing for the report's
	period, from the balances and at most two months of ledger rows. Call ``sync`` first."""
	result: dict[tuple[str, str], dict[str, float]] = {}
	if not warehouses:
		return result

	def totals_for(key):
		totals = result.get(key)
		if totals is None:
			totals = result[key] = stock_movement.empty_totals()
		return totals

	def balance_so_far(item_code, warehouse) -> float:
		# the spans are read in date order: what is counted so far is the balance where this one starts
		totals = result.get((item_code, warehouse))
		if totals is None:
			return 0.0
		inbound = sum(totals[f"{column}_qty"] for column in stock_movement.INBOUND)
		outbound = sum(totals[f"{column}_qty"] for column in stock_movement.OUTBOUND)
		return totals["opening_qty"] + inbound - outbound

	columns = [f"{column}_{measure}" for column in stock_movement.COLUMNS for measure in ("qty", "value")]
	table = frappe.qb.DocType(PERIOD_BALANCE)
	item = frappe.qb.DocType("Item")
	item_filtered = any(filters.get(key) for key in ("item_code", "item_group", "brand"))
	for span in period_plan.bucket_plan(getdate(filters.from_date), getdate(filters.to_date)):
		if span.kind == period_plan.LEDGER:
			span_filters = frappe._dict(filters, from_date=span.start, to_date=span.end)
			rows = ledger_rows(span_filters, warehouses=warehouses, from_date=span.start, seed=balance_so_far)
			for row in rows:
				totals = totals_for((row.item_code, row.warehouse))
				value = float(row.stock_value_difference or 0)
				if span.part == period_plan.OPENING:
					totals["opening_qty"] += row.qty_change
					totals["opening_value"] += value
				else:
					stock_movement.add_movement(totals, row.business_type, row.qty_change, value)
			continue
		measures = ["qty_change", "value_change"] if span.part == period_plan.OPENING else columns
		query = frappe.qb.from_(table).where(
			(table.company == filters.company)
			& (table.period_type == span.kind)
			& (table.period_start <= span.end)
			& (table.warehouse.isin(warehouses))
		)
		# the balances are added up here, not by a GROUP BY: the database spends far longer summing
		# two dozen decimal columns than the driver takes to hand over one short string per balance
		if span.start:
			query = query.where(table.period_start >= span.start)
		query = query.select(table.item_code, table.warehouse, _packed([table[m] for m in measures]))
		if item_filtered:
			query = item_conditions(query.join(item).on(item.name == table.item_code), filters, item)
		targets = ("opening_qty", "opening_value") if span.part == period_plan.OPENING else measures
		for item_code, warehouse, packed in query.run():
			totals = totals_for((item_code, warehouse))
			if not packed:
				continue
			# inline: this loop runs for every balance read
			for part in packed.split(","):
				position, amount = part.split(":")
				totals[targets[int(position)]] += float(amount)
	for totals in result.values():
		stock_movement.close_totals(totals)
	return result


def _packed(amounts: list):
	"""One string per row, "position:amount" for the amounts that are not 0: a year balance moves a
	few of its 24 columns, and the database driver reads one value much faster than 24 decimals."""
	return Concat_ws(
		",",
		*[Case().when(amount != 0, Concat(position, ":", amount)) for position, amount in enumerate(amounts)],
	)


def item_details(item_codes) -> dict[str, dict]:
	details = {}
	item_codes = list(item_codes)
	for start in range(0, len(item_codes), 5000):
		for row in frappe.get_all(
			"Item",
			filters={"name": ("in", item_codes[start : start + 5000])},
			fields=["name", "item_name", "item_group", "stock_uom"],
		):
			details[row.name] = row
	return details
