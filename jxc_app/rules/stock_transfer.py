"""库存调拨 rules (pure): what a transfer order line may still dispatch or receive, how a receipt's
differences are checked, the order's status, and in-transit ageing.

Per line, in stock units, everything that left the source is accounted for exactly once::

    dispatched = received + damaged + refused + shortage written off + shortage returned + in transit

A shortage (短少) stays in transit until it is resolved by a write-off or a return; damaged goods
(破损) go to the damaged-goods warehouse; refused goods (拒收) go back to the source warehouse.
"""

from collections.abc import Iterable, Mapping

# order statuses (zh: 草稿, 待审批, 已批准, 部分出库, 在途, 部分收货, 已完成, 已关闭, 已取消, 已驳回)
DRAFT, PENDING, APPROVED, PARTIALLY_DISPATCHED, IN_TRANSIT = (
	"Draft",
	"Pending Approval",
	"Approved",
	"Partially Dispatched",
	"In Transit",
)
PARTIALLY_RECEIVED, COMPLETED, CLOSED, CANCELLED, REJECTED = (
	"Partially Received",
	"Completed",
	"Closed",
	"Cancelled",
	"Rejected",
)

# what happened to goods that left the source (a Stock Entry row's disposition)
DISPATCHED = "Dispatched"
RECEIVED = "Received"
DAMAGED = "Damaged"
REFUSED = "Refused"
SHORTAGE_WRITTEN_OFF = "Shortage Written Off"
SHORTAGE_RETURNED = "Shortage Returned"
DISPOSITIONS = (DISPATCHED, RECEIVED, DAMAGED, REFUSED, SHORTAGE_WRITTEN_OFF, SHORTAGE_RETURNED)
SETTLING = (RECEIVED, DAMAGED, REFUSED, SHORTAGE_WRITTEN_OFF, SHORTAGE_RETURNED)

# variance kinds recorded at a receipt
SHORTAGE, DAMAGE, REFUSAL = "Shortage", "Damage", "Refusal"

QTY_TOLERANCE = 1e-9
AGEING_BUCKETS = ((7, "0-7"), (30, "8-30"), (60, "31-60"))
AGEING_OVER = "60+"


class TransferRuleError(ValueError):
	"""A quantity the rules refuse; ``code`` says which rule, ``figures`` the quantities."""

	def __init__(self, code: str, **figures):
		super().__init__(code)
		self.code, self.figures = code, figures


def settled_qty(moved: Mapping[str, float]) -> float:
	return sum(float(moved.get(disposition) or 0) for disposition in SETTLING)


def in_transit_qty(moved: Mapping[str, float]) -> float:
	"""Dispatched and not yet settled (an open shortage is still in transit)."""
	return max(0.0, float(moved.get(DISPATCHED) or 0) - settled_qty(moved))


def receivable_qty(moved: Mapping[str, float], open_shortage: float) -> float:
	"""In transit and not declared short: what a receipt may still account for."""
	return max(0.0, in_transit_qty(moved) - float(open_shortage or 0))


def check_dispatch(ordered: float, moved: Mapping[str, float], qty: float) -> None:
	if qty <= QTY_TOLERANCE:
		raise TransferRuleError("qty_not_positive", qty=qty)
	remaining = float(ordered) - float(moved.get(DISPATCHED) or 0)
	if qty - remaining > QTY_TOLERANCE:
		raise TransferRuleError("over_dispatch", qty=qty, remaining=max(remaining, 0.0))


def check_receipt(
	moved: Mapping[str, float], open_shortage: float, received: float, variances: Mapping[str, float]
) -> None:
	"""``variances``: kind -> qty for this receipt. Everything together may not exceed what is in
	transit and not already declared short."""
	if received < -QTY_TOLERANCE or any(float(q) < -QTY_TOLERANCE for q in variances.values()):
		raise TransferRuleError("qty_negative")
	unknown = set(variances) - {SHORTAGE, DAMAGE, REFUSAL}
	if unknown:
		raise TransferRuleError("unknown_variance", kinds=sorted(unknown))
	total = float(received) + sum(float(q) for q in variances.values())
	if total <= QTY_TOLERANCE:
		raise TransferRuleError("nothing_to_receive")
	available = receivable_qty(moved, open_shortage)
	if total - available > QTY_TOLERANCE:
		raise TransferRuleError("over_receipt", qty=total, available=available)


def check_shortage_resolution(open_shortage: float, qty: float) -> None:
	if qty <= QTY_TOLERANCE:
		raise TransferRuleError("qty_not_positive", qty=qty)
	if qty - float(open_shortage or 0) > QTY_TOLERANCE:
		raise TransferRuleError("over_resolution", qty=qty, open=float(open_shortage or 0))


def order_status(
	docstatus: int,
	approval_status: str | None,
	lines: Iterable[Mapping],
	closed: bool = False,
) -> str:
	"""``lines``: ``qty`` (ordered) and ``moved`` (disposition -> qty) per line."""
	if docstatus == 2:
		return CANCELLED
	if docstatus == 0:
		return {PENDING: PENDING, REJECTED: REJECTED}.get(approval_status or "", DRAFT)
	lines = list(lines)
	ordered = sum(float(line["qty"] or 0) for line in lines)
	dispatched = sum(float(line["moved"].get(DISPATCHED) or 0) for line in lines)
	settled = sum(settled_qty(line["moved"]) for line in lines)
	in_transit = sum(in_transit_qty(line["moved"]) for line in lines)
	if closed:
		return CLOSED
	if settled > QTY_TOLERANCE:
		if dispatched >= ordered - QTY_TOLERANCE and in_transit <= QTY_TOLERANCE:
			return COMPLETED
		return PARTIALLY_RECEIVED
	if dispatched <= QTY_TOLERANCE:
		return APPROVED
	if dispatched < ordered - QTY_TOLERANCE:
		return PARTIALLY_DISPATCHED
	return IN_TRANSIT


def serial_numbers(text: str | None) -> list[str]:
	"""The serial numbers of a line's text (one a line, or separated by commas)."""
	return [serial.strip() for serial in (text or "").replace(",", "\n").split("\n") if serial.strip()]


def percent(part: float, whole: float) -> float:
	return round(100.0 * min(float(part), float(whole)) / float(whole), 2) if whole else 0.0


def ageing_bucket(days: int) -> str:
	for limit, label in AGEING_BUCKETS:
		if days <= limit:
			return label
	return AGEING_OVER
