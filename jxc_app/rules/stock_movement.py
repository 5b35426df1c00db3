"""出入库业务类型: which business column a Stock Ledger Entry belongs to (pure; used by the 进销存汇总表
and the 出入库明细 reports, so both always agree).

Direction always comes from the sign of the row's real quantity change; the voucher (type, purpose,
return flag) only picks the column within that direction. So an inbound column never receives an
outgoing row, and every row lands in exactly one column: closing = opening + in − out holds by
construction, for quantity and for value.

Decisions, in the order ``classify`` applies them:

1. A row whose quantity does not change is ``revaluation`` (成本调整): a Stock Reconciliation that
   only changes the valuation rate, its adjustment entries, and similar. It moves value only; the
   summary folds its value into 其他入库 (value up) or 其他出库 (value down), quantity 0.
2. Opening entries (a Stock Entry with ``is_opening = "Yes"``, a Stock Reconciliation whose purpose is
   "Opening Stock") are ``opening_stock`` (期初入库), so the movement detail can show them apart. The
   summary's opening balance is the balance before the period, so such an entry dated inside the
   period is a movement: it is folded into 其他入库 (其他出库 if it lowered the quantity).
3. Internal transfers (a sales or purchase voucher whose party is internal and represents the voucher's
   own company) are 调拨 both ways: the goods never leave the company.
4. ``VOUCHER_RULES``, first matching rule wins, else other_in / other_out by sign.

Transfers, including through a transit warehouse (Material Transfer with Add to Transit, then the
entry that ends the transit) are 调拨 on every leg, as are Send to Subcontractor (the supplier's
warehouse is ours) and Material Transfer for Manufacture (to the work-in-progress warehouse).
Manufacture, Repack, Disassemble and Material Consumption for Manufacture are 生产: what is consumed is
生产领料, what comes out is 生产入库, so a conversion nets out within the pair and 其他 keeps only
genuine receipts and issues. A Subcontracting Receipt (and a Purchase Receipt in the old subcontracting
flow) brings the finished goods in as 采购入库 and consumes the raw materials at the supplier's
warehouse as 生产领料; on its return the goods go out as 采购退货出库 and materials coming back are
生产入库.

Stock Reconciliation: in v15 the ledger row of an item without serial or batch numbers has
``actual_qty = 0`` and ``qty_after_transaction`` = the counted quantity, so the change must be computed
against the previous balance (``ledger_qty_change``) and passed as ``qty_change``; ``classify`` refuses
a Stock Reconciliation row without it rather than reporting a stock count as a revaluation. Serial and
batch items get an "all out" row and an "all in" row; a report wanting net 盘盈/盘亏 should add the
rows of one reconciliation line before classifying. Cancelled entries (``is_cancelled = 1``: the
original and its reversal) are left out by the caller.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

QTY_TOLERANCE = 1e-9

PURCHASE_IN = "purchase_in"
SALES_RETURN_IN = "sales_return_in"
TRANSFER_IN = "transfer_in"
STOCKTAKE_GAIN = "stocktake_gain"
PRODUCTION_IN = "production_in"
OTHER_IN = "other_in"

SALES_OUT = "sales_out"
PURCHASE_RETURN_OUT = "purchase_return_out"
TRANSFER_OUT = "transfer_out"
STOCKTAKE_LOSS = "stocktake_loss"
PRODUCTION_OUT = "production_out"
OTHER_OUT = "other_out"

OPENING_STOCK = "opening_stock"
REVALUATION = "revaluation"

# the summary's columns, in the order
INBOUND = (PURCHASE_IN, SALES_RETURN_IN, TRANSFER_IN, STOCKTAKE_GAIN, PRODUCTION_IN, OTHER_IN)
OUTBOUND = (SALES_OUT, PURCHASE_RETURN_OUT, TRANSFER_OUT, STOCKTAKE_LOSS, PRODUCTION_OUT, OTHER_OUT)
COLUMNS = INBOUND + OUTBOUND
# what classify may return: the columns plus the two kinds the summary folds into 其他入库/其他出库
BUSINESS_TYPES = (*COLUMNS, OPENING_STOCK, REVALUATION)

LABELS_ZH = {
	PURCHASE_IN: "采购入库",
	SALES_RETURN_IN: "销售退货入库",
	TRANSFER_IN: "调拨入库",
	STOCKTAKE_GAIN: "盘盈",
	PRODUCTION_IN: "生产入库",
	OTHER_IN: "其他入库",
	SALES_OUT: "销售出库",
	PURCHASE_RETURN_OUT: "采购退货出库",
	TRANSFER_OUT: "调拨出库",
	STOCKTAKE_LOSS: "盘亏",
	PRODUCTION_OUT: "生产领料",
	OTHER_OUT: "其他出库",
	OPENING_STOCK: "期初入库",
	REVALUATION: "成本调整",
}

LABELS_EN = {
	PURCHASE_IN: "Purchase In",
	SALES_RETURN_IN: "Sales Return In",
	TRANSFER_IN: "Transfer In",
	STOCKTAKE_GAIN: "Stocktake Gain",
	PRODUCTION_IN: "Production In",
	OTHER_IN: "Other In",
	SALES_OUT: "Sales Out",
	PURCHASE_RETURN_OUT: "Purchase Return Out",
	TRANSFER_OUT: "Transfer Out",
	STOCKTAKE_LOSS: "Stocktake Loss",
	PRODUCTION_OUT: "Production Issue",
	OTHER_OUT: "Other Out",
	OPENING_STOCK: "Opening Stock",
	REVALUATION: "Revaluation",
}

BUYING_VOUCHERS = ("Purchase Receipt", "Purchase Invoice", "Subcontracting Receipt")
SELLING_VOUCHERS = ("Delivery Note", "Sales Invoice", "POS Invoice")

# v15 Stock Entry Type purposes
STOCK_ENTRY_PURPOSES = (
	"Material Issue",
	"Material Receipt",
	"Material Transfer",
	"Material Transfer for Manufacture",
	"Material Consumption for Manufacture",
	"Manufacture",
	"Repack",
	"Send to Subcontractor",
	"Disassemble",
)


class Rule(NamedTuple):
	"""One row of the table: ``purpose`` / ``is_return`` None match anything."""

	voucher_type: str
	purpose: str | None
	is_return: bool | None
	inbound: str  # for a row that raises the quantity
	outbound: str  # for a row that lowers it


DEFAULT_RULE = Rule("*", None, None, OTHER_IN, OTHER_OUT)
INTERNAL_TRANSFER_RULE = Rule("*", None, None, TRANSFER_IN, TRANSFER_OUT)

# First match wins, as in an SQL CASE, so a report can translate it row by row. ``purpose`` is the
# voucher's purpose field (Stock Entry, Stock Reconciliation); ``is_return`` its return flag.
VOUCHER_RULES: tuple[Rule, ...] = (
	# returns first: goods back to the supplier; subcontracted materials coming back to its warehouse
	*(Rule(vt, None, True, PRODUCTION_IN, PURCHASE_RETURN_OUT) for vt in BUYING_VOUCHERS),
	# goods received (accepted and rejected); raw materials the subcontractor consumed
	*(Rule(vt, None, None, PURCHASE_IN, PRODUCTION_OUT) for vt in BUYING_VOUCHERS),
	# returns: goods back from the customer; a return's lowering row is its target warehouse's reversal
	*(Rule(vt, None, True, SALES_RETURN_IN, TRANSFER_OUT) for vt in SELLING_VOUCHERS),
	# goods delivered; a raising row only comes from a target warehouse, which ERPNext treats as a transfer
	*(Rule(vt, None, None, TRANSFER_IN, SALES_OUT) for vt in SELLING_VOUCHERS),
	Rule("Stock Entry", "Material Receipt", None, OTHER_IN, OTHER_OUT),
	Rule("Stock Entry", "Material Issue", None, OTHER_IN, OTHER_OUT),
	Rule("Stock Entry", "Material Transfer", None, TRANSFER_IN, TRANSFER_OUT),
	Rule("Stock Entry", "Send to Subcontractor", None, TRANSFER_IN, TRANSFER_OUT),
	Rule("Stock Entry", "Material Transfer for Manufacture", None, TRANSFER_IN, TRANSFER_OUT),
	Rule("Stock Entry", "Material Consumption for Manufacture", None, PRODUCTION_IN, PRODUCTION_OUT),
	Rule("Stock Entry", "Manufacture", None, PRODUCTION_IN, PRODUCTION_OUT),
	Rule("Stock Entry", "Repack", None, PRODUCTION_IN, PRODUCTION_OUT),
	Rule("Stock Entry", "Disassemble", None, PRODUCTION_IN, PRODUCTION_OUT),
	# purposes from before v13, still on old entries
	Rule("Stock Entry", "Sales Return", None, SALES_RETURN_IN, SALES_OUT),
	Rule("Stock Entry", "Purchase Return", None, PURCHASE_IN, PURCHASE_RETURN_OUT),
	Rule("Stock Reconciliation", "Opening Stock", None, OPENING_STOCK, OPENING_STOCK),
	Rule("Stock Reconciliation", None, None, STOCKTAKE_GAIN, STOCKTAKE_LOSS),
)


def _flag(value) -> bool:
	"""Check fields arrive as 0/1, Select fields such as Stock Entry.is_opening as "Yes"/"No"."""
	if isinstance(value, str):
		return value.strip().lower() in ("yes", "1", "true")
	return bool(value)


def find_rule(voucher_type: str, purpose: str | None = None, is_return: bool = False) -> Rule:
	"""The first rule of ``VOUCHER_RULES`` matching the voucher, else ``DEFAULT_RULE``."""
	return _find_rule(voucher_type, purpose or None, _flag(is_return))


@lru_cache(maxsize=256)  # classify runs once per ledger row; the table is fixed
def _find_rule(voucher_type: str, purpose: str | None, is_return: bool) -> Rule:
	for rule in VOUCHER_RULES:
		if (
			rule.voucher_type == voucher_type
			and rule.purpose in (None, purpose)
			and rule.is_return in (None, is_return)
		):
			return rule
	return DEFAULT_RULE


def ledger_qty_change(
	voucher_type: str,
	actual_qty: float,
	qty_after_transaction: float,
	previous_qty_after_transaction: float,
) -> float:
	"""The quantity a ledger row really moved: a Stock Reconciliation row states the counted balance
	(its actual_qty is 0 for plain items), every other row states the change."""
	if voucher_type == "Stock Reconciliation":
		return float(qty_after_transaction or 0) - float(previous_qty_after_transaction or 0)
	return float(actual_qty or 0)


def classify(
	voucher_type: str,
	actual_qty: float,
	*,
	purpose: str | None = None,
	is_return: bool | int = False,
	is_opening: bool | int | str = False,
	is_internal_transfer: bool | int = False,
	qty_change: float | None = None,
) -> str:
	"""The business type (a key of ``LABELS_ZH``) of one Stock Ledger Entry.

	``purpose``: the voucher's purpose (Stock Entry, Stock Reconciliation). ``is_return``: the
	voucher's return flag. ``is_opening``: Stock Entry.is_opening ("Yes"/"No") or a bool.
	``is_internal_transfer``: a sales/purchase voucher with an internal party representing its own
	company. ``qty_change``: the row's real quantity change when it is not ``actual_qty``; required
	for Stock Reconciliation (see ``ledger_qty_change``).
	"""
	if qty_change is None:
		if voucher_type == "Stock Reconciliation":
			raise ValueError("a Stock Reconciliation row needs qty_change: its actual_qty is not the change")
		qty_change = actual_qty
	qty = float(qty_change or 0)
	if abs(qty) <= QTY_TOLERANCE:
		return REVALUATION
	if _flag(is_opening):
		return OPENING_STOCK
	rule = (
		INTERNAL_TRANSFER_RULE if _flag(is_internal_transfer) else find_rule(voucher_type, purpose, is_return)
	)
	return rule.inbound if qty > 0 else rule.outbound


def summary_column(business_type: str, qty_change: float, value_change: float) -> str:
	"""The summary column a classified row is counted in: opening entries by quantity, revaluations
	by value, into 其他入库/其他出库."""
	if business_type in COLUMNS:
		return business_type
	if business_type == OPENING_STOCK:
		return OTHER_IN if float(qty_change or 0) >= 0 else OTHER_OUT
	if business_type == REVALUATION:
		return OTHER_IN if float(value_change or 0) >= 0 else OTHER_OUT
	raise ValueError(f"unknown business type {business_type!r}")


def _as_date(value) -> date | None:
	if value is None or isinstance(value, date):
		return value
	return date.fromisoformat(str(value)[:10])


def _row_qty(row: Mapping) -> float:
	qty = row.get("qty_change")
	return float(row.get("actual_qty") or 0) if qty is None else float(qty)


def _row_type(row: Mapping) -> str:
	if row.get("business_type"):
		return row["business_type"]
	return classify(
		row["voucher_type"],
		row.get("actual_qty") or 0,
		purpose=row.get("purpose"),
		is_return=row.get("is_return") or False,
		is_opening=row.get("is_opening") or False,
		is_internal_transfer=row.get("is_internal_transfer") or False,
		qty_change=row.get("qty_change"),
	)


_EMPTY_TOTALS = {"opening_qty": 0.0, "opening_value": 0.0}
for _column in COLUMNS:
	_EMPTY_TOTALS[f"{_column}_qty"] = 0.0
	_EMPTY_TOTALS[f"{_column}_value"] = 0.0


def empty_totals() -> dict[str, float]:
	return dict(_EMPTY_TOTALS)


def summarize(
	movements: Iterable[Mapping],
	openings: Iterable[Mapping] = (),
	*,
	group_by: Sequence[str] = ("item_code", "warehouse"),
	from_date: date | str | None = None,
	to_date: date | str | None = None,
) -> dict[tuple, dict[str, float]]:
	"""Per group (the values of ``group_by``): opening, each column's ``<key>_qty``/``<key>_value``
	(outbound columns as positive outflows), ``in_*``/``out_*`` totals and closing = opening + in − out.

	``movements``: rows with the group fields, ``stock_value_difference``, the quantity change
	(``qty_change``, else ``actual_qty``) and either ``business_type`` or the fields ``classify``
	needs. A row dated (``posting_date``) before ``from_date`` adds to the opening, after ``to_date``
	is ignored. ``openings``: rows with the group fields, ``opening_qty`` and ``opening_value``.
	"""
	from_date, to_date = _as_date(from_date), _as_date(to_date)
	result: dict[tuple, dict[str, float]] = {}

	def totals_for(row: Mapping) -> dict[str, float]:
		return result.setdefault(tuple(row.get(field) for field in group_by), empty_totals())

	for row in openings:
		totals = totals_for(row)
		totals["opening_qty"] += float(row.get("opening_qty") or 0)
		totals["opening_value"] += float(row.get("opening_value") or 0)

	for row in movements:
		posted = _as_date(row.get("posting_date"))
		if to_date and posted and posted > to_date:
			continue
		totals = totals_for(row)
		qty, value = _row_qty(row), float(row.get("stock_value_difference") or 0)
		if from_date and posted and posted < from_date:
			totals["opening_qty"] += qty
			totals["opening_value"] += value
			continue
		add_movement(totals, _row_type(row), qty, value)

	for totals in result.values():
		close_totals(totals)
	return result


def add_movement(totals: dict[str, float], business_type: str, qty: float, value: float) -> None:
	"""Count one classified movement in its summary column (outbound columns as positive outflows)."""
	column = summary_column(business_type, qty, value)
	sign = 1 if column in INBOUND else -1
	totals[f"{column}_qty"] += sign * qty
	totals[f"{column}_value"] += sign * value


# a group's figures as one flat list (what a report builds a hundred thousand times): each column's
# quantity and value moved in the period, in ``COLUMNS`` order, then ``CLOSING_KEYS``
CLOSING_KEYS = (
	"opening_qty",
	"opening_value",
	"in_qty",
	"in_value",
	"out_qty",
	"out_value",
	"closing_qty",
	"closing_value",
)
MOVED_KEYS = tuple(f"{column}_{measure}" for column in COLUMNS for measure in ("qty", "value"))
FIGURE_KEYS = (*MOVED_KEYS, *CLOSING_KEYS)
_INBOUND_END = 2 * len(INBOUND)  # COLUMNS starts with the inbound ones


def figure_values(opening_qty: float, opening_value: float, moved: list[float]) -> list[float]:
	"""``moved`` (in ``MOVED_KEYS`` order, outbound columns as positive outflows) extended in place by
	the opening, in, out and closing = opening + in − out: the figures in ``FIGURE_KEYS`` order."""
	in_qty, in_value = sum(moved[0:_INBOUND_END:2]), sum(moved[1:_INBOUND_END:2])
	out_qty, out_value = sum(moved[_INBOUND_END::2]), sum(moved[_INBOUND_END + 1 :: 2])
	moved += (
		opening_qty,
		opening_value,
		in_qty,
		in_value,
		out_qty,
		out_value,
		opening_qty + in_qty - out_qty,
		opening_value + in_value - out_value,
	)
	return moved


def close_totals(totals: dict[str, float]) -> dict[str, float]:
	"""Add ``in_*``, ``out_*`` and ``closing_*`` = opening + in − out to one group's totals."""
	moved = [totals[key] for key in MOVED_KEYS]
	values = figure_values(totals["opening_qty"], totals["opening_value"], moved)
	totals.update(zip(CLOSING_KEYS, values[len(MOVED_KEYS) :], strict=True))
	return totals


