"""Benchmark of the 进销存汇总表 against ERPNext's Stock Balance on a large synthetic ledger.

``bench --site SITE jxc-inventory-benchmark`` (site config ``jxc_benchmark_site: 1``: it writes a
company and a million ledger rows, so only on a site kept for it). It builds a coherent ledger in
bulk: every item × warehouse moves through the year in time order with purchases, sales, both
returns, transfers between warehouses (both legs), receipts, issues and stock counts, running
quantities never negative and values at moving average, as ERPNext would have written them; then
prints the time of one plain SQL GROUP BY over those rows (the floor), of our report and of Stock
Balance for the same filters, and whether their totals match. It then submits a real backdated
Stock Entry, runs ERPNext's repost, and measures both reports again.
"""

import multiprocessing
import os
import queue
import random
import resource
import time
from datetime import date, datetime, timedelta

import frappe
from frappe.query_builder.functions import Sum
from frappe.utils import flt, now_datetime
from frappe.utils.nestedset import get_root_of

from benchmarks.common import (
	ABBR,
	COMPANY,
	LEDGER_FIELDS,
	as_request,
	ensure_company,
	insert_items,
	require_benchmark_site,
	timed,
)
from jxc_app.jxc_reports import period_balance
from jxc_app.utils.site_defaults import default_stock_uom

PREFIX = "BM"
LINES_PER_VOUCHER = 10
# (voucher kind, weight): what each ledger slot becomes when the stock allows it
KINDS = (
	("purchase", 30),
	("sale", 34),
	("sales_return", 4),
	("purchase_return", 3),
	("transfer", 12),
	("receipt", 5),
	("issue", 5),
	("count", 3),
	("repack", 4),
)
VOUCHER = {
	"purchase": ("Purchase Receipt", 0),
	"purchase_return": ("Purchase Receipt", 1),
	"sale": ("Delivery Note", 0),
	"sales_return": ("Delivery Note", 1),
	"transfer": ("Stock Entry", "Material Transfer"),
	"receipt": ("Stock Entry", "Material Receipt"),
	"issue": ("Stock Entry", "Material Issue"),
	"repack": ("Stock Entry", "Repack"),
	"count": ("Stock Reconciliation", "Stock Reconciliation"),
}


# ------------------------------------------------------------------------------------ the ledger


def _clear() -> None:
	"""Remove an earlier run's synthetic rows (the site is the benchmark's own)."""
	for doctype in ("Stock Ledger Entry", period_balance.PERIOD_BALANCE):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table.company == COMPANY).run()
	for doctype in ("Purchase Receipt", "Delivery Note", "Stock Entry", "Stock Reconciliation"):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table.name.like(f"{PREFIX}-%")).run()
	for doctype in ("Repost Item Valuation", "Stock Entry", "GL Entry"):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(table.company == COMPANY).run()
	table = frappe.qb.DocType("Item")
	frappe.qb.from_(table).delete().where(table.name.like(f"{PREFIX}-%")).run()
	frappe.qb.from_("Bin").delete().where(frappe.qb.DocType("Bin").item_code.like(f"{PREFIX}-%")).run()
	frappe.db.commit()


def _warehouses(count: int) -> list[str]:
	names = []
	for number in range(1, count + 1):
		name = f"{PREFIX} 仓库{number:02d} - {ABBR}"
		if not frappe.db.exists("Warehouse", name):
			frappe.get_doc(
				{"doctype": "Warehouse", "warehouse_name": f"{PREFIX} 仓库{number:02d}", "company": COMPANY}
			).insert(ignore_permissions=True)
		names.append(name)
	return names


def _items(count: int, stamp: datetime) -> list[str]:
	"""The first item is a real document (the backdated entry's); the rest are written in bulk."""
	codes = [f"{PREFIX}-{number:05d}" for number in range(1, count + 1)]
	group, uom = get_root_of("Item Group"), default_stock_uom()
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": codes[0],
			"item_name": "基准物料 1",
			"item_group": group,
			"stock_uom": uom,
			"is_stock_item": 1,
			"valuation_method": "Moving Average",
		}
	).insert(ignore_permissions=True)
	insert_items(((code, f"基准物料 {n}") for n, code in enumerate(codes[1:], start=2)), stamp)
	return codes


