"""Variance and recount: finishing a count sums each line's entries and compares them with the
expected quantity (book + what moved since the snapshot, in track mode); the lines beyond tolerance
go to a recount by another counter, whose figures finishing the recount takes."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.desk.form.assign_to import add as assign
from frappe.query_builder.functions import Sum
from frappe.utils import flt
from pypika.terms import Case

from jxc_app.jxc_inventory.stocktake import states
from jxc_app.rules import stocktake as stocktake_rules
from jxc_app.utils import arguments


def _moved_since(doc) -> dict[tuple, float]:
	"""(item, warehouse) -> quantity moved since the snapshot (track mode): ledger rows written after
	it, less those written before it and cancelled since. Read through ERPNext's index on
	``modified``, which both kinds of row have after the snapshot."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	moved = (
		Case()
		.when((sle.creation > doc.snapshot_time) & (sle.is_cancelled == 0), sle.actual_qty)
		.when((sle.creation <= doc.snapshot_time) & (sle.is_cancelled == 1), -sle.actual_qty)
		.else_(0)
	)
	rows = (
		frappe.qb.from_(sle)
		.select(sle.item_code, sle.warehouse, Sum(moved))
		.where(
			(sle.modified > doc.snapshot_time)
			& (sle.warehouse.isin(states.warehouses_of(doc)))
			& (sle.voucher_type != "Stock Reconciliation")
		)
		.groupby(sle.item_code, sle.warehouse)
	).run()
	return {(item_code, warehouse): flt(qty) for item_code, warehouse, qty in rows}


def _entry_sums(name: str, recount: bool) -> tuple[dict, dict]:
	"""line -> summed qty, line -> counters, for first counts or recounts."""
	entries = frappe.get_all(
		states.ENTRY,
		filters={"stocktake": name, "is_recount": int(recount)},
		fields=["line", "qty", "counter"],
	)
	counters = defaultdict(set)
	for entry in entries:
		counters[entry.line].add(entry.counter)
	return stocktake_rules.summed_counts(entries), counters


def _line_values(line, final: float, moved: dict) -> dict:
	expected, variance_qty, variance_value = stocktake_rules.variance(
		line.book_qty,
		moved.get((line.item_code, line.warehouse), 0.0) if not line.batch_no else 0.0,
		final,
		line.valuation_rate,
	)
	return {
		"final_qty": final,
		"moved_qty": expected - flt(line.book_qty),
		"expected_qty": expected,
		"variance_qty": variance_qty,
		"variance_value": variance_value,
	}


def _totals(doc) -> dict:
	lines = frappe.get_all(
		states.LINE,
		filters={"parent": doc.name, "parenttype": states.STOCKTAKE},
		fields=["variance_qty", "variance_value", "counted", "recount_required", "recounted"],
	)
	gain, loss = stocktake_rules.gain_and_loss(line.variance_value for line in lines)
	return {
		"counted_lines": sum(1 for line in lines if line.counted),
		"recount_lines": sum(1 for line in lines if line.recount_required and not line.recounted),
		"variance_lines": sum(
			1 for line in lines if abs(flt(line.variance_qty)) > stocktake_rules.QTY_TOLERANCE
		),
		"gain_value": gain,
		"loss_value": loss,
		"variance_value": gain + loss,
	}


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def finish_counting(name: str, uncounted_as_zero: bool = False) -> dict:
	"""Close the first count: sum the entries, compare with the expected quantity, and send the lines
	beyond tolerance to a recount by another counter."""
	doc = states.managed_stocktake(name, states.COUNTING)
	sums, who = _entry_sums(doc.name, recount=False)
	uncounted = [line for line in doc.lines if line.name not in sums]
	if uncounted and not frappe.parse_json(uncounted_as_zero):
		frappe.throw(
			_(
				"{0} lines are not counted yet (e.g. {1}). Count them, or finish with uncounted lines as 0."
			).format(len(uncounted), uncounted[0].item_code),
			title=_("Lines Not Counted"),
			exc=states.StocktakeStateError,
		)
	moved = _moved_since(doc) if doc.freeze_mode == "Track" else {}
	counters = states.counters_of(doc.name)
	recounts, updates = 0, {}
	for line in doc.lines:
		counted = sums.get(line.name, 0.0)
		values = _line_values(line, counted, moved)
		values.update(
			counted_qty=counted,
			counted=1 if line.name in sums else 0,
			counted_by=", ".join(sorted(who.get(line.name, ()))),
		)
		if stocktake_rules.beyond_tolerance(
			values["expected_qty"],
			values["variance_qty"],
			values["variance_value"],
			doc.qty_tolerance_percent,
			doc.value_tolerance,
		):
			recounter = stocktake_rules.recounter(counters, who.get(line.name, ()), turn=recounts)
			if recounter:
				values.update(recount_required=1, recount_by=recounter)
				recounts += 1
		updates[line.name] = values
	# one statement per hundred lines, not one per line: a count can have tens of thousands
	frappe.db.bulk_update(states.LINE, updates, chunk_size=500, update_modified=False)
	status = states.RECOUNT if recounts else states.COUNTED
	states.set_status(doc, status, **_totals(doc))
	if recounts:
		_assign_recounts(doc)
	return {"status": status, "recount_lines": recounts}


def _assign_recounts(doc):
	for user in set(
		frappe.get_all(states.LINE, filters={"parent": doc.name, "recount_required": 1}, pluck="recount_by")
	):
		assign(
			{
				"assign_to": [user],
				"doctype": states.STOCKTAKE,
				"name": doc.name,
				"description": _("Recount the lines of stocktake {0} assigned to you.").format(doc.name),
			},
			ignore_permissions=True,
		)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def finish_recount(name: str) -> dict:
	"""Close the recount: the recounted lines take the recounters' figures."""
	doc = states.managed_stocktake(name, states.RECOUNT)
	sums, _who = _entry_sums(doc.name, recount=True)
	pending = [line for line in doc.lines if line.recount_required and line.name not in sums]
	if pending:
		frappe.throw(
			_("{0} lines still await their recount (e.g. {1}).").format(len(pending), pending[0].item_code),
			title=_("Recount Not Finished"),
			exc=states.StocktakeStateError,
		)
	moved = _moved_since(doc) if doc.freeze_mode == "Track" else {}
	for line in doc.lines:
		if not line.recount_required:
			continue
		values = _line_values(line, sums[line.name], moved)
		values.update(recounted_qty=sums[line.name], recounted=1)
		frappe.db.set_value(states.LINE, line.name, values, update_modified=False)
	states.set_status(doc, states.COUNTED, **_totals(doc))
	return {"status": states.COUNTED}
