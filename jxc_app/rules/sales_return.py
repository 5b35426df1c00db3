"""销售退换货 rules (pure): what a delivered line may still be returned, what a request line claims on
its source, the checks of receipt and inspection, the exchange's price difference, what remains to
do, and the request's status.

Per request line, in stock units::

    received = inspected + still to inspect
    inspected = accepted (合格入库) + scrapped (报废) + to supplier (退供应商) + repair (维修)

A source line (a Delivery Note or Sales Invoice line) may be returned up to what was delivered,
less what ERPNext already counts as returned, less what open requests claim on it (``claim``).
"""

from collections.abc import Iterable, Mapping

# Request statuses: Sales Return Request's status options (a unit test keeps them equal)
DRAFT = "Draft"  # 草稿
PENDING = "Pending Approval"  # 待审批
REJECTED = "Rejected"  # 已驳回
APPROVED = "Approved"  # 已批准
TO_RECEIVE = "To Receive"  # 待收货
PARTIALLY_RECEIVED = "Partially Received"  # 部分收货
TO_INSPECT = "To Inspect"  # 待检验
IN_PROCESS = "In Process"  # 处理中
COMPLETED = "Completed"  # 已完成
CLOSED = "Closed"  # 已关闭
CANCELLED = "Cancelled"  # 已取消
STATUSES = (
	DRAFT,
	PENDING,
	REJECTED,
	APPROVED,
	TO_RECEIVE,
	PARTIALLY_RECEIVED,
	TO_INSPECT,
	IN_PROCESS,
	COMPLETED,
	CLOSED,
	CANCELLED,
)

# resolutions of a line (zh: 退货退款, 换货, 维修, 仅退款)
RETURN_AND_REFUND = "Return and Refund"
EXCHANGE = "Exchange"
REPAIR = "Repair"
REFUND_ONLY = "Refund Only"
RESOLUTIONS = (RETURN_AND_REFUND, EXCHANGE, REPAIR, REFUND_ONLY)

# dispositions of inspected goods (zh: 合格入库, 报废, 退供应商, 维修)
ACCEPTED = "Accepted"
SCRAPPED = "Scrapped"
TO_SUPPLIER = "To Supplier"
TO_REPAIR = "To Repair"
DISPOSITIONS = (ACCEPTED, SCRAPPED, TO_SUPPLIER, TO_REPAIR)
# where a line keeps each disposition's quantity
DISPOSITION_FIELDS = {
	ACCEPTED: "accepted_qty",
	SCRAPPED: "scrapped_qty",
	TO_SUPPLIER: "to_supplier_qty",
	TO_REPAIR: "repair_qty",
}

QTY_TOLERANCE = 1e-9
MONEY_TOLERANCE = 0.005


class ReturnRuleError(ValueError):
	"""A quantity or amount the rules refuse; ``code`` says which rule, ``figures`` the numbers."""

	def __init__(self, code: str, **figures):
		super().__init__(code)
		self.code, self.figures = code, figures


def _f(value) -> float:
	return float(value or 0)


# ---------------------------------------------------------------------------- returnable quantity


def goods_come_back(resolution: str) -> bool:
	"""Every resolution but 仅退款 brings the goods back."""
	return resolution != REFUND_ONLY


def claim(line: Mapping, open_: bool) -> float:
	"""What a request line holds on its source line beyond what ERPNext counts as returned.

	Goods that come back are counted by ERPNext once received (the return Delivery Note's
	``returned_qty``): an open line claims what it has not yet received; a closed or cancelled one
	nothing more. A 仅退款 line sends no goods back: open, it claims its quantity; closed, what was
	credited (that much stays refunded for good)."""
	qty = _f(line.get("qty"))
	if goods_come_back(line.get("resolution") or RETURN_AND_REFUND):
		return max(0.0, qty - _f(line.get("received_qty"))) if open_ else 0.0
	return qty if open_ else min(qty, _f(line.get("credited_qty")))


