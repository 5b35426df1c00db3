"""Benchmark of the stock alerts (``bench --site SITE jxc-alert-benchmark``, on a site kept for benchmarks:
site config ``jxc_benchmark_site: 1``).

``items`` × ``warehouses`` bins (10 000 × 10 = 100 000) are written in bulk as ERPNext would have left
them (one opening ledger row per bin, outbound rows on most, a batch with an expiry date on 10 % of them),
each with a stock limit (JXC Stock Limit) and an ERPNext reorder level (Item Reorder) at the same level.

Timed in the same run:
- the full scan of every stock type (low stock, overstock, expiring and expired batches, slow moving):
  the evaluators, then the alert store's ``sync_findings`` — a first scan that opens the alerts and a
  second that finds them unchanged (target: each ≤ 5 s), and a third whose findings all differ from what
  the alerts show (the store updates every alert, as a daily scan does for idle days and expiry);
- ERPNext's own ``erpnext.stock.reorder_item.reorder_item`` over the same bins (automatic Material
  Requests switched on for the run; target: ours ≥ 10× faster);
- one ledger change: the stock types re-evaluated for its item × warehouse only.
Everything the timed runs write (alerts, Material Requests) is rolled back; ``--reuse`` keeps the bins.
"""

import frappe
from erpnext.stock.reorder_item import reorder_item
from frappe.utils import add_days, now_datetime, nowdate

from benchmarks.common import (
	ABBR,
	AUDIT_FIELDS,
	COMPANY,
	LEDGER_FIELDS,
	audit,
	ensure_company,
	insert_items,
	require_benchmark_site,
	timed,
)
from jxc_app.jxc_alerts import store
from jxc_app.jxc_alerts.types import EVALUATORS
from jxc_app.rules import alerts
from jxc_app.utils.site_defaults import default_stock_uom

PREFIX = "ALB"
BATCH_SHARE = 10  # one bin in ten holds a batch
SAFETY, MINIMUM, MAXIMUM = 1, 3, 197
RULES = {
	alerts.LOW_STOCK: {},
	alerts.OVERSTOCK: {},
	alerts.EXPIRING_BATCH: {"days": 30},
	alerts.EXPIRED_BATCH: {},
	alerts.SLOW_MOVING: {"days": 90, "amount": 9000},
}


def _warehouses(count: int) -> list[str]:
	names = []
	for number in range(1, count + 1):
		name = f"{PREFIX}-W{number:02d}"
		full = f"{name} - {ABBR}"
		if not frappe.db.exists("Warehouse", full):
			frappe.get_doc({"doctype": "Warehouse", "warehouse_name": name, "company": COMPANY}).insert(
				ignore_permissions=True
			)
		names.append(full)
	return names


def _clear():
	items = frappe.qb.DocType("Item")
	codes = frappe.qb.from_(items).select(items.name).where(items.name.like(f"{PREFIX}-%")).run(pluck=True)
	if not codes:
		return
	for doctype, field in (
		("Stock Ledger Entry", "item_code"),
		("Bin", "item_code"),
		("Batch", "item"),
		("JXC Stock Limit", "parent"),
		("Item Reorder", "parent"),
		("JXC Alert", "item_code"),
		("Item Default", "parent"),
		("Item", "name"),
	):
		table = frappe.qb.DocType(doctype)
		for start in range(0, len(codes), 5000):
			frappe.qb.from_(table).delete().where(table[field].isin(codes[start : start + 5000])).run()
	frappe.db.commit()


def _figures(index: int) -> tuple[float, float]:
	"""A bin's quantity (0–199) and valuation rate (10–59), spread deterministically."""
	return float((index * 7919) % 200), float(10 + index % 50)


