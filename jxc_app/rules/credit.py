"""信用管控: whether a sales order stays within its customer's credit, free of frappe.

The frappe side (jxc_app.jxc_selling.credit) reads the limit, the amount used and the customer's
unpaid invoices; these functions decide what the order shows and whether it needs 信用审批.

Amounts compare to the fen (0.01), so float noise never flips a decision.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from jxc_app.rules.working_days import as_date

# jxc_credit_check values (English keys, shown translated: 正常 / 超信用额度 / 逾期)
OK, OVER_LIMIT, OVERDUE = "OK", "Over Limit", "Overdue"
STATUSES = (OK, OVER_LIMIT, OVERDUE)
NEEDS_APPROVAL = (OVER_LIMIT, OVERDUE)

FEN = Decimal("0.01")


def _money(value) -> Decimal:
	return Decimal(str(value or 0)).quantize(FEN, rounding=ROUND_HALF_UP)


def available(credit_limit, used) -> float:
	"""What is left of the limit (negative once over it); 0 when the customer has no limit."""
	if _money(credit_limit) <= 0:
		return 0.0
	return float(_money(credit_limit) - _money(used))


def exceeds_limit(credit_limit, used, order_amount) -> bool:
	"""ERPNext's test: a limit is set and what is used with this order is more than it."""
	limit = _money(credit_limit)
	return limit > 0 and _money(used) + _money(order_amount) > limit


def overdue_summary(invoices: Iterable[tuple], today) -> tuple[float, int]:
	"""(amount overdue, days the oldest is overdue) from ``(due_date, outstanding)`` of unpaid invoices.

	An invoice is overdue from the day after its due date; paid ones (outstanding ≤ 0) do not count."""
	day = as_date(today)
	amount, days = Decimal(0), 0
	for due_date, outstanding in invoices:
		if not due_date or _money(outstanding) <= 0:
			continue
		late = (day - as_date(due_date)).days
		if late > 0:
			amount += _money(outstanding)
			days = max(days, late)
	return float(amount), days


def credit_status(credit_limit, used, order_amount, max_overdue_days: int, allowed_overdue_days: int) -> str:
	"""OK, Over Limit (this order would take the customer over the limit) or Overdue (an invoice
	is overdue by more than ``allowed_overdue_days``). Over the limit is named first when both hold."""
	if exceeds_limit(credit_limit, used, order_amount):
		return OVER_LIMIT
	if int(max_overdue_days or 0) > max(int(allowed_overdue_days or 0), 0):
		return OVERDUE
	return OK


def needs_approval(status: str | None) -> bool:
	return status in NEEDS_APPROVAL