def _generate(items, warehouses, rows, year, seed, stamp, days=365):
	"""The ledger rows and voucher headers, in time order, coherent per item × warehouse, over
	``days`` from 1 January of ``year``."""
	rng = random.Random(seed)
	kinds, weights = zip(*KINDS, strict=True)
	start = datetime(year, 1, 1)
	seconds = days * 24 * 3600 - 1
	pairs = [(item, warehouse) for item in items for warehouse in warehouses]
	position = {item: index for index, item in enumerate(items)}
	# every pair opens the year with a purchase (first weeks), the rest fall at random times after
	opening_span = len(pairs) * 10
	if opening_span >= seconds // 2:
		raise ValueError("too many item × warehouse pairs for ten-second slots over the ledger's span")
	opening = [(i * 10, pair) for i, pair in enumerate(pairs)]
	later = sorted(rng.randrange(opening_span, seconds) for _ in range(max(rows - len(pairs), 0)))
	slots = opening + [(t, pairs[rng.randrange(len(pairs))]) for t in later]
	stock: dict[tuple, list[float]] = {pair: [0.0, 0.0] for pair in pairs}  # qty, value
	sle, headers = [], {}
	voucher_of: dict[str, tuple[str, int]] = {}  # kind -> (voucher no, lines in it)
	counters = dict.fromkeys(VOUCHER, 0)

	def voucher(kind, posting):
		current = voucher_of.get(kind)
		if not current or current[1] >= LINES_PER_VOUCHER or headers[current[0]][1] != posting.date():
			counters[kind] += 1
			number = f"{PREFIX}-{kind[:4].upper()}-{counters[kind]:07d}"
			headers[number] = (kind, posting.date(), posting.time())
			current = (number, 0)
		voucher_of[kind] = (current[0], current[1] + 1)
		return current[0]

	def write(pair, posting, kind, number, actual_qty, value_change, reco_qty=None):
		balance = stock[pair]
		balance[0] = reco_qty if reco_qty is not None else balance[0] + actual_qty
		balance[1] += value_change
		rate = balance[1] / balance[0] if balance[0] else 0.0
		sequence = len(sle)
		sle.append(
			(
				f"{PREFIX}{sequence:09d}",
				pair[0],
				pair[1],
				posting.date(),
				posting.time(),
				posting,
				VOUCHER[kind][0],
				number,
				f"{number}-{sequence}",
				0.0 if reco_qty is not None else actual_qty,
				round(balance[0], 6),
				round(rate, 9),
				round(balance[1], 9),
				round(value_change, 9),
				COMPANY,
				str(posting.year),
				stamp + timedelta(microseconds=sequence),
			)
		)

	for offset, pair in slots:
		if len(sle) >= rows:
			break
		posting = start + timedelta(seconds=offset)
		qty_now, value_now = stock[pair]
		rate = value_now / qty_now if qty_now else 0.0
		kind = "purchase" if offset < opening_span else rng.choices(kinds, weights)[0]
		if kind in ("sale", "purchase_return", "issue", "transfer", "repack") and qty_now < 2:
			kind = "purchase"
		if (kind == "transfer" and len(warehouses) < 2) or (kind == "repack" and len(items) < 2):
			kind = "receipt"
		if kind == "purchase" or kind == "receipt":
			qty, price = rng.randint(5, 50), rng.uniform(5, 50)
			write(pair, posting, kind, voucher(kind, posting), qty, qty * price)
		elif kind == "sales_return":
			qty = rng.randint(1, 5)
			write(pair, posting, kind, voucher(kind, posting), qty, qty * (rate or 10.0))
		elif kind in ("sale", "purchase_return", "issue"):
			qty = rng.randint(1, int(qty_now))
			write(pair, posting, kind, voucher(kind, posting), -qty, -qty * rate)
		elif kind == "count":
			counted = max(0, int(qty_now) + rng.randint(-3, 3))
			write(
				pair, posting, kind, voucher(kind, posting), 0, counted * rate - value_now, reco_qty=counted
			)
		elif kind == "transfer":
			target = (pair[0], warehouses[(warehouses.index(pair[1]) + 1) % len(warehouses)])
			qty = rng.randint(1, int(qty_now))
			number = voucher(kind, posting)
			voucher_of[kind] = (number, LINES_PER_VOUCHER)  # one transfer a voucher: its two legs
			write(pair, posting, kind, number, -qty, -qty * rate)
			write(target, posting, kind, number, qty, qty * rate)
		else:  # repack: this item into the next item, same warehouse, value carried over
			target = (items[(position[pair[0]] + 1) % len(items)], pair[1])
			qty = rng.randint(1, int(qty_now))
			number = voucher(kind, posting)
			voucher_of[kind] = (number, LINES_PER_VOUCHER)
			write(pair, posting, kind, number, -qty, -qty * rate)
			write(target, posting, kind, number, qty, qty * rate)
	return sle, headers