def build(items: int, warehouses: int, emit) -> dict:
	"""Write the bins, ledger, batches, limits and reorder levels in bulk; returns what was written."""
	year = now_datetime().year
	ensure_company(year - 1)
	_clear()
	names = _warehouses(warehouses)
	stamp = now_datetime()
	codes = [f"{PREFIX}-{number:05d}" for number in range(1, items + 1)]
	insert_items(((code, f"预警基准物料 {code}") for code in codes), stamp)
	batch_items = codes[::BATCH_SHARE]
	item = frappe.qb.DocType("Item")
	frappe.qb.update(item).set(item.has_batch_no, 1).where(item.name.isin(batch_items)).run()
	uom = default_stock_uom()
	opened_on = add_days(nowdate(), -200)
	recently = add_days(nowdate(), -10)

	bins, ledger, limits, reorders, batches = [], [], [], [], []
	index = 0
	for code_number, code in enumerate(codes):
		for position, warehouse in enumerate(names, start=1):
			index += 1
			qty, rate = _figures(index)
			outbound = 1.0 if index % 10 else 0.0  # one bin in ten never moved out
			on_hand = qty
			bins.append(
				(
					f"{PREFIX}-BIN-{index:06d}",
					code,
					warehouse,
					on_hand,
					on_hand,
					rate,
					on_hand * rate,
					uom,
					*audit(stamp),
				)
			)
			batch_no = None
			if code_number % BATCH_SHARE == 0:
				batch_no = f"{code}-{position:02d}"
				expiry = add_days(nowdate(), (index * 31) % 400 - 20)
				batches.append((batch_no, batch_no, code, expiry, 0, *audit(stamp)))
			ledger.append(
				(
					f"{PREFIX}-SLE-{index:06d}-1",
					code,
					warehouse,
					opened_on,
					"08:00:00",
					f"{opened_on} 08:00:00",
					"Stock Reconciliation",
					f"{PREFIX}-OPEN",
					f"{PREFIX}-OPEN-{index}",
					on_hand + outbound,
					on_hand + outbound,
					rate,
					(on_hand + outbound) * rate,
					(on_hand + outbound) * rate,
					COMPANY,
					batch_no,
					*audit(stamp, docstatus=1),
				)
			)
			if outbound:
				ledger.append(
					(
						f"{PREFIX}-SLE-{index:06d}-2",
						code,
						warehouse,
						recently if index % 7 else opened_on,
						"09:00:00",
						f"{recently if index % 7 else opened_on} 09:00:00",
						"Stock Entry",
						f"{PREFIX}-OUT",
						f"{PREFIX}-OUT-{index}",
						-outbound,
						on_hand,
						rate,
						on_hand * rate,
						-outbound * rate,
						COMPANY,
						batch_no,
						*audit(stamp, docstatus=1),
					)
				)
			limits.append(
				(
					f"{PREFIX}-LIM-{index:06d}",
					code,
					"Item",
					"jxc_stock_limits",
					position,
					warehouse,
					SAFETY,
					MINIMUM,
					MAXIMUM,
					0,
					*audit(stamp),
				)
			)
			reorders.append(
				(
					f"{PREFIX}-ROL-{index:06d}",
					code,
					"Item",
					"reorder_levels",
					position,
					warehouse,
					MINIMUM,
					20,
					"Purchase",
					*audit(stamp),
				)
			)
	frappe.db.bulk_insert(
		"Bin",
		[
			"name",
			"item_code",
			"warehouse",
			"actual_qty",
			"projected_qty",
			"valuation_rate",
			"stock_value",
			"stock_uom",
			*AUDIT_FIELDS,
		],
		bins,
		chunk_size=10000,
	)
	frappe.db.bulk_insert(
		"Batch",
		["name", "batch_id", "item", "expiry_date", "disabled", *AUDIT_FIELDS],
		batches,
		chunk_size=10000,
	)
	frappe.db.bulk_insert(
		"Stock Ledger Entry",
		[*LEDGER_FIELDS, "batch_no", *AUDIT_FIELDS],
		ledger,
		chunk_size=10000,
	)
	child = ["name", "parent", "parenttype", "parentfield", "idx", "warehouse"]
	frappe.db.bulk_insert(
		"JXC Stock Limit",
		[*child, "safety_qty", "min_qty", "max_qty", "max_value", *AUDIT_FIELDS],
		limits,
		chunk_size=10000,
	)
	frappe.db.bulk_insert(
		"Item Reorder",
		[*child, "warehouse_reorder_level", "warehouse_reorder_qty", "material_request_type", *AUDIT_FIELDS],
		reorders,
		chunk_size=10000,
	)
	frappe.db.commit()
	written = {"bins": len(bins), "ledger rows": len(ledger), "batches": len(batches), "limits": len(limits)}
	emit(f"written: {written}")
	return written


