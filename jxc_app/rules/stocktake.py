"""库存盘点 rules (pure): scope by ABC class and cycle count, summed counts, variance against the
expected quantity, tolerance, and who recounts.

Expected quantity = the book quantity at the snapshot + what moved since (freeze mode "track"; with
"block" nothing moves). Variance = counted − expected, valued at the snapshot's valuation rate.
"""

from collections.abc import Iterable, Mapping, Sequence

A, B, C = "A", "B", "C"
QTY_TOLERANCE = 1e-9


def abc_classes(
	consumption: Mapping[str, float], a_share: float = 0.8, b_share: float = 0.95
) -> dict[str, str]:
	"""Pareto classes by consumption value: the items making up the first ``a_share`` of the total
	are A, up to ``b_share`` B, the rest (and items without consumption) C. Ties by item code."""
	if not 0 < a_share <= b_share <= 1:
		raise ValueError("need 0 < a_share <= b_share <= 1")
	ranked = sorted(consumption.items(), key=lambda pair: (-float(pair[1] or 0), pair[0]))
	total = sum(max(float(value or 0), 0.0) for _item, value in ranked)
	classes, running = {}, 0.0
	for item, value in ranked:
		value = max(float(value or 0), 0.0)
		if total <= 0 or value <= 0:
			classes[item] = C
			continue
		# an item belongs to the class its cumulative share *starts* in, so the top item is always A
		share_before = running / total
		running += value
		classes[item] = A if share_before < a_share else B if share_before < b_share else C
	return classes


def cycle_items(catalogue: Sequence[str], per_day: int, day_index: int) -> list[str]:
	"""The ``per_day`` items counted on day ``day_index`` of a plan that walks the (sorted) catalogue
	and starts over at its end, so every item is counted once per round."""
	if per_day <= 0:
		raise ValueError("per_day must be positive")
	items = sorted(catalogue)
	if not items:
		return []
	per_day = min(per_day, len(items))
	start = (day_index * per_day) % len(items)
	return [items[(start + offset) % len(items)] for offset in range(per_day)]


def summed_counts(entries: Iterable[Mapping]) -> dict:
	"""line -> total counted: several entries for the same line are added, never dropped."""
	totals: dict = {}
	for entry in entries:
		totals[entry["line"]] = totals.get(entry["line"], 0.0) + float(entry["qty"] or 0)
	return totals


def variance(book_qty: float, moved_since: float, counted: float, rate: float) -> tuple[float, float, float]:
	"""(expected qty, variance qty, variance value)."""
	expected = float(book_qty or 0) + float(moved_since or 0)
	variance_qty = float(counted or 0) - expected
	return expected, variance_qty, variance_qty * float(rate or 0)


def gain_and_loss(variance_values: Iterable[float | None]) -> tuple[float, float]:
	"""(盘盈 gain, 盘亏 loss) of variance values: the sum of the positive ones, and of the negative ones
	as a positive figure. Their sum is the absolute variance value approval rules weigh."""
	values = [float(value or 0) for value in variance_values]
	return sum(value for value in values if value > 0), -sum(value for value in values if value < 0)


def beyond_tolerance(
	expected: float, variance_qty: float, variance_value: float, qty_percent: float, value: float
) -> bool:
	"""A line needs a recount when its variance exceeds either tolerance (0 = no tolerance of that
	kind: any difference counts). A count of something expected to be absent always does."""
	if abs(variance_qty) <= QTY_TOLERANCE:
		return False
	if abs(expected) <= QTY_TOLERANCE:
		return True
	over_qty = abs(variance_qty) > abs(expected) * float(qty_percent or 0) / 100 + QTY_TOLERANCE
	over_value = abs(variance_value) > float(value or 0) + QTY_TOLERANCE
	if qty_percent and value:
		return over_qty or over_value
	if qty_percent:
		return over_qty
	if value:
		return over_value
	return True


def recounter(counters: Sequence[str], first_counters: Iterable[str], turn: int = 0) -> str | None:
	"""A counter other than those who counted the line first, taking turns over the lines; None
	when nobody else is on the stocktake."""
	first = set(first_counters)
	others = [counter for counter in counters if counter not in first]
	if not others:
		return None
	return others[turn % len(others)]
