"""Running period balances for the 进销存汇总表 (``JXC Stock Period Balance``, see
``jxc_app.rules.period_plan``): per item × warehouse and half month with movement, the totals by
business type of everything posted up to that half month's end, valid until the pair's next such half
month. Any range is then two snapshots per pair plus at most two stretches of eight days of ledger.

The balances are derived data, rebuilt from ERPNext's Stock Ledger, never written by hand, and kept
by ``sync`` — every five minutes in the long queue, soon after stock transactions (the Stock Ledger
Entry hook queues it), and when a company is first needed (``build_job``, with progress) — never by a
report: **the read path writes nothing** (safe on a read replica). A report reads the items whose
ledger changed since the last sync folded them (``unfolded_items``) from the ledger itself, so it is
fresh without waiting for a sync; a company not built yet is read wholly from the ledger.

- a ledger row that is new or changed (submitting and cancelling both set ``modified``) rebuilds its
  item;
- a completed Repost Item Valuation (a backdated entry, a cancellation, a landed cost) rewrites the
  value of later rows without touching ``modified``: it rebuilds its items, and what took its value
  from them through a later Stock Entry or Subcontracting Receipt (a transfer's other leg, a
  repack's product: see ``_repost_items``);
- rows modified up to ``SYNC_MARGIN`` before the last sync began may have been committed after it (a
  long transaction): their items are checked — row count and value per half month against the stored
  balances — and rebuilt only where the ledger differs. Each sync notes the signature (newest
  ``modified``, row count) of every item it saw in that window; a report trusts the balances of an
  item only while its signature is unchanged. Rebuilding is idempotent.

Deleting ledger rows outright (Transaction Deletion Record) leaves no trace: a Stock Manager then
queues a rebuild from the report (``rebuild_period_balances``).

Over 500 lines on purpose: building, syncing and reading the balances are one concern — they share
the balances' layout (``MEASURES``, names), the marks, the signatures and the lock, and are right only
together; the sections below (build, sync, read) follow that order.
"""

import hashlib
import json
import queue
import threading
from collections import defaultdict
from datetime import date, timedelta
from itertools import islice
from operator import add, sub

import frappe
import orjson
from frappe import _
from frappe.query_builder.functions import Count, Max, Min, Sum
from frappe.utils import flt, get_datetime, getdate, now_datetime

from jxc_app import compat
from jxc_app.jxc_reports import ledger_sql
from jxc_app.rules import period_plan, stock_movement
from jxc_app.utils import arguments
from jxc_app.utils.roles import STOCK_MANAGERS, require

PERIOD_BALANCE = "JXC Stock Period Balance"
# the running totals, in this order: quantity and value, then each business type's
MEASURES = ("qty_change", "value_change", *stock_movement.MOVED_KEYS)
WIDTH = len(MEASURES)
SYNC_MARGIN = timedelta(minutes=15)
SLE_MARK = "jxc_period_balance_sle_mark"
REPOST_MARK = "jxc_period_balance_repost_mark"
SYNCED_AT = "jxc_period_balance_synced_at"
REPOSTS_SEEN = "jxc_period_balance_reposts_seen"
FOLDED = "jxc_period_balance_folded"
BUILT = "jxc_period_balance_built"
LOCK = "jxc_period_balance"
REBUILD_JOB = "jxc_period_balance_rebuild"
SYNC_JOB = "jxc_period_balance_sync"
ITEMS_PER_PASS = 1000
INSERT_ROWS = 5000  # balances an INSERT writes
# vouchers whose rows may take their value from another item's rows (see the module's docstring)
LINKING_VOUCHERS = ("Stock Entry", "Subcontracting Receipt")


SEPARATOR = ledger_sql.SEPARATOR


class PeriodBalanceBusyError(frappe.ValidationError):
	pass


# ------------------------------------------------------------------------------------------- build