SLE_FIELDS = [*LEDGER_FIELDS, "fiscal_year", "creation"]


def _insert(sle, headers, stamp):
	old = stamp - timedelta(hours=1)  # older than any sync's window (see period_balance.sync)
	meta = (old, "Administrator", "Administrator", 1, default_stock_uom(), 0)
	frappe.db.bulk_insert(
		"Stock Ledger Entry",
		[*SLE_FIELDS, "modified", "owner", "modified_by", "docstatus", "stock_uom", "is_cancelled"],
		(row + meta for row in sle),
		chunk_size=10000,
	)
	by_doctype: dict[str, list] = {}
	for number, (kind, posting_date, posting_time) in headers.items():
		doctype, flag = VOUCHER[kind]
		common = (
			number,
			COMPANY,
			posting_date,
			posting_time,
			1,
			stamp,
			stamp,
			"Administrator",
			"Administrator",
		)
		if doctype == "Stock Entry":
			by_doctype.setdefault(doctype, []).append((*common, flag, flag))
		elif doctype == "Stock Reconciliation":
			by_doctype.setdefault(doctype, []).append((*common, flag))
		else:
			by_doctype.setdefault(doctype, []).append((*common, flag))
	common_fields = ["name", "company", "posting_date", "posting_time", "docstatus", "creation", "modified"]
	common_fields += ["owner", "modified_by"]
	extra = {
		"Stock Entry": ["purpose", "stock_entry_type"],
		"Stock Reconciliation": ["purpose"],
		"Purchase Receipt": ["is_return"],
		"Delivery Note": ["is_return"],
	}
	for doctype, values in by_doctype.items():
		frappe.db.bulk_insert(doctype, common_fields + extra[doctype], values, chunk_size=10000)


# ------------------------------------------------------------------------------------ measuring

GROUPS = 10


def _item_groups(item_codes: list[str]) -> list[str]:
	"""Ten item groups under the root, the items dealt round them (for the item-group filter)."""
	root = get_root_of("Item Group")
	names = []
	for number in range(1, GROUPS + 1):
		name = f"{PREFIX} 物料组{number:02d}"
		if not frappe.db.exists("Item Group", name):
			frappe.get_doc(
				{"doctype": "Item Group", "item_group_name": name, "parent_item_group": root}
			).insert(ignore_permissions=True)
		names.append(name)
	item = frappe.qb.DocType("Item")
	for number, name in enumerate(names):
		codes = item_codes[number::GROUPS]
		for start in range(0, len(codes), 1000):
			frappe.qb.update(item).set(item.item_group, name).where(
				item.name.isin(codes[start : start + 1000])
			).run()
	frappe.db.commit()
	return names


def _ranges(year: int) -> list[tuple[str, str, str]]:
	"""The ranges of issue #16; "today" is 20 March of the next year (the ledger's last month)."""
	today = date(year + 1, 3, 20)
	return [
		("calendar year", f"{year}-01-01", f"{year}-12-31"),
		("15 Feb – 20 Nov", f"{year}-02-15", f"{year}-11-20"),
		("one day", f"{year}-06-15", f"{year}-06-15"),
		("month to date", str(today.replace(day=1)), str(today)),
		("1 Apr – 31 Mar", f"{year}-04-01", f"{year + 1}-03-31"),
		("last 90 days", str(today - timedelta(days=89)), str(today)),
	]