def returnable_qty(delivered: float, returned: float, claimed_elsewhere: float) -> float:
	"""Delivered less already returned less what other requests claim (never below 0)."""
	return max(0.0, _f(delivered) - _f(returned) - _f(claimed_elsewhere))


def check_claim(delivered: float, returned: float, claimed_elsewhere: float, qty: float) -> None:
	"""A line may claim ``qty`` of its source line."""
	if _f(qty) <= QTY_TOLERANCE:
		raise ReturnRuleError("qty_not_positive", qty=qty)
	available = returnable_qty(delivered, returned, claimed_elsewhere)
	if _f(qty) - available > QTY_TOLERANCE:
		raise ReturnRuleError("over_return", qty=_f(qty), returnable=available)


# ------------------------------------------------------------------------------ receive, inspect


def inspected_qty(line: Mapping) -> float:
	return sum(_f(line.get(field)) for field in DISPOSITION_FIELDS.values())


def to_receive(line: Mapping) -> float:
	if not goods_come_back(line.get("resolution") or RETURN_AND_REFUND):
		return 0.0
	return max(0.0, _f(line.get("qty")) - _f(line.get("received_qty")))


def to_inspect(line: Mapping) -> float:
	return max(0.0, _f(line.get("received_qty")) - inspected_qty(line))


def check_receipt(line: Mapping, qty: float) -> None:
	if _f(qty) <= QTY_TOLERANCE:
		raise ReturnRuleError("qty_not_positive", qty=qty)
	if not goods_come_back(line.get("resolution") or RETURN_AND_REFUND):
		raise ReturnRuleError("no_goods", resolution=line.get("resolution"))
	remaining = to_receive(line)
	if _f(qty) - remaining > QTY_TOLERANCE:
		raise ReturnRuleError("over_receipt", qty=_f(qty), remaining=remaining)


def check_inspection(line: Mapping, split: Mapping[str, float]) -> float:
	"""``split``: disposition -> qty. Each at least 0, some positive, all known, together at most
	what was received and not yet inspected. Returns the total."""
	unknown = sorted(set(split) - set(DISPOSITIONS))
	if unknown:
		raise ReturnRuleError("unknown_disposition", dispositions=unknown)
	if any(_f(qty) < -QTY_TOLERANCE for qty in split.values()):
		raise ReturnRuleError("qty_negative")
	total = sum(_f(qty) for qty in split.values())
	if total <= QTY_TOLERANCE:
		raise ReturnRuleError("nothing_to_inspect")
	remaining = to_inspect(line)
	if total - remaining > QTY_TOLERANCE:
		raise ReturnRuleError("over_inspection", qty=total, remaining=remaining)
	return total


# ------------------------------------------------------------------------------------- money


def line_amount(line: Mapping) -> float:
	return round(_f(line.get("qty")) * _f(line.get("rate")), 2)


def exchange_difference(lines: Iterable[Mapping], replacements: Iterable[Mapping]) -> float:
	"""差价 of an exchange: the replacements' value less the value of the lines exchanged. Positive:
	the customer owes it (应收差价); negative: it is owed to the customer (应退差价)."""
	returned = sum(line_amount(line) for line in lines if line.get("resolution") == EXCHANGE)
	replacing = sum(line_amount(row) for row in replacements)
	return round(replacing - returned, 2)


def creditable_qty(line: Mapping) -> float:
	"""What a credit note may still cover: goods back (received) of a 退货退款 or 换货 line, or
	the whole of a 仅退款 line; a 维修 line is repaired, not credited, and a line whose source was
	never invoiced (``invoiced`` false) has nothing to credit: its return lowers what is billed."""
	resolution = line.get("resolution") or RETURN_AND_REFUND
	if resolution == REPAIR or not line.get("invoiced", True):
		return 0.0
	basis = _f(line.get("qty")) if resolution == REFUND_ONLY else _f(line.get("received_qty"))
	return max(0.0, basis - _f(line.get("credited_qty")))


def to_ship(row: Mapping) -> float:
	return max(0.0, _f(row.get("qty")) - _f(row.get("shipped_qty")))