def _name(start: date, item_code: str, warehouse: str) -> str:
	"""Item, warehouse, half month: balances written in that order land next to each other in the
	primary key (a hash would scatter a million inserts over the whole table)."""
	name = f"{item_code}|{warehouse}|{start:%Y-%m-%d}"
	return name if len(name) <= 140 else hashlib.md5(name.encode()).hexdigest()


def _pack(amounts) -> str:
	"""Each amount to 9 decimals; zero (also a residue that rounds to -0.0) as "0" (most of a balance's
	business types: not rounded at all)."""
	return ",".join(
		["0" if not amount or not (rounded := round(amount, 9)) else repr(rounded) for amount in amounts]
	)


COLUMNS = (
	"name",
	"company",
	"item_code",
	"warehouse",
	"period_type",
	"period_start",
	"valid_until",
	"qty_change",
	"value_change",
	"ledger_rows",
	"running_totals",
)
INSERT = f"insert into `tab{PERIOD_BALANCE}` ({', '.join(f'`{column}`' for column in COLUMNS)}) values "


def _write(company: str, items: list[str], periods: dict | None = None, run=None) -> int:
	"""Replace the running balances of ``items`` from their whole ledger (classified by the database,
	``ledger_sql.period_totals``, or read ahead as ``periods``). Returns how many. The rows go to the
	database ``INSERT_ROWS`` at a time, as they are built, through ``run`` (a statement's runner: a
	``_WriteBehind``'s, or this connection's).

	Multi-row INSERTs written out here: ``frappe.db.bulk_insert`` builds each statement with pypika
	(about half a millisecond a row: minutes for a million balances) and the driver escapes every
	value again. Here each row is one f-string: the texts escaped by the driver (the company and a
	warehouse once, an item once per warehouse; "%" not doubled: the statement has no parameters),
	the numbers, dates and packed totals written as literals."""
	if periods is None:
		periods = ledger_sql.period_totals(company, items)
	run = run or frappe.db.sql
	table = frappe.qb.DocType(PERIOD_BALANCE)
	frappe.qb.from_(table).delete().where((table.company == company) & (table.item_code.isin(items))).run()

	def escape(text: str) -> str:
		return frappe.db.escape(text, percent=False)

	warehouses: dict[str, str] = {}  # escaped once each
	head = f"{escape(company)},{{}},{{}},{escape(period_plan.RUNNING)}"
	rows: list[str] = []
	written = 0
	for (item_code, warehouse), by_period in periods.items():
		period_list = sorted(by_period.items())
		running = period_plan.running_rows([(start, amounts[:WIDTH]) for start, amounts in period_list])
		if (warehouse_text := warehouses.get(warehouse)) is None:
			warehouse_text = warehouses[warehouse] = escape(warehouse)
		pair = head.format(escape(item_code), warehouse_text)
		for (start, amounts), (_start, until, totals) in zip(period_list, running, strict=True):
			rows.append(
				f"({escape(_name(start, item_code, warehouse))},{pair},'{start}','{until}',"
				f"{round(amounts[0], 9)!r},{round(amounts[1], 9)!r},{int(amounts[WIDTH])},'{_pack(totals)}')"
			)
		if len(rows) >= INSERT_ROWS:
			run(INSERT + ",".join(rows))
			written, rows = written + len(rows), []
	if rows:
		run(INSERT + ",".join(rows))
	return written + len(rows)