def _floor(filters):
	"""One plain SQL GROUP BY of every ledger row up to the range's end (what any report that reads
	the ledger must at least scan)."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	query = (
		frappe.qb.from_(sle)
		.select(sle.item_code, sle.warehouse, Sum(sle.actual_qty), Sum(sle.stock_value_difference))
		.where(
			(sle.company == filters.company) & (sle.is_cancelled == 0) & (sle.posting_date <= filters.to_date)
		)
		.groupby(sle.item_code, sle.warehouse)
	)
	if filters.get("warehouse"):
		query = query.where(sle.warehouse.isin(filters.warehouse))
	if filters.get("item_group"):
		item = frappe.qb.DocType("Item")
		query = query.join(item).on(item.name == sle.item_code).where(item.item_group == filters.item_group)
	return query.run()


def _ours(filters):
	from jxc_app.jxc_reports.report.inventory_summary import inventory_summary

	return inventory_summary.execute(dict(filters))[1]


def _stock_balance(filters):
	from erpnext.stock.report.stock_balance.stock_balance import execute

	theirs = frappe._dict(filters)
	if theirs.get("warehouse"):
		theirs.warehouse = theirs.warehouse[0]  # one warehouse, a Link there
	return execute(theirs)[1]


def _compare(ours, theirs) -> dict:
	"""Totals over the pairs Stock Balance shows: it hides those whose closing qty and value are 0."""
	precision = 3
	# Stock Balance rounds each pair's figures to the float precision: so do we, before adding up
	shown = [
		{key: flt(value, precision) if isinstance(value, float) else value for key, value in row.items()}
		for row in ours
		if not (flt(row["closing_qty"], precision) == 0 and flt(row["closing_value"], precision) == 0)
	]
	ours_by_pair = {(row["item_code"], row["warehouse"]): row for row in shown}
	theirs_by_pair = {(row["item_code"], row["warehouse"]): row for row in theirs}
	totals = {}
	for ours_key, theirs_key in (
		("opening_qty", "opening_qty"),
		("opening_value", "opening_val"),
		("in_qty", "in_qty"),
		("out_qty", "out_qty"),
		("closing_qty", "bal_qty"),
		("closing_value", "bal_val"),
	):
		totals[ours_key] = (
			round(sum(row[ours_key] for row in shown), 3),
			round(sum(row[theirs_key] for row in theirs), 3),
		)
	worst = max(
		(
			abs(ours_by_pair[key]["closing_value"] - row["bal_val"])
			for key, row in theirs_by_pair.items()
			if key in ours_by_pair
		),
		default=0.0,
	)
	# in/out: Stock Balance counts a count's change and a transfer as in/out like we do in total
	match = (
		set(ours_by_pair) == set(theirs_by_pair)
		and all(
			abs(totals[key][0] - totals[key][1]) < 0.005 for key in totals if key not in ("in_qty", "out_qty")
		)
		and worst < 0.0005
	)
	return {
		"pairs": (len(ours_by_pair), len(theirs_by_pair)),
		"totals": totals,
		"worst_pair_diff": worst,
		"match": match,
	}


def _measure(filters, label, emit, repeat=1) -> dict:
	floor, floor_time = as_request(_floor, filters)
	ours_time = float("inf")
	for _round in range(repeat):  # the machine is shared: the best of a few runs
		ours, took = as_request(_ours, filters)
		ours_time = min(ours_time, took)
	theirs, theirs_time = as_request(_stock_balance, filters)
	comparison = _compare(ours, theirs)
	emit(
		f"[{label}] floor {floor_time:.2f} s ({len(floor)} pairs) · ours {ours_time:.2f} s ({len(ours)} rows) · "
		f"Stock Balance {theirs_time:.2f} s ({len(theirs)} rows) · SB/ours {theirs_time / ours_time:.1f}× · "
		f"totals match: {'YES' if comparison['match'] else 'NO'}"
	)
	for key, (mine, erpnext) in comparison["totals"].items():
		emit(f"[{label}]   {key:14s} ours {mine:>20,.3f}   Stock Balance {erpnext:>20,.3f}")
	emit(
		f"[{label}]   pairs shown ours/Stock Balance: {comparison['pairs'][0]}/{comparison['pairs'][1]}, "
		f"worst pair closing-value difference {comparison['worst_pair_diff']:.6f}"
	)
	return {
		"label": label,
		"floor": floor_time,
		"ours": ours_time,
		"sb": theirs_time,
		"match": comparison["match"],
	}


def _table(results, emit) -> None:
	emit("")
	emit(
		"| range | floor (one SQL GROUP BY) | 进销存汇总表 | Stock Balance | SB / ours | ours / floor | totals match |"
	)
	emit("|---|---|---|---|---|---|---|")
	for row in results:
		emit(
			f"| {row['label']} | {row['floor']:.2f} s | {row['ours']:.2f} s | {row['sb']:.2f} s | "
			f"{row['sb'] / row['ours']:.1f}× | {row['ours'] / row['floor']:.2f} | {'yes' if row['match'] else 'NO'} |"
		)


def _movement_detail(filters, label, emit) -> None:
	"""出入库明细 against ERPNext's Stock Ledger report, same filters, same run."""
	from erpnext.stock.report.stock_ledger.stock_ledger import execute as stock_ledger

	from jxc_app.jxc_reports.report.stock_movement_detail import stock_movement_detail

	ours_time = float("inf")
	for _round in range(2):
		(_columns, ours), took = as_request(stock_movement_detail.execute, dict(filters))
		ours_time = min(ours_time, took)
	theirs_filters = frappe._dict(filters)
	if theirs_filters.get("warehouse"):
		theirs_filters.warehouse = theirs_filters.warehouse[0]
	if theirs_filters.get("item_code"):
		theirs_filters.item_code = [theirs_filters.item_code]  # a list there
	theirs, theirs_time = as_request(stock_ledger, theirs_filters)
	theirs_rows = [row for row in theirs[1] if isinstance(row, dict) and row.get("voucher_no")]
	last = {}
	for row in ours:
		last[(row["item_code"], row["warehouse"])] = row["balance_qty"]
	their_last = {}
	for row in theirs_rows:
		their_last[(row["item_code"], row["warehouse"])] = row.get("qty_after_transaction")
	same = len(ours) == len(theirs_rows) and all(
		abs(flt(their_last.get(key)) - qty) < 1e-6 for key, qty in last.items()
	)
	emit(
		f"[出入库明细 {label}] ours {ours_time:.2f} s ({len(ours)} rows) · ERPNext Stock Ledger "
		f"{theirs_time:.2f} s ({len(theirs_rows)} rows) · ratio {theirs_time / ours_time:.1f}× · "
		f"same rows and closing balances: {'YES' if same else 'NO'}"
	)


