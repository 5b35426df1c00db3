"""预警 checks (pure): the threshold comparisons, severities and split-order grouping the alert evaluators
(``jxc_alerts/types``) apply to the figures they read from the site in one set-based query per type.

Every check returns ``None`` when the condition does not hold, else what the finding needs (the compared
``value``, its ``threshold``, the ``severity`` and the figures the alert shows).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from jxc_app.rules.alerts import CRITICAL, INFO, SEVERITIES, WARNING

QTY_TOLERANCE = 1e-9
# an order "just under" a band is within this share of the band's amount when the rule names none
DEFAULT_SPLIT_MARGIN_PERCENT = 20.0
DEFAULT_SPLIT_DAYS = 7


class StockLimitProblem(ValueError):
	"""A stock limit row that cannot hold: ``problem`` is one of the PROBLEM_* names."""

	def __init__(self, idx: int, problem: str, warehouse: str | None = None):
		super().__init__(f"row {idx}: {problem}")
		self.idx, self.problem, self.warehouse = idx, problem, warehouse


NEGATIVE, MIN_ABOVE_MAX, SAFETY_ABOVE_MAX, DUPLICATE_WAREHOUSE, NO_WAREHOUSE = (
	"negative",
	"min above max",
	"safety above max",
	"duplicate warehouse",
	"no warehouse",
)


def _num(value) -> float:
	return float(value or 0)


def base_severity(severity: str | None) -> str:
	return severity if severity in SEVERITIES else WARNING


def escalate(severity: str, critical: bool) -> str:
	"""The rule's severity, raised to Critical when the condition is at its worst."""
	return CRITICAL if critical else base_severity(severity)


def stock_limit_problems(rows: Iterable[Mapping]) -> list[StockLimitProblem]:
	"""What is wrong with an item's stock limit rows: a row needs a warehouse, no negative figure,
	minimum and safety quantity not above the maximum (when a maximum is set), one row per warehouse."""
	problems, seen = [], set()
	for position, row in enumerate(rows, start=1):
		idx = int(row.get("idx") or position)
		warehouse = row.get("warehouse")
		if not warehouse:
			problems.append(StockLimitProblem(idx, NO_WAREHOUSE))
		elif warehouse in seen:
			problems.append(StockLimitProblem(idx, DUPLICATE_WAREHOUSE, warehouse))
		seen.add(warehouse)
		figures = [_num(row.get(field)) for field in ("safety_qty", "min_qty", "max_qty", "max_value")]
		if any(figure < 0 for figure in figures):
			problems.append(StockLimitProblem(idx, NEGATIVE, warehouse))
			continue
		safety, minimum, maximum, _max_value = figures
		if maximum and minimum > maximum + QTY_TOLERANCE:
			problems.append(StockLimitProblem(idx, MIN_ABOVE_MAX, warehouse))
		if maximum and safety > maximum + QTY_TOLERANCE:
			problems.append(StockLimitProblem(idx, SAFETY_ABOVE_MAX, warehouse))
	return problems


def low_stock(
	projected_qty: float,
	open_requisition_qty: float,
	min_qty: float,
	safety_qty: float,
	max_qty: float = 0,
	severity: str | None = None,
) -> dict | None:
	"""低库存: the projected quantity (ERPNext's, with what open requisitions still ask for) below the
	higher of the minimum and the safety quantity. Critical below the lower of the two that are set (or
	at nothing projected). The suggested requisition fills up to the maximum, else to the higher level."""
	available = _num(projected_qty) + _num(open_requisition_qty)
	levels = sorted(level for level in (_num(min_qty), _num(safety_qty)) if level > 0)
	if not levels or available >= levels[-1] - QTY_TOLERANCE:
		return None
	target = max(_num(max_qty), levels[-1])
	return {
		"value": available,
		"threshold": levels[-1],
		"severity": escalate(
			severity, available <= 0 or (len(levels) == 2 and available < levels[0] - QTY_TOLERANCE)
		),
		"shortfall_qty": levels[-1] - available,
		"suggested_qty": target - available,
	}


def surplus_qty(actual_qty: float, min_qty: float = 0, safety_qty: float = 0) -> float:
	"""What a warehouse can give away without falling below its own levels."""
	return max(0.0, _num(actual_qty) - max(_num(min_qty), _num(safety_qty)))


def pick_surplus_warehouse(candidates: Iterable[Mapping], needed_qty: float) -> dict | None:
	"""The warehouse with the most surplus (ties: by name), and what a 调拨单 could move from it."""
	best = None
	for candidate in candidates:
		surplus = surplus_qty(
			candidate.get("actual_qty"), candidate.get("min_qty"), candidate.get("safety_qty")
		)
		if surplus <= QTY_TOLERANCE:
			continue
		if best is None or (surplus, best["warehouse"]) > (best["surplus_qty"], candidate["warehouse"]):
			best = {"warehouse": candidate["warehouse"], "surplus_qty": surplus}
	if best:
		best["transfer_qty"] = min(best["surplus_qty"], max(0.0, _num(needed_qty)))
	return best