def scan(scope=None, changed: bool = False) -> dict:
	"""Every stock type: evaluate (within ``scope``) and sync the findings; per type (findings, seconds).
	``changed``: every finding's figures differ from what its alert shows (as on the next day, when the
	idle days and days to expiry have moved), so that the store updates every open alert."""
	found = {}
	for alert_type, thresholds in RULES.items():
		rule = frappe._dict(alert_type=alert_type, company=COMPANY, severity=alerts.WARNING, **thresholds)
		findings, evaluated = timed(EVALUATORS[alert_type].evaluate, rule, scope=scope)
		if changed:
			for finding in findings:
				finding.figures = {**(finding.figures or {}), "benchmark_changed": True}
		_result, synced = timed(store.sync_findings, None, alert_type, findings, scope=scope)
		found[alert_type] = (len(findings), evaluated, synced)
	return found


def run(
	items: int = 10_000, warehouses: int = 10, reuse: bool = False, emit=print, erpnext: bool = True
) -> dict:
	require_benchmark_site("100 000 bins with their ledger, batches, limits and reorder levels")
	frappe.set_user("Administrator")
	if not reuse or not frappe.db.exists("Item", f"{PREFIX}-{items:05d}"):
		(_written, seconds) = timed(build, items, warehouses, emit)
		emit(f"bulk set-up: {seconds:.1f} s")
	bins = frappe.db.count("Bin", {"item_code": ("like", f"{PREFIX}-%")})
	emit(f"bins: {bins}")

	first, first_seconds = timed(scan)
	second, second_seconds = timed(scan)
	for alert_type, (count, evaluated, synced) in first.items():
		emit(
			f"  {alert_type}: {count} findings; evaluate {evaluated:.2f} s, store {synced:.2f} s "
			f"(again: {second[alert_type][1]:.2f} s + {second[alert_type][2]:.2f} s)"
		)
	emit(f"full scan of every stock type, first (opens the alerts): {first_seconds:.2f} s")
	emit(f"full scan of every stock type, again (nothing changed): {second_seconds:.2f} s")
	third, third_seconds = timed(scan, None, True)
	updated_store = sum(synced for _count, _evaluated, synced in third.values())
	emit(
		f"full scan of every stock type, every alert changed: {third_seconds:.2f} s "
		f"(of which the store: {updated_store:.2f} s)"
	)
	evaluate_only = sum(evaluated for _count, evaluated, _synced in first.values())
	emit(f"  of which the evaluators: {evaluate_only:.2f} s")

	pair = (f"{PREFIX}-00001", f"{PREFIX}-W01 - {ABBR}")
	_one, one_seconds = timed(scan, [pair])
	emit(f"one ledger change (its item × warehouse only): {one_seconds * 1000:.1f} ms")
	frappe.db.rollback()
	if not erpnext:
		return {"ours_first_seconds": first_seconds, "one_change_ms": one_seconds * 1000}

	frappe.db.set_single_value("Stock Settings", "auto_indent", 1)
	frappe.local.reorder_email_notify = 0
	_made, erpnext_seconds = timed(reorder_item)
	requests = frappe.db.count("Material Request Item", {"item_code": ("like", f"{PREFIX}-%")})
	frappe.db.rollback()
	emit(
		f"ERPNext reorder_item over the same bins: {erpnext_seconds:.2f} s ({requests} Material Request lines)"
	)
	ratio = erpnext_seconds / first_seconds if first_seconds else float("inf")
	emit(f"ratio ERPNext / ours (first full scan): {ratio:.1f}× (target ≥ 10×; ours target ≤ 5 s)")
	return {
		"bins": bins,
		"ours_first_seconds": first_seconds,
		"ours_again_seconds": second_seconds,
		"ours_changed_seconds": third_seconds,
		"evaluators_seconds": evaluate_only,
		"one_change_ms": one_seconds * 1000,
		"erpnext_seconds": erpnext_seconds,
		"ratio": ratio,
	}