def _backdated_entry(item: str, warehouse: str, year: int):
	"""A real Material Receipt in mid-year, before most of the item's rows, and ERPNext's repost."""
	from erpnext.stock.doctype.repost_item_valuation.repost_item_valuation import repost

	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": COMPANY,
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"set_posting_time": 1,
			"posting_date": f"{year}-06-15",
			"posting_time": "10:00:00",
			"items": [{"item_code": item, "qty": 500, "basic_rate": 99, "t_warehouse": warehouse}],
		}
	)
	entry.insert(ignore_permissions=True)
	entry.submit()
	frappe.db.commit()
	reposts = frappe.get_all(
		"Repost Item Valuation",
		filters={"company": COMPANY, "status": "Queued", "docstatus": 1},
		pluck="name",
	)
	start = time.perf_counter()
	for name in reposts:
		repost(frappe.get_doc("Repost Item Valuation", name))
	frappe.db.commit()
	return entry.name, len(reposts), time.perf_counter() - start


def _span_days(year: int) -> int:
	"""The ledger runs from 1 January of ``year`` to 31 March of the next (an April–March fiscal year
	needs both)."""
	return (date(year + 1, 4, 1) - date(year, 1, 1)).days


def write_ledger(items=10_000, warehouses=10, rows=1_000_000, year=None, seed=7, emit=print, reuse=False):
	"""The company and its synthetic ledger: ``rows`` over ``year``, and as many a day into the next
	year's first quarter. Returns (item codes, warehouses, year)."""
	require_benchmark_site("a company and a synthetic ledger")
	year = int(year or now_datetime().year - 1)
	days = _span_days(year)
	total = round(rows * days / 365)
	emit(f"machine: {os.cpu_count()} cores; site {frappe.local.site}")
	emit(
		f"shape: {items} items × {warehouses} warehouses, {rows} ledger rows over {year} "
		f"({total} from {year}-01-01 to {year + 1}-03-31)"
	)
	ensure_company(year)
	warehouse_names = _warehouses(warehouses)
	item_codes = [f"{PREFIX}-{number:05d}" for number in range(1, items + 1)]
	if reuse and frappe.db.count("Stock Ledger Entry", {"company": COMPANY}) >= total:
		emit("ledger kept from the last run (--reuse)")
	else:
		_clear()
		stamp = now_datetime()
		item_codes, item_time = timed(_items, items, stamp)
		(sle, headers), generate_time = timed(
			_generate, item_codes, warehouse_names, total, year, seed, stamp, days
		)
		_none, insert_time = timed(_insert, sle, headers, stamp)
		frappe.db.commit()
		emit(
			f"ledger written: {len(sle)} rows, {len(headers)} vouchers "
			f"(items {item_time:.1f} s, generate {generate_time:.1f} s, bulk insert {insert_time:.1f} s)"
		)
	return item_codes, warehouse_names, year