class _WriteBehind:
	"""The build's INSERTs run on this connection by a thread of their own while this thread builds the
	next rows: building them (Python) and the database inserting them then overlap — on two cores, a
	third off a build. Only for committed work, like ``_ReadAhead``; the connection is the thread's
	from ``run`` until ``wait`` returns (nothing else may use it meanwhile). A failed statement is
	raised by the next ``run`` or ``wait``; those after it are dropped."""

	def __init__(self):
		self._statements: queue.Queue = queue.Queue(maxsize=2)
		self._error: BaseException | None = None
		self._dropping = False
		self._cursor = frappe.db._conn.cursor()  # this connection: its transaction, committed by the build
		self._thread = threading.Thread(
			target=self._write, name="jxc-period-balance-write-behind", daemon=True
		)
		self._thread.start()

	def _write(self) -> None:
		while (statement := self._statements.get()) is not None:
			if self._error is None and not self._dropping:
				try:
					self._cursor.execute(statement)
				except BaseException as error:
					self._error = error
			self._statements.task_done()
		self._statements.task_done()

	def _raise(self) -> None:
		if self._error is not None:
			error, self._error = self._error, None
			raise error

	def run(self, statement: str) -> None:
		self._raise()
		self._statements.put(statement)

	def wait(self) -> None:
		"""Until every statement given has run (the connection is this thread's again)."""
		self._statements.join()
		self._raise()

	def close(self) -> None:
		"""Stop the thread; statements still waiting (the build failed) are dropped."""
		self._dropping = True
		self._statements.put(None)
		self._thread.join()
		self._cursor.close()


class _ReadAhead:
	"""The ledger of the next passes read on a connection of its own (a thread with its own site
	context), one pass ahead, while this connection writes the last one: reading a pass (the database
	classifies its rows, the driver and ``period_totals`` add them up) and writing it (building the rows,
	the database inserting them) then overlap. Only for committed work — a build in the long queue —
	since the other connection sees only what is committed."""

	def __init__(self, company: str, passes: list[list[str]]):
		self._results: queue.Queue = queue.Queue(maxsize=1)
		self._stop = threading.Event()
		self._thread = threading.Thread(
			target=self._read,
			args=(frappe.local.site, frappe.local.sites_path, company, passes),
			name="jxc-period-balance-read-ahead",
			daemon=True,
		)
		self._thread.start()

	def _read(self, site: str, sites_path: str, company: str, passes: list[list[str]]) -> None:
		try:
			frappe.init(site, sites_path=sites_path)
			frappe.connect()
			for items in passes:
				if not self._offer(("periods", ledger_sql.period_totals(company, items))):
					return
		except Exception as error:
			self._offer(("error", error))
		finally:
			frappe.destroy()

	def _offer(self, result: tuple) -> bool:
		"""Hand ``result`` to the build once it has taken the last one; False when the build closed
		this reader meanwhile (it takes nothing more: a blocking put would never return)."""
		while not self._stop.is_set():
			try:
				self._results.put(result, timeout=0.5)
				return True
			except queue.Full:
				continue
		return False

	def next(self) -> dict:
		kind, value = self._results.get()
		if kind == "error":
			raise value
		return value

	def close(self) -> None:
		self._stop.set()
		self._thread.join()


def _rebuild_items(company: str, from_by_item: dict[str, date | None], commit: bool = False) -> int:
	"""Rebuild each item (from its whole ledger), a few hundred at a time; ``commit`` after each (the
	ledger of the next pass is then read ahead on another connection, and the rows are inserted by a
	thread of their own while the next are built)."""
	items = sorted(from_by_item)
	passes = [items[start : start + ITEMS_PER_PASS] for start in range(0, len(items), ITEMS_PER_PASS)]
	written, done = 0, 0
	progress = frappe.flags.jxc_period_balance_progress  # the title, in a queued build
	ahead = _ReadAhead(company, passes) if commit and len(passes) > 1 else None
	behind = _WriteBehind() if commit else None
	try:
		for passed in passes:
			written += _write(
				company, passed, ahead.next() if ahead else None, behind.run if behind else None
			)
			done += len(passed)
			if behind:
				behind.wait()
			if commit:
				frappe.db.commit()
			if progress:
				frappe.publish_progress(
					done * 100 / len(items),
					title=progress,
					description=_("{0} of {1} items").format(done, len(items)),
				)
	finally:
		if ahead:
			ahead.close()
		if behind:
			behind.close()
	return written