class SummaryRule(NamedTuple):
	"""One rule of ``VOUCHER_RULES`` as the summary counts it: the summary column of a row that
	raises the quantity and of one that lowers it (``summary_column`` applied)."""

	voucher_type: str
	purpose: str | None
	is_return: bool | None
	inbound: str
	outbound: str


def summary_rules() -> tuple[SummaryRule, ...]:
	"""``VOUCHER_RULES`` in order, first match wins, with the summary's columns: what a query that
	classifies ledger rows itself (an SQL CASE) translates rule by rule, so the table stays here."""
	return tuple(
		SummaryRule(
			rule.voucher_type,
			rule.purpose,
			rule.is_return,
			summary_column(rule.inbound, 1, 0),
			summary_column(rule.outbound, -1, 0),
		)
		for rule in VOUCHER_RULES
	)


def summary_column_of(
	voucher_type: str,
	qty_change: float,
	value_change: float,
	*,
	purpose: str | None = None,
	is_return: bool | int = False,
	is_opening: bool | int | str = False,
	is_internal_transfer: bool | int = False,
) -> str:
	"""The summary column of one ledger row through ``summary_rules`` in the order an SQL CASE reads
	them (no change: by value; opening; internal; the rules; else other) — the reference the SQL
	translation is tested against: it must always equal ``summary_column(classify(...))``."""
	qty = float(qty_change or 0)
	if abs(qty) <= QTY_TOLERANCE:
		return OTHER_IN if float(value_change or 0) >= 0 else OTHER_OUT
	if _flag(is_opening):
		return OTHER_IN if qty >= 0 else OTHER_OUT
	if _flag(is_internal_transfer):
		return TRANSFER_IN if qty > 0 else TRANSFER_OUT
	returning = _flag(is_return)
	for rule in summary_rules():
		if (
			rule.voucher_type == voucher_type
			and rule.purpose in (None, purpose or None)
			and rule.is_return in (None, returning)
		):
			return rule.inbound if qty > 0 else rule.outbound
	return OTHER_IN if qty > 0 else OTHER_OUT
