"""采购申请 status and quantity rules (pure)."""

from collections.abc import Iterable, Mapping

# Requisition statuses: Purchase Requisition's status options (a unit test keeps them equal)
DRAFT = "Draft"  # 草稿
PENDING = "Pending Approval"  # 待审批
APPROVED = "Approved"  # 已批准
PARTIALLY_ORDERED = "Partially Ordered"  # 部分下单
ORDERED = "Ordered"  # 已下单
CLOSED = "Closed"  # 已关闭
REJECTED = "Rejected"  # 已驳回
CANCELLED = "Cancelled"  # 已取消
STATUSES = (DRAFT, PENDING, APPROVED, PARTIALLY_ORDERED, ORDERED, CLOSED, REJECTED, CANCELLED)

QTY_TOLERANCE = 1e-9


def remaining_qty(qty: float, ordered_qty: float) -> float:
	return max(0.0, float(qty or 0) - float(ordered_qty or 0))


def per_ordered(lines: Iterable[Mapping]) -> float:
	"""Share of the requested quantity ordered, 0–100, each line capped at its own quantity."""
	lines = list(lines)
	requested = sum(float(line["qty"] or 0) for line in lines)
	if not requested:
		return 0.0
	ordered = sum(min(float(line["ordered_qty"] or 0), float(line["qty"] or 0)) for line in lines)
	return round(100.0 * ordered / requested, 2)


def requisition_status(
	docstatus: int, approval_status: str | None, lines: Iterable[Mapping], closed: bool = False
) -> str:
	if docstatus == 2:
		return CANCELLED
	if docstatus == 0:
		return {PENDING: PENDING, REJECTED: REJECTED}.get(approval_status or "", DRAFT)
	if closed:
		return CLOSED
	done = per_ordered(lines)
	if done >= 100 - QTY_TOLERANCE:
		return ORDERED
	return PARTIALLY_ORDERED if done > 0 else APPROVED


def over_ordered(
	requested: Mapping[str, float], already_ordered: Mapping[str, float], ordering: Mapping[str, float]
) -> dict[str, float]:
	"""Lines (by requisition line id) that ``ordering`` would push past their requested quantity,
	with the excess."""
	excess = {}
	for line, qty in ordering.items():
		over = float(already_ordered.get(line, 0)) + float(qty) - float(requested.get(line, 0))
		if over > QTY_TOLERANCE:
			excess[line] = round(over, 6)
	return excess


def low_stock_shortfall(
	projected_qty: float, reorder_level: float, reorder_qty: float, already_requested: float = 0
) -> float:
	"""What to request for one item in one warehouse. ERPNext's reorder rule: at or below the
	reorder level, the reorder quantity or the shortfall to the level, whichever is more. Less what
	open requisitions already ask for (ERPNext's projected quantity does not know them)."""
	projected = float(projected_qty or 0)
	level, qty = float(reorder_level or 0), float(reorder_qty or 0)
	if not (level or qty) or projected > level:
		return 0.0
	return max(0.0, max(qty, level - projected) - float(already_requested or 0))