def _full_build(company: str, commit: bool = False) -> int:
	table = frappe.qb.DocType(PERIOD_BALANCE)
	frappe.qb.from_(table).delete().where(table.company == company).run()
	sle = frappe.qb.DocType("Stock Ledger Entry")
	items = (
		frappe.qb.from_(sle).select(sle.item_code).distinct().where(sle.company == company).run(pluck=True)
	)
	return _rebuild_items(company, dict.fromkeys(items), commit=commit)


# -------------------------------------------------------------------------------------------- sync


def _built() -> set[str]:
	return set(json.loads(frappe.db.get_default(BUILT) or "[]"))


def _window(sle_mark, synced_at):
	"""From when rows may not be in the balances yet: after the last sync's mark, and within the
	margin before it began (a long transaction may have committed them after it)."""
	if not sle_mark:
		return None
	late = get_datetime(synced_at) - SYNC_MARGIN if synced_at else get_datetime(sle_mark)
	return min(get_datetime(sle_mark), late)


def _signatures(since, company: str | None = None) -> list[tuple]:
	"""(company, item, earliest posting date, newest modified, row count) of the ledger rows
	modified after ``since``, per item."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	query = (
		frappe.qb.from_(sle)
		.select(sle.company, sle.item_code, Min(sle.posting_date), Max(sle.modified), Count("*"))
		.where(sle.modified > since)
		.groupby(sle.company, sle.item_code)
	)
	if company:
		query = query.where(sle.company == company)
	return query.run()


def _folded() -> dict:
	"""What the last sync folded into the balances: {"window": its window, "items": (company, item)
	-> (newest modified, row count) of the item's rows modified after the window}."""
	return frappe.cache.get_value(FOLDED) or {}


def _changed_items(since, mark) -> tuple[dict[str, dict[str, date]], dict[str, dict[str, date]]]:
	"""Items with ledger rows modified after ``since``: (those with a row after ``mark``, to rebuild;
	the others not folded with exactly these rows, to check), each as company -> item -> earliest
	posting date of those rows."""
	new: dict[str, dict[str, date]] = defaultdict(dict)
	seen: dict[str, dict[str, date]] = defaultdict(dict)
	folded = _folded()
	signatures = folded.get("items", {}) if folded.get("window") == str(since) else {}
	for company, item_code, since_date, modified, count in _signatures(since):
		if mark is None or get_datetime(modified) > get_datetime(mark):
			new[company][item_code] = getdate(since_date)
		elif signatures.get((company, item_code)) != (str(modified), count):
			seen[company][item_code] = getdate(since_date)
	return new, seen


def _note_folded(window, built: set[str]) -> None:
	"""Note the signature of every item of a built company with rows modified after ``window`` (the
	next sync's and the reports' window): this sync's transaction saw exactly those rows, so their
	balances hold while the signature does. Losing the note costs a check, never a wrong figure."""
	if window is None:
		return
	items = {
		(company, item_code): (str(modified), count)
		for company, item_code, _since, modified, count in _signatures(window)
		if company in built
	}
	frappe.cache.set_value(
		FOLDED,
		{"window": str(window), "items": items},
		expires_in_sec=int(SYNC_MARGIN.total_seconds()) * 2,
	)


def _differing_items(company: str, items: dict[str, date]) -> dict[str, date]:
	"""Of ``items`` (item -> from date), those whose stored balances no longer match the ledger (rows
	and value per warehouse and half month from that half month on)."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	table = frappe.qb.DocType(PERIOD_BALANCE)
	differing: dict[str, date] = {}
	by_period: dict[date, list[str]] = defaultdict(list)
	for item_code, since in items.items():
		by_period[period_plan.period_start(getdate(since))].append(item_code)
	for start, codes in by_period.items():
		for first in range(0, len(codes), ITEMS_PER_PASS):
			chunk = codes[first : first + ITEMS_PER_PASS]
			# per day, folded into half months here (a few items' rows since a recent day)
			ledger = (
				frappe.qb.from_(sle)
				.select(
					sle.item_code,
					sle.warehouse,
					sle.posting_date,
					Count("*"),
					Sum(sle.stock_value_difference),
				)
				.where(
					(sle.company == company)
					& (sle.is_cancelled == 0)
					& (sle.item_code.isin(chunk))
					& (sle.posting_datetime >= start)
				)
				.groupby(sle.item_code, sle.warehouse, sle.posting_date)
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
					& (table.period_type == period_plan.RUNNING)
					& (table.period_start >= start)
				)
			).run()
			expected = {
				(item_code, warehouse, getdate(period_start)): (int(rows or 0), flt(value, 6))
				for item_code, warehouse, period_start, rows, value in stored
			}
			sums: dict[tuple, list] = defaultdict(lambda: [0, 0.0])
			for item_code, warehouse, posting_date, rows, value in ledger:
				amounts = sums[(item_code, warehouse, period_plan.period_start(getdate(posting_date)))]
				amounts[0] += int(rows)
				amounts[1] += flt(value)
			actual = {key: (rows, flt(value, 6)) for key, (rows, value) in sums.items()}
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
			window = _window(last_sle, last_synced)
			rebuild, recheck = _changed_items(window, last_sle)
			for company, items in recheck.items():
				if company in built:
					rebuild[company].update(_differing_items(company, items))
			late = get_datetime(last_synced) - SYNC_MARGIN if last_synced else window
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
				# committed as it goes (a large ledger), read only once the company is marked built
				stats["balances_written"] += _full_build(company, commit=commit)
				built.add(company)
				stats["built"].append(company)

		frappe.db.set_default(BUILT, json.dumps(sorted(built)))
		if sle_mark:
			frappe.db.set_default(SLE_MARK, str(sle_mark))
		if repost_mark:
			frappe.db.set_default(REPOST_MARK, str(repost_mark))
		frappe.db.set_default(SYNCED_AT, str(started))
		_note_folded(_window(sle_mark, started), built)
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
	return _enqueue_company_job("rebuild_job", company)


def _enqueue_company_job(job: str, company: str) -> str:
	"""A build or rebuild of one company's balances in the long queue, once while queued or running
	(both share the job id: they must not run together); returns the job id."""
	job_id = f"{REBUILD_JOB}::{company}"
	frappe.enqueue(
		f"jxc_app.jxc_reports.period_balance.{job}",
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


def queue_build(company: str) -> str:
	"""Queue the first build of a company's balances (long queue, once while queued or running);
	returns the job id. A report calls it for a company not built yet: it writes to the queue only."""
	return _enqueue_company_job("build_job", company)


def build_job(company: str) -> int:
	"""The queued first build, its progress shown to whoever queued it (nothing if already built)."""
	title = _("Building the stock period balances of {0}").format(company)
	frappe.publish_progress(0, title=title)
	frappe.flags.jxc_period_balance_progress = title
	try:
		written = sync([company], commit=not compat.in_test())["balances_written"]
	finally:
		frappe.flags.jxc_period_balance_progress = None
	frappe.publish_progress(100, title=title, description=_("{0} balances written").format(written))
	return written


def queue_builds():
	"""After install: a build for every company with a stock ledger."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	for company in frappe.qb.from_(sle).select(sle.company).distinct().run(pluck=True):
		if company not in _built():
			queue_build(company)


def queue_sync_after_commit():
	"""A stock transaction: fold it into the balances soon after it commits (one sync job queued per
	request; the reports read it from the ledger until then)."""
	if frappe.flags.jxc_period_balance_sync_queued or compat.in_test():
		return
	frappe.flags.jxc_period_balance_sync_queued = True
	frappe.db.after_commit.add(_queue_sync)
	frappe.db.after_rollback.add(_forget_queued_sync)


def _forget_queued_sync():
	frappe.flags.jxc_period_balance_sync_queued = False


def _queue_sync():
	_forget_queued_sync()
	scheduled_sync()


def scheduled_sync():
	"""Every few minutes, in the long queue (and after stock transactions): folds the ledger's new
	rows into the balances, builds companies not built yet."""
	frappe.enqueue(
		"jxc_app.jxc_reports.period_balance.sync",
		queue="long",
		timeout=3600,
		job_id=SYNC_JOB,
		deduplicate=True,
		commit=True,
	)


# -------------------------------------------------------------------------------------------- read
# Nothing below writes: the reports run on a read replica (``frappe.read_only``) or in a read-only
# transaction.


def is_built(company: str) -> bool:
	return company in _built()


def unfolded_items(company: str) -> set[str]:
	"""The items of ``company`` whose balances may not hold their ledger yet: rows added, changed or
	cancelled since the last sync folded them, and what a repost completed since then revalued."""
	folded = _folded()
	window = folded.get("window")
	signatures = folded.get("items", {})
	if not window:
		window = _window(frappe.db.get_default(SLE_MARK), frappe.db.get_default(SYNCED_AT))
		if window is None:
			return set()
	items = {
		item_code
		for _company, item_code, _since, modified, count in _signatures(window, company)
		if signatures.get((company, item_code)) != (str(modified), count)
	}
	last_repost, last_synced = frappe.db.get_default(REPOST_MARK), frappe.db.get_default(SYNCED_AT)
	late = get_datetime(last_synced) - SYNC_MARGIN if last_synced else get_datetime(window)
	since = min(get_datetime(last_repost), late) if last_repost else late
	seen = set(json.loads(frappe.db.get_default(REPOSTS_SEEN) or "[]"))
	for repost in _completed_reposts(since):
		if repost.company == company and repost.name not in seen:
			items.update(_repost_items(repost))
	return items


def summary_totals(filters, warehouses: list[str]) -> tuple[dict[tuple[str, str], list[float]], bool]:
	"""(item, warehouse) -> the pair's figures for the report's period in ``stock_movement.FIGURE_KEYS``
	order (each column moved, opening, in, out, closing); and whether the balances were used (False:
	the company's are not built yet, everything was read from the ledger)."""
	if not warehouses:
		return {}, is_built(filters.company)
	# the item filters resolved once: the balances and the ledger are read with them
	filters = frappe._dict(filters, jxc_items=ledger_sql.match_items(filters))
	warehouses = warehouse_scope(filters.company, warehouses)
	if not is_built(filters.company):
		return _ledger_totals(filters, warehouses), False
	unfolded = unfolded_items(filters.company)
	result = _balance_totals(filters, warehouses, unfolded)
	if unfolded:
		result.update(_ledger_totals(filters, warehouses, items=sorted(unfolded)))
	return result, True


def warehouse_scope(company: str, warehouses: list[str]) -> list[str] | None:
	"""``warehouses``, or None when they are every warehouse of ``company`` (its ledger rows and
	balances are then read without naming them: a list of warehouses is a condition on every row)."""
	every = frappe.get_all("Warehouse", filters={"company": company, "is_group": 0}, pluck="name")
	return None if set(warehouses) >= set(every) else warehouses


def _ledger_totals(filters, warehouses, items=None) -> dict:
	"""The report's figures read from the ledger alone (everything up to ``to_date``, split at
	``from_date``), classified by the database."""
	rows = ledger_sql.pair_totals(
		filters.company,
		to_date=filters.to_date,
		split=filters.from_date,
		items=items,
		warehouses=warehouses,
		filters=filters.jxc_items,
	)
	return _split_figures({}, rows, set())


def _split_figures(opening: dict, rows, skip: set[str]) -> dict[tuple[str, str], list[float]]:
	"""The figures of pairs whose (quantity, value) from a snapshot (or nothing) are ``opening``
	(filled in place) and ``rows`` the ledger's sums per pair, each marked before the period or not
	(``pair_totals`` split at the period's first day, or a snapshot's own stretch, signed): those before
	are the rest of the opening, the others what moved in the period (one row per pair)."""
	moved: dict[tuple[str, str], list[float]] = {}
	for item_code, warehouse, before, amounts in rows:
		if item_code in skip:
			continue
		pair = (item_code, warehouse)
		if before:
			qty, value = opening.get(pair, (0.0, 0.0))
			opening[pair] = (qty + amounts[0], value + amounts[1])
		else:
			moved[pair] = amounts[2:]  # one line per pair and side of the split
	figures, still = stock_movement.figure_values, [0.0] * (WIDTH - 2)
	# each pair looked up once (a pair's hash is computed anew at every lookup)
	result = {}
	for pair, (qty, value) in opening.items():
		amounts = moved.pop(pair, None)
		result[pair] = figures(qty, value, still.copy() if amounts is None else amounts)
	for pair, amounts in moved.items():  # moved in the period, nothing before it
		result[pair] = figures(0.0, 0.0, amounts)
	return result


def _added(amounts: list[float] | None, more: list[float], sign: int = 1) -> list[float]:
	if amounts is None:
		return list(more) if sign > 0 else [-b for b in more]
	return list(map(add if sign > 0 else sub, amounts, more))


SNAPSHOT_BATCH = 1000  # balances parsed by one call of the JSON decoder


def _snapshots(filters, warehouses, months: tuple[date, ...], skip: set[str], measures=None) -> list[dict]:
	"""For each of ``months``: (item, warehouse) -> running totals at its end (one balance per pair;
	with ``measures``, only the first so many). One pass over the balances for all of them, each read
	as one text (the driver reads a column at a time: for a hundred thousand pairs that costs more than
	their arithmetic); a balance valid at several of the months is read once, its list shared.

	Each line is a JSON array, parsed by orjson ``SNAPSHOT_BATCH`` at a time (a zero comes back as the
	integer 0; a third of the time the standard library's decoder takes, and no split in Python) as
	they arrive: this thread parses a batch while the database finds the next."""
	lines = ledger_sql.running_totals_at(filters.company, months, warehouses, filters.jxc_items, measures)
	result: list[dict] = [{} for _month in months]
	# the snapshots a balance with each mark belongs to
	targets = [
		[snapshot for number, snapshot in enumerate(result) if mark & (1 << number)]
		for mark in range(1 << len(months))
	]
	only = result[0] if len(months) == 1 else None
	while batch := list(islice(lines, SNAPSHOT_BATCH)):
		rows = orjson.loads("[" + ",".join(batch) + "]")
		if skip:
			rows = [row for row in rows if row[1] not in skip]
		if only is not None:
			only.update({(item_code, warehouse): amounts for _mark, item_code, warehouse, amounts in rows})
			continue
		for mark, item_code, warehouse, amounts in rows:
			pair = (item_code, warehouse)
			for snapshot in targets[mark]:
				snapshot[pair] = amounts
	return result


def _ledger(filters, warehouses, first: date, last: date):
	"""``pair_totals`` of the ledger rows posted from ``first`` to ``last``."""
	return ledger_sql.pair_totals(
		filters.company, from_date=first, to_date=last, warehouses=warehouses, filters=filters.jxc_items
	)


def _balance_totals(filters, warehouses, skip: set[str]) -> dict[tuple[str, str], list[float]]:
	from_date, to_date = getdate(filters.from_date), getdate(filters.to_date)
	plan = period_plan.range_plan(from_date, to_date)
	if plan.one_snapshot:
		# one snapshot serves both cuts: what moved is the range's own ledger, and the snapshot gives only
		# the opening's quantity and value (its business-type totals cancel out)
		(opening,) = _snapshots(filters, warehouses, (plan.opening.snapshot,), skip, measures=2)
		moved = _ledger(filters, warehouses, from_date, to_date)
		cut, before = plan.opening, []
		if cut.ledger_from:
			# the days between the snapshot and the range (or, taken back, the range and the rest of its
			# half month): only how much they changed each pair (no business type)
			if (cut.ledger_from, cut.ledger_to) == (from_date, to_date):
				changes = [
					(item_code, warehouse, *amounts[:2]) for item_code, warehouse, _b, amounts in moved
				]
			else:
				changes = ledger_sql.pair_changes(
					filters.company,
					from_date=cut.ledger_from,
					to_date=cut.ledger_to,
					warehouses=warehouses,
					filters=filters.jxc_items,
				)
			sign = -1.0 if cut.subtract else 1.0
			before = [
				(item_code, warehouse, True, (sign * qty, sign * value))
				for item_code, warehouse, qty, value in changes
			]
		return _split_figures(opening, before + moved, skip)
	opening, closing = _snapshots(filters, warehouses, (plan.opening.snapshot, plan.closing.snapshot), skip)
	# each cut's stretch of ledger (forward from the half month before, or back from the cut's own),
	# both read by one statement: cuts from two snapshots never share a day (``period_plan``)
	cuts = [
		(cut, target) for cut, target in ((plan.opening, opening), (plan.closing, closing)) if cut.ledger_from
	]
	rows = ledger_sql.stretch_totals(
		filters.company,
		[(cut.ledger_from, cut.ledger_to) for cut, _target in cuts],
		warehouses=warehouses,
		filters=filters.jxc_items,
	)
	for number, item_code, warehouse, amounts in rows:
		if item_code not in skip:
			cut, target = cuts[number]
			pair = (item_code, warehouse)
			target[pair] = _added(target.get(pair), amounts, -1 if cut.subtract else 1)
	figures = stock_movement.figure_values
	result = {}
	for pair, after in closing.items():
		before = opening.pop(pair, None)
		if before is None:
			result[pair] = figures(0.0, 0.0, after[2:])
		else:
			moved = list(map(sub, after, before))
			del moved[:2]  # the quantity and value: the opening's are what the figures need
			result[pair] = figures(before[0], before[1], moved)
	for pair, before in opening.items():  # nothing at the closing cut
		result[pair] = figures(before[0], before[1], [0.0 - amount for amount in before[2:]])
	return result


def item_details(item_codes) -> dict[str, tuple[str, str, str]]:
	"""item -> (item name, item group, stock UOM), each item read as one text (the driver reads a
	column at a time). Most of the items: all of them are read, packed in one text (a list of names
	costs the database more than the rows it spares, and the database reads every Item faster than the
	driver takes them a row at a time); a few: the names go to the driver as one parameter (a
	``frappe.qb`` IN list builds a term per item: a tenth of a second for ten thousand)."""
	wanted = set(item_codes)
	if not wanted:
		return {}
	text = "CONCAT_WS(CHAR(31), name, IFNULL(item_group, ''), IFNULL(stock_uom, ''), IFNULL(item_name, ''))"
	if 2 * len(wanted) >= frappe.db.count("Item"):
		lines = ledger_sql.packed_texts(text, "`tabItem`", {})
		if lines is None:
			lines = ledger_sql.texts(text, "`tabItem`", {})
	else:
		codes, lines = sorted(wanted), []
		for start in range(0, len(codes), 5000):
			lines += ledger_sql.texts(
				text, "`tabItem` WHERE name IN %(names)s", {"names": tuple(codes[start : start + 5000])}
			)
	details = {}
	for line in lines:
		code, group, uom, name = line.split(SEPARATOR, 3)
		if code in wanted:
			details[code] = (name, group, uom)
	return details
