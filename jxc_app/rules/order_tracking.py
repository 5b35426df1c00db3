"""采购订单跟踪: how far a purchase order line is from fully received, and how late (pure)."""

from collections.abc import Iterable, Mapping
from datetime import date

QTY_TOLERANCE = 1e-9


def track_line(ordered_qty: float, received_qty: float, expected: date | None, today: date) -> dict:
	pending = max(0.0, float(ordered_qty or 0) - float(received_qty or 0))
	late = (today - expected).days if expected and pending > QTY_TOLERANCE and today > expected else 0
	return {"pending_qty": pending, "days_late": late, "overdue": late > 0}


def by_supplier(lines: Iterable[Mapping]) -> list[dict]:
	"""Per supplier: ordered, received, pending, overdue lines and the worst delay; latest first."""
	summary: dict[str, dict] = {}
	for line in lines:
		row = summary.setdefault(
			line["supplier"],
			{
				"supplier": line["supplier"],
				"ordered_qty": 0.0,
				"received_qty": 0.0,
				"pending_qty": 0.0,
				"overdue_lines": 0,
				"max_days_late": 0,
			},
		)
		row["ordered_qty"] += float(line["ordered_qty"] or 0)
		row["received_qty"] += float(line["received_qty"] or 0)
		row["pending_qty"] += float(line["pending_qty"] or 0)
		row["overdue_lines"] += int(bool(line["overdue"]))
		row["max_days_late"] = max(row["max_days_late"], int(line["days_late"] or 0))
	return sorted(
		summary.values(), key=lambda row: (-row["max_days_late"], -row["pending_qty"], row["supplier"])
	)