def overstock(
	actual_qty: float, stock_value: float, max_qty: float, max_value: float, severity: str | None = None
) -> dict | None:
	"""超储: on hand above the maximum quantity, or its value above the maximum value (the quantity is
	reported when both are over). Critical at twice the limit."""
	qty, value = _num(actual_qty), _num(stock_value)
	over = []
	if _num(max_qty) > 0 and qty > _num(max_qty) + QTY_TOLERANCE:
		over.append(("qty", qty, _num(max_qty)))
	if _num(max_value) > 0 and value > _num(max_value) + 0.005:
		over.append(("value", value, _num(max_value)))
	if not over:
		return None
	measure, compared, limit = over[0]
	return {
		"value": compared,
		"threshold": limit,
		"measure": measure,
		"excess": compared - limit,
		"severity": escalate(severity, any(figure >= 2 * cap for _m, figure, cap in over)),
	}


def days_between(start: date, end: date) -> int:
	return (end - start).days


def expiring_batch(expiry_date: date, today: date, days: int, severity: str | None = None) -> dict | None:
	"""临期: the batch expires today or within ``days``; Critical within a third of the window."""
	left = days_between(today, expiry_date)
	if left < 0 or left > max(0, int(days or 0)):
		return None
	return {
		"value": left,
		"threshold": int(days or 0),
		"days_to_expiry": left,
		"severity": escalate(severity, left <= int(days or 0) // 3),
	}


def expired_batch(expiry_date: date, today: date, severity: str | None = None) -> dict | None:
	"""过期: the batch's expiry date has passed while it is still in stock; always Critical."""
	overdue = days_between(expiry_date, today)
	if overdue <= 0:
		return None
	return {"value": overdue, "threshold": 0, "days_expired": overdue, "severity": CRITICAL}


def slow_moving(
	stock_value: float,
	last_outbound: date | None,
	first_movement: date | None,
	today: date,
	days: int,
	min_value: float,
	severity: str | None = None,
) -> dict | None:
	"""滞销: no outbound movement for at least ``days`` (counted from the last outbound, else from the
	first movement: stock that arrived yesterday is not slow) while the value is at least ``min_value``.
	Critical when idle twice as long."""
	since = last_outbound or first_movement
	if since is None or _num(stock_value) < _num(min_value) or _num(stock_value) <= 0:
		return None
	idle = days_between(since, today)
	if idle < max(1, int(days or 0)):
		return None
	return {
		"value": idle,
		"threshold": int(days or 0),
		"idle_days": idle,
		"severity": escalate(severity, idle >= 2 * max(1, int(days or 0))),
	}


def receivable_overdue(
	overdue_amount: float, max_days_overdue: int, min_amount: float, days: int, severity: str | None = None
) -> dict | None:
	"""应收逾期: a customer owes at least ``min_amount`` (anything above nothing when 0) on invoices past
	their due date by more than ``days``. Critical when the oldest is three times that late (or 90 days)."""
	amount = _num(overdue_amount)
	if amount <= 0.005 or amount < _num(min_amount) or int(max_days_overdue or 0) <= int(days or 0):
		return None
	return {
		"value": amount,
		"threshold": _num(min_amount),
		"max_days_overdue": int(max_days_overdue),
		"severity": escalate(severity, int(max_days_overdue) >= max(90, 3 * int(days or 0))),
	}


def payable_due(
	outstanding: float, due_date: date, today: date, days: int, min_amount: float = 0, severity=None
) -> dict | None:
	"""应付到期: a supplier invoice with something outstanding due within ``days`` (or already past
	due: Critical). ``value`` is the days left (negative when overdue)."""
	if _num(outstanding) <= 0.005 or _num(outstanding) < _num(min_amount):
		return None
	left = days_between(today, due_date)
	if left > max(0, int(days or 0)):
		return None
	return {
		"value": left,
		"threshold": int(days or 0),
		"days_to_due": left,
		"severity": escalate(severity, left < 0),
	}


def order_overdue(days_late: int, grace_days: int, severity: str | None = None) -> dict | None:
	"""采购订单逾期 / 在途超时: later than the grace days; Critical at three times the grace (or 30 days)."""
	late, grace = int(days_late or 0), max(0, int(grace_days or 0))
	if late <= grace:
		return None
	return {
		"value": late,
		"threshold": grace,
		"severity": escalate(severity, late >= max(30, 3 * grace or 1)),
	}


def short_receipt(
	ordered_qty: float, received_qty: float, min_short_percent: float = 0, severity: str | None = None
) -> dict | None:
	"""到货短缺: something was received against the line but less than ordered, short by more than
	``min_short_percent`` of the order. Critical when half or more is missing."""
	ordered, received = _num(ordered_qty), _num(received_qty)
	short = ordered - received
	if ordered <= 0 or received <= QTY_TOLERANCE or short <= QTY_TOLERANCE:
		return None
	percent = 100.0 * short / ordered
	if percent <= _num(min_short_percent):
		return None
	return {
		"value": short,
		"threshold": 0.0,
		"short_percent": round(percent, 2),
		"severity": escalate(severity, percent >= 50),
	}


def approval_overdue(waited_working_days: int, days: int, severity: str | None = None) -> dict | None:
	"""审批超时: a step waiting more than ``days`` working days; Critical at twice that."""
	waited, limit = int(waited_working_days or 0), max(0, int(days or 0))
	if waited <= limit:
		return None
	return {"value": waited, "threshold": limit, "severity": escalate(severity, waited >= 2 * max(1, limit))}


def return_rate(
	returned_qty: float, delivered_qty: float, percent: float, min_delivered: float = 0, severity=None
) -> dict | None:
	"""高退货率: returned ÷ delivered (in %) above ``percent``, over at least ``min_delivered`` delivered.
	Critical at twice the threshold (or when returns reach what was delivered)."""
	delivered, returned = _num(delivered_qty), abs(_num(returned_qty))
	if delivered <= QTY_TOLERANCE or delivered < _num(min_delivered) or returned <= QTY_TOLERANCE:
		return None
	rate = round(100.0 * returned / delivered, 2)
	if rate <= _num(percent):
		return None
	return {
		"value": rate,
		"threshold": _num(percent),
		"severity": escalate(severity, rate >= min(100.0, 2 * _num(percent) or 100.0)),
	}


# ---- 拆单 (split orders) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
	"""An approval band's lower edge: documents with ``field`` at or above ``amount`` (above, when
	``inclusive`` is False) need the approval of ``rule``."""

	rule: str
	field: str
	amount: float
	inclusive: bool = True


AMOUNT_OPERATORS = {">=": True, ">": False}


def bands_of_rule(
	rule: str,
	amount_field: str | None,
	min_amount: float,
	conditions: Iterable[Mapping],
	amount_fields: Sequence[str],
) -> list[Band]:
	"""The bands an Approval Rule opens: its amount range's lower edge, and each condition ``field >
	value`` / ``field >= value`` on an amount field."""
	bands = []
	if amount_field and _num(min_amount) > 0:
		bands.append(Band(rule, amount_field, _num(min_amount)))
	for condition in conditions:
		operator = condition.get("operator")
		if condition.get("fieldname") in amount_fields and operator in AMOUNT_OPERATORS:
			try:
				amount = float(str(condition.get("value")).strip())
			except ValueError:
				continue
			if amount > 0:
				bands.append(Band(rule, condition["fieldname"], amount, AMOUNT_OPERATORS[operator]))
	return bands


def just_under(amount: float, band: Band, margin_percent: float) -> bool:
	"""Below the band (not reaching it) and within ``margin_percent`` of its edge."""
	value = _num(amount)
	below = value < band.amount if band.inclusive else value <= band.amount
	return below and value >= band.amount * (1 - _num(margin_percent) / 100.0)


def split_orders(
	orders: Iterable[Mapping], band: Band, days: int, margin_percent: float | None = None
) -> list[dict]:
	"""拆单: per group (``order["group"]``: a requester or a supplier), the orders just under ``band``
	placed within ``days`` of each other that together reach it — at least two of them. Each order is a
	mapping with ``name``, ``group``, ``date`` and ``amount``. One result per group: the window of most
	orders (then the largest total), with its orders oldest first."""
	margin = DEFAULT_SPLIT_MARGIN_PERCENT if not _num(margin_percent) else _num(margin_percent)
	span = timedelta(days=max(0, int(days or 0)))
	by_group: dict[str, list[Mapping]] = {}
	for order in orders:
		if just_under(order["amount"], band, margin):
			by_group.setdefault(order["group"], []).append(order)
	found = []
	for group, candidates in sorted(by_group.items()):
		candidates.sort(key=lambda order: (order["date"], order["name"]))
		best = None
		for end, last in enumerate(candidates):
			window = [order for order in candidates[: end + 1] if last["date"] - order["date"] <= span]
			total = sum(_num(order["amount"]) for order in window)
			reaches = total >= band.amount if band.inclusive else total > band.amount
			if len(window) < 2 or not reaches:
				continue
			if best is None or (len(window), total) > (len(best), sum(_num(o["amount"]) for o in best)):
				best = window
		if best:
			total = sum(_num(order["amount"]) for order in best)
			found.append(
				{
					"group": group,
					"orders": [order["name"] for order in best],
					"total": total,
					"count": len(best),
					"first_date": best[0]["date"],
					"last_date": best[-1]["date"],
				}
			)
	return found


def split_severity(total: float, band: Band, severity: str | None = None) -> str:
	"""Critical when the split orders together reach twice the band."""
	return escalate(severity, _num(total) >= 2 * band.amount)


def worst(severities: Iterable[str]) -> str:
	order = {INFO: 0, WARNING: 1, CRITICAL: 2}
	return max(severities, key=lambda severity: order.get(severity, 1), default=WARNING)