def check_shipment(row: Mapping, qty: float) -> None:
	if _f(qty) <= QTY_TOLERANCE:
		raise ReturnRuleError("qty_not_positive", qty=qty)
	remaining = to_ship(row)
	if _f(qty) - remaining > QTY_TOLERANCE:
		raise ReturnRuleError("over_shipment", qty=_f(qty), remaining=remaining)


def to_invoice(row: Mapping) -> float:
	"""Shipped replacement not yet invoiced."""
	return max(0.0, _f(row.get("shipped_qty")) - _f(row.get("invoiced_qty")))


def remaining(lines: Iterable[Mapping], replacements: Iterable[Mapping]) -> dict[str, float]:
	"""What remains on the request: quantities to receive, inspect, ship, credit, invoice (the
	replacement)."""
	lines, replacements = list(lines), list(replacements)
	return {
		"to_receive": sum(to_receive(line) for line in lines),
		"to_inspect": sum(to_inspect(line) for line in lines),
		"to_credit": sum(creditable_qty(line) for line in lines),
		"to_ship": sum(to_ship(row) for row in replacements),
		"to_invoice": sum(to_invoice(row) for row in replacements),
	}


def refundable_amount(credited: float, refunded: float, invoiced: float = 0.0) -> float:
	"""Money still owed back to the customer: credited less refunded less what an exchange's
	invoice took from the credit."""
	return max(0.0, round(_f(credited) - _f(refunded) - _f(invoiced), 2))


def check_refund(amount: float, refundable: float) -> None:
	if _f(amount) <= MONEY_TOLERANCE:
		raise ReturnRuleError("amount_not_positive", amount=amount)
	if _f(amount) - _f(refundable) > MONEY_TOLERANCE:
		raise ReturnRuleError("over_refund", amount=_f(amount), refundable=_f(refundable))


# ------------------------------------------------------------------------------------ status


def request_status(
	docstatus: int,
	approval_status: str | None,
	lines: Iterable[Mapping],
	replacements: Iterable[Mapping] = (),
	closed: bool = False,
	money_open: bool = False,
) -> str:
	"""``lines``: qty, resolution, received_qty, the disposition quantities, credited_qty;
	``replacements``: qty, shipped_qty; ``money_open``: a refund or credit still to settle."""
	if docstatus == 2:
		return CANCELLED
	if docstatus == 0:
		# approved and not yet submitted: 已批准
		return {PENDING: PENDING, REJECTED: REJECTED, APPROVED: APPROVED}.get(approval_status or "", DRAFT)
	if closed:
		return CLOSED
	lines, replacements = list(lines), list(replacements)
	goods = [line for line in lines if goods_come_back(line.get("resolution") or RETURN_AND_REFUND)]
	received = sum(_f(line.get("received_qty")) for line in goods)
	left = remaining(lines, replacements)
	touched = (
		received > QTY_TOLERANCE
		or any(_f(line.get("credited_qty")) > QTY_TOLERANCE for line in lines)
		or any(_f(row.get("shipped_qty")) > QTY_TOLERANCE for row in replacements)
	)
	if not touched:
		return TO_RECEIVE if goods else APPROVED
	if left["to_receive"] > QTY_TOLERANCE:
		return PARTIALLY_RECEIVED if received > QTY_TOLERANCE else IN_PROCESS
	if left["to_inspect"] > QTY_TOLERANCE:
		return TO_INSPECT
	if left["to_credit"] > QTY_TOLERANCE or left["to_ship"] > QTY_TOLERANCE or money_open:
		return IN_PROCESS
	return COMPLETED


def percent(part: float, whole: float) -> float:
	return round(100.0 * min(_f(part), _f(whole)) / _f(whole), 2) if whole else 0.0


def return_rate(returned: float, delivered: float) -> float:
	"""退货率: returned ÷ delivered quantity, in percent (0 when nothing was delivered)."""
	return round(100.0 * _f(returned) / _f(delivered), 2) if _f(delivered) else 0.0
