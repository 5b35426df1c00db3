"""采购退换货 rules (pure): receipt inspection (到货验收), what a receipt line may still be returned,
the Purchase Return Request's status, and supplier quality rates.

A Purchase Receipt line holds what arrived (``received_qty``), split into accepted (``qty``, into
the line's warehouse) and rejected (``rejected_qty``, into the rejected warehouse). Either part may
be returned to the supplier, each from its own warehouse, never more than it holds::

    returnable = part received - returned by ERPNext returns - requested by other open requests
"""

from collections.abc import Iterable, Mapping

QTY_TOLERANCE = 1e-9

# request statuses (zh: 草稿, 待审批, 已驳回, 已批准, 待退货, 部分退货, 待换货, 已完成, 已关闭, 已取消)
DRAFT, PENDING, REJECTED, APPROVED = "Draft", "Pending Approval", "Rejected", "Approved"
TO_RETURN, PARTIALLY_RETURNED = "To Return", "Partially Returned"
AWAITING_REPLACEMENT, COMPLETED = "Awaiting Replacement", "Completed"
CLOSED, CANCELLED = "Closed", "Cancelled"
STATUSES = (
	DRAFT,
	PENDING,
	REJECTED,
	APPROVED,
	TO_RETURN,
	PARTIALLY_RETURNED,
	AWAITING_REPLACEMENT,
	COMPLETED,
	CLOSED,
	CANCELLED,
)
# requests whose lines still hold back quantity of their receipts
OPEN_STATUSES = frozenset(
	{DRAFT, PENDING, REJECTED, APPROVED, TO_RETURN, PARTIALLY_RETURNED, AWAITING_REPLACEMENT}
)

# resolutions (zh: 退货退款, 换货)
RETURN_AND_REFUND, EXCHANGE = "Return and Refund", "Exchange"
RESOLUTIONS = (RETURN_AND_REFUND, EXCHANGE)


class PurchaseReturnRuleError(ValueError):
	"""A quantity the rules refuse; ``code`` says which rule, ``figures`` the quantities."""

	def __init__(self, code: str, **figures):
		super().__init__(code)
		self.code, self.figures = code, figures


# ------------------------------------------------------------------------------- inspection


def check_inspection(accepted: float, rejected: float, reason: str | None) -> float:
	"""One inspected line: accepted and rejected quantities (not negative, something inspected), and
	a reason when anything is rejected. Returns the received quantity (accepted + rejected)."""
	accepted, rejected = float(accepted or 0), float(rejected or 0)
	if accepted < -QTY_TOLERANCE or rejected < -QTY_TOLERANCE:
		raise PurchaseReturnRuleError("qty_negative", accepted=accepted, rejected=rejected)
	received = accepted + rejected
	if received <= QTY_TOLERANCE:
		raise PurchaseReturnRuleError("nothing_inspected")
	if rejected > QTY_TOLERANCE and not (reason or "").strip():
		raise PurchaseReturnRuleError("reason_required", rejected=rejected)
	return received


# -------------------------------------------------------------------------------- returnable


def returnable_qty(part_received: float, returned: float, requested_elsewhere: float) -> float:
	"""What of one part (accepted or rejected) of a receipt line a new request may still ask back."""
	return max(0.0, float(part_received or 0) - float(returned or 0) - float(requested_elsewhere or 0))


def open_requested_qty(requested: float, returned: float) -> float:
	"""What an open request still holds back of a line: requested and not yet returned."""
	return max(0.0, float(requested or 0) - float(returned or 0))


def check_request_qty(qty: float, returnable: float) -> None:
	qty = float(qty or 0)
	if qty <= QTY_TOLERANCE:
		raise PurchaseReturnRuleError("qty_not_positive", qty=qty)
	if qty - float(returnable) > QTY_TOLERANCE:
		raise PurchaseReturnRuleError("over_return", qty=qty, returnable=max(float(returnable), 0.0))


def check_return_qty(qty: float, requested: float, returned: float) -> None:
	"""A return made from a request line: more than 0, never more than requested and not yet returned."""
	qty = float(qty or 0)
	if qty <= QTY_TOLERANCE:
		raise PurchaseReturnRuleError("qty_not_positive", qty=qty)
	remaining = open_requested_qty(requested, returned)
	if qty - remaining > QTY_TOLERANCE:
		raise PurchaseReturnRuleError("over_return", qty=qty, returnable=remaining)


def check_replacement_qty(qty: float, returned: float, replaced: float) -> None:
	"""A replacement received for an exchange line: never more than returned and not yet replaced."""
	qty = float(qty or 0)
	if qty <= QTY_TOLERANCE:
		raise PurchaseReturnRuleError("qty_not_positive", qty=qty)
	awaited = max(0.0, float(returned or 0) - float(replaced or 0))
	if qty - awaited > QTY_TOLERANCE:
		raise PurchaseReturnRuleError("over_replacement", qty=qty, awaited=awaited)


# ------------------------------------------------------------------------------------ status


def request_status(
	docstatus: int,
	approval_status: str | None,
	lines: Iterable[Mapping],
	resolution: str,
	closed: bool = False,
) -> str:
	"""``lines``: ``qty`` (requested), ``returned_qty`` and ``replaced_qty`` per line."""
	if docstatus == 2:
		return CANCELLED
	if docstatus == 0:
		return {PENDING: PENDING, REJECTED: REJECTED, APPROVED: APPROVED}.get(approval_status or "", DRAFT)
	if closed:
		return CLOSED
	lines = list(lines)
	requested = sum(float(line.get("qty") or 0) for line in lines)
	returned = sum(float(line.get("returned_qty") or 0) for line in lines)
	replaced = sum(float(line.get("replaced_qty") or 0) for line in lines)
	if returned <= QTY_TOLERANCE:
		return TO_RETURN
	if requested - returned > QTY_TOLERANCE:
		return PARTIALLY_RETURNED
	if resolution == EXCHANGE and returned - replaced > QTY_TOLERANCE:
		return AWAITING_REPLACEMENT
	return COMPLETED


def percent(part: float, whole: float) -> float:
	whole = float(whole or 0)
	return round(min(100.0, 100.0 * float(part or 0) / whole), 2) if whole > QTY_TOLERANCE else 0.0


# ----------------------------------------------------------------------------------- quality


def quality_rates(received: float, rejected: float, returned: float) -> dict[str, float]:
	"""A supplier's rates over a period, in percent of what it delivered (received, accepted and
	rejected): rejected at inspection, and returned afterwards (returns of accepted goods only, so
	rejected goods sent back are not counted twice)."""
	return {
		"rejected_rate": percent(rejected, received),
		"return_rate": percent(returned, received),
	}


def quality_score(received: float, rejected: float, returned: float) -> float | None:
	"""0–100 for a comparison's quality criterion or a scorecard variable: 100 less the rejected and
	returned rates; ``None`` when nothing was received (no evidence either way)."""
	if float(received or 0) <= QTY_TOLERANCE:
		return None
	rates = quality_rates(received, rejected, returned)
	return round(max(0.0, 100.0 - rates["rejected_rate"] - rates["return_rate"]), 2)