def run(items=10_000, warehouses=10, rows=1_000_000, year=None, seed=7, emit=print, reuse=False) -> None:
	require_benchmark_site("a company and a synthetic ledger")
	frappe.flags.mute_emails = True
	item_codes, warehouse_names, year = write_ledger(items, warehouses, rows, year, seed, emit, reuse)
	groups = _item_groups(item_codes)
	emit(
		f"MariaDB innodb_buffer_pool_size: {frappe.db.sql('select @@innodb_buffer_pool_size')[0][0] / 2**30:.1f} GB"
	)

	# the first report of a company whose balances are not built: read from the ledger, saying so
	from jxc_app.jxc_reports.report.inventory_summary import inventory_summary

	built = period_balance._built() - {COMPANY}
	frappe.db.set_default(period_balance.BUILT, frappe.as_json(sorted(built)))
	frappe.db.commit()
	compat_in_test = frappe.flags.in_test
	frappe.flags.in_test = True  # the report would queue the build: the benchmark times it itself
	try:
		(_columns, _rows, message, _chart), unbuilt_time = timed(
			inventory_summary.execute, dict(_filters_of(year, "calendar year"))
		)
	finally:
		frappe.flags.in_test = compat_in_test
	emit(
		f"before the build, the calendar year from the ledger: {unbuilt_time:.2f} s; the report says: {message}"
	)

	# the first build of a company: its old balances (from an earlier run) go first, timed apart. When
	# they are the only ones, the table is truncated: deleted rows would leave MariaDB a million to purge
	# while the build runs, which a first build does not have to share the machine with
	balance = frappe.qb.DocType(period_balance.PERIOD_BALANCE)
	others = frappe.db.count(period_balance.PERIOD_BALANCE, {"company": ("!=", COMPANY)})
	_none, clear_time = timed(
		lambda: (
			frappe.qb.from_(balance).delete().where(balance.company == COMPANY).run()
			if others
			else frappe.db.truncate(period_balance.PERIOD_BALANCE),
			frappe.db.commit(),
		)
	)
	emit(
		f"the last run's balances {'deleted' if others else 'truncated (no other company has any)'} "
		f"in {clear_time:.1f} s (not part of the build)"
	)
	written, build_time, build_peak = _build_apart(COMPANY)
	emit(
		f"BUILD: running balances of {frappe.db.count('Stock Ledger Entry', {'company': COMPANY})} ledger rows: {written} balances in {build_time:.1f} s"
		f" (in a process of its own, as a worker of the long queue builds them; its peak memory {build_peak:.0f} MB)"
	)
	_stats, idle = timed(period_balance.sync, [COMPANY], commit=True)
	emit(f"a sync with nothing to do: {idle:.3f} s")

	results = []
	for label, from_date, to_date in _ranges(year):
		base = frappe._dict(company=COMPANY, from_date=from_date, to_date=to_date)
		results.append(_measure(base, label, emit, repeat=2))
		results.append(
			_measure(
				frappe._dict(base, warehouse=[warehouse_names[0]]), f"{label}, one warehouse", emit, repeat=2
			)
		)
		results.append(
			_measure(frappe._dict(base, item_group=groups[0]), f"{label}, one item group", emit, repeat=2)
		)

	entry, reposts, repost_time = _backdated_entry(item_codes[0], warehouse_names[0], year)
	emit(f"backdated entry {entry} on {year}-06-15: ERPNext reposted {reposts} in {repost_time:.1f} s")
	unfolded = period_balance.unfolded_items(COMPANY)
	emit(f"items not folded yet (read from the ledger by the report): {len(unfolded)}")
	results.append(
		_measure(
			_filters_of(year, "calendar year"),
			"calendar year after backdated entry + repost, before the sync",
			emit,
		)
	)
	_stats, sync_time = timed(period_balance.sync, [COMPANY], commit=True)
	stats = frappe.flags.jxc_period_balance_sync or {}
	emit(
		f"the sync after the repost: {sync_time:.1f} s, {stats.get('rebuilt_items')} items rebuilt, "
		f"{stats.get('balances_written')} balances written"
	)
	results.append(
		_measure(_filters_of(year, "calendar year"), "calendar year after the repost, synced", emit)
	)
	_table(results, emit)
	worst = max(row["ours"] for row in results)
	full_floor = max(row["floor"] for row in results)
	emit(f"worst case of ours {worst:.2f} s; the single-scan floor of the whole ledger {full_floor:.2f} s")
	emit(
		f"lowest SB/ours: {min(row['sb'] / row['ours'] for row in results):.1f}×; all totals match: {all(row['match'] for row in results)}"
	)

	month = frappe._dict(
		company=COMPANY, from_date=f"{year}-06-01", to_date=f"{year}-06-30", warehouse=[warehouse_names[1]]
	)
	_movement_detail(month, "one warehouse × one month", emit)
	item_year = frappe._dict(
		company=COMPANY, from_date=f"{year}-01-01", to_date=f"{year}-12-31", item_code=item_codes[1]
	)
	_movement_detail(item_year, "one item × the year", emit)
	peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
	emit(f"peak memory of this process: {peak:.0f} MB")


