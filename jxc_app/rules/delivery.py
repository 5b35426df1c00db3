"""销售出库 rules (pure): what a Sales Order still has to deliver, where stock falls short, where else
the item is, how much one 调拨单 may move, and the order's delivered / invoiced / paid progress.

Quantities are in stock units. "Available" is the warehouse's on-hand quantity (ERPNext's
``Bin.actual_qty``: what a Delivery Note may take now, and what a transfer may move); other orders'
reservations are not deducted. "Incoming" is what open 调拨单 to the warehouse still bring (drafted,
approved, dispatched and not yet received), so a second transfer is not raised for goods on their way.
Lines of one item in one warehouse share what is there, then what is coming, in line order.
"""

from collections.abc import Iterable, Mapping

from jxc_app.rules import stock_transfer as transfer_rules

QTY_TOLERANCE = 1e-9

# a 调拨单 in these statuses may still bring goods to its target warehouse
OPEN_TRANSFER_STATUSES = (
	transfer_rules.DRAFT,
	transfer_rules.PENDING,
	transfer_rules.APPROVED,
	transfer_rules.PARTIALLY_DISPATCHED,
	transfer_rules.IN_TRANSIT,
	transfer_rules.PARTIALLY_RECEIVED,
)


class DeliveryRuleError(ValueError):
	"""A refusal with a ``code`` the caller turns into a message, and its figures."""

	def __init__(self, code: str, **figures):
		super().__init__(code)
		self.code, self.figures = code, figures


def pending_stock_qty(qty: float, delivered_qty: float, conversion_factor: float) -> float:
	"""What a line still has to deliver, in stock units (ordered and delivered are in the line's UOM)."""
	return max(0.0, (float(qty or 0) - float(delivered_qty or 0)) * float(conversion_factor or 1))


def transfer_incoming_qty(
	status: str, stock_qty: float, dispatched_qty: float, in_transit_qty: float, shortage_qty: float
) -> float:
	"""What an open 调拨单 line still brings to its target warehouse (stock units): what is not yet
	dispatched, plus what is in transit and not declared short. Nothing for a closed, completed,
	rejected or cancelled order."""
	if status not in OPEN_TRANSFER_STATUSES:
		return 0.0
	undispatched = max(0.0, float(stock_qty or 0) - float(dispatched_qty or 0))
	on_the_way = max(0.0, float(in_transit_qty or 0) - float(shortage_qty or 0))
	return _clean(undispatched + on_the_way)


def shortfalls(
	lines: Iterable[Mapping],
	available: Mapping[tuple[str, str], float],
	incoming: Mapping[tuple[str, str], float] | None = None,
) -> list[dict]:
	"""Per line (``item_code``, ``warehouse``, ``pending``: stock qty still to deliver, any other keys
	kept): ``required``, ``available`` (what is left for it in its warehouse after earlier lines of the
	same item and warehouse), ``incoming`` (what is left for it of what open transfers bring there,
	``incoming``: (item, warehouse) -> qty) and ``shortfall`` (required − on hand − incoming, ≥ 0).
	Lines with nothing pending are left out."""
	left = {key: max(0.0, float(qty or 0)) for key, qty in available.items()}
	coming = {key: max(0.0, float(qty or 0)) for key, qty in (incoming or {}).items()}
	result = []
	for line in lines:
		required = max(0.0, float(line.get("pending") or 0))
		if required <= QTY_TOLERANCE:
			continue
		key = (line["item_code"], line["warehouse"])
		there = left.get(key, 0.0)
		taken = min(there, required)
		left[key] = there - taken
		due = coming.get(key, 0.0)
		covered = min(due, required - taken)
		coming[key] = due - covered
		result.append(
			{
				**line,
				"required": required,
				"available": there,
				"incoming": _clean(due),
				"shortfall": _clean(required - taken - covered),
			}
		)
	return result


def alternatives(
	item_code: str, exclude_warehouse: str, stock: Mapping[tuple[str, str], float]
) -> list[dict]:
	"""The other warehouses holding ``item_code`` (quantity > 0), most first (then by name)."""
	rows = [
		{"warehouse": warehouse, "qty": float(qty)}
		for (item, warehouse), qty in stock.items()
		if item == item_code and warehouse != exclude_warehouse and float(qty or 0) > QTY_TOLERANCE
	]
	return sorted(rows, key=lambda row: (-row["qty"], row["warehouse"]))


def transfer_lines(short_lines: Iterable[Mapping], source_stock: Mapping[str, float]) -> list[dict]:
	"""What a 调拨单 from one warehouse moves for the given short lines (``item_code``, ``shortfall``):
	per item, the sum of its shortfalls capped at what the source holds (``source_stock``: item ->
	qty), in first-seen order. Raises ``no_shortfall`` when nothing is short and ``none_available``
	when the source holds none of what is."""
	wanted: dict[str, float] = {}
	for line in short_lines:
		if float(line.get("shortfall") or 0) > QTY_TOLERANCE:
			wanted[line["item_code"]] = wanted.get(line["item_code"], 0.0) + float(line["shortfall"])
	if not wanted:
		raise DeliveryRuleError("no_shortfall")
	rows = []
	for item, qty in wanted.items():
		moved = min(qty, max(0.0, float(source_stock.get(item) or 0)))
		if moved > QTY_TOLERANCE:
			rows.append({"item_code": item, "qty": _clean(moved), "shortfall": _clean(qty)})
	if not rows:
		raise DeliveryRuleError("none_available", items=list(wanted))
	return rows


def percent(part: float, whole: float) -> float:
	"""``part`` of ``whole`` in %, 0..100, two decimals (0 when there is no whole)."""
	if float(whole or 0) <= 0:
		return 0.0
	return round(min(100.0, max(0.0, float(part or 0) * 100.0 / float(whole))), 2)


def invoice_paid_share(
	invoice_total: float, outstanding: float, order_amount: float, invoice_net: float
) -> float:
	"""What of an invoice's payments belongs to one order: the paid part (total less outstanding)
	times the order's share of the invoice (its lines' amount over the invoice's net total)."""
	paid = max(0.0, float(invoice_total or 0) - float(outstanding or 0))
	if float(invoice_net or 0) <= 0:
		return 0.0
	share = min(1.0, max(0.0, float(order_amount or 0) / float(invoice_net)))
	return round(paid * share, 2)


def order_progress(
	grand_total: float,
	delivered_amount: float,
	billed_amount: float,
	paid_amount: float,
	per_delivered: float | None = None,
	per_billed: float | None = None,
	net_total: float | None = None,
) -> dict:
	"""已发货 / 已开票 / 已收款: amounts and percentages. Delivered and billed percentages are ERPNext's
	(``per_delivered``/``per_billed``, by quantity and amount) when given, else of ``net_total``;
	paid is of the grand total (what the customer owes), capped at 100."""
	base = float(net_total if net_total is not None else grand_total)
	paid = min(float(paid_amount or 0), float(grand_total or 0)) if grand_total else float(paid_amount or 0)
	return {
		"grand_total": float(grand_total or 0),
		"delivered_amount": round(float(delivered_amount or 0), 2),
		"per_delivered": round(float(per_delivered), 2)
		if per_delivered is not None
		else percent(delivered_amount, base),
		"billed_amount": round(float(billed_amount or 0), 2),
		"per_billed": round(float(per_billed), 2) if per_billed is not None else percent(billed_amount, base),
		"paid_amount": round(paid, 2),
		"per_paid": percent(paid, grand_total),
	}


def _clean(value: float) -> float:
	"""Rounding noise of float sums removed (stock quantities have at most 9 decimals)."""
	return round(value, 9) + 0.0