def _build_in_worker(site: str, sites_path: str, company: str, results) -> None:
	"""The build as a worker of the long queue runs it: a process with its own site context."""
	frappe.init(site, sites_path=sites_path)
	frappe.connect()
	try:
		written, seconds = timed(period_balance.rebuild, company, commit=True)
		results.put((written, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
	finally:
		frappe.destroy()


def _build_apart(company: str) -> tuple[int, float, float]:
	"""The company's balances built in a new process, as in production (a job in the long queue, never
	the web worker that serves the report): the reports are then timed in a process that has not held
	a build's million rows, like a web worker. (balances written, seconds, that process's peak MB)"""
	context = multiprocessing.get_context("spawn")
	results = context.Queue()
	worker = context.Process(
		target=_build_in_worker,
		args=(frappe.local.site, os.path.abspath(frappe.local.sites_path), company, results),
	)
	worker.start()
	try:
		while True:
			try:
				built = results.get(timeout=5)
				# what this process read before (its request's cache of the defaults: the marks, the
				# companies built) the other one has changed
				frappe.local.cache.clear()
				return built
			except queue.Empty:
				if not worker.is_alive():
					raise RuntimeError(
						f"the build's process ended without a result (exit code {worker.exitcode})"
					) from None
	finally:
		worker.join()


def _filters_of(year: int, label: str):
	_label, from_date, to_date = next(r for r in _ranges(year) if r[0] == label)
	return frappe._dict(company=COMPANY, from_date=from_date, to_date=to_date)
