"""预警 rules (pure): the alert types, severities and statuses, and the finding an evaluator reports.

The contract between the alert evaluators (``jxc_alerts/types/<type>.py``, one module per type, each with
``evaluate(rule, scope=None) -> list[Finding]``) and the alert store (``jxc_alerts/store.py``), which keeps
**one open alert per (type, subject_key)**: it creates or updates the alert of each finding and resolves the
open alerts of the same rule and type (within the evaluated scope) that no finding names any more.
"""

from dataclasses import dataclass, field

# alert types (zh in translations): 低库存, 超储, 临期, 过期, 滞销, 应收逾期, 应付到期, 采购订单逾期,
# 到货短缺, 在途超时, 审批超时, 拆单, 高退货率
LOW_STOCK = "Low Stock"
OVERSTOCK = "Overstock"
EXPIRING_BATCH = "Expiring Batch"
EXPIRED_BATCH = "Expired Batch"
SLOW_MOVING = "Slow Moving"
RECEIVABLE_OVERDUE = "Receivable Overdue"
PAYABLE_DUE = "Payable Due"
PURCHASE_ORDER_OVERDUE = "Purchase Order Overdue"
SHORT_RECEIPT = "Short Receipt"
TRANSIT_OVERDUE = "Transit Overdue"
APPROVAL_OVERDUE = "Approval Overdue"
SPLIT_ORDERS = "Split Orders"
HIGH_RETURN_RATE = "High Return Rate"
ALERT_TYPES = (
	LOW_STOCK,
	OVERSTOCK,
	EXPIRING_BATCH,
	EXPIRED_BATCH,
	SLOW_MOVING,
	RECEIVABLE_OVERDUE,
	PAYABLE_DUE,
	PURCHASE_ORDER_OVERDUE,
	SHORT_RECEIPT,
	TRANSIT_OVERDUE,
	APPROVAL_OVERDUE,
	SPLIT_ORDERS,
	HIGH_RETURN_RATE,
)
# the types a stock ledger change re-evaluates for its own item × warehouse only
STOCK_TYPES = (LOW_STOCK, OVERSTOCK, EXPIRING_BATCH, EXPIRED_BATCH, SLOW_MOVING)

# severities (zh: 提示, 警告, 严重)
INFO, WARNING, CRITICAL = "Info", "Warning", "Critical"
SEVERITIES = (INFO, WARNING, CRITICAL)

# alert statuses (zh: 新, 已确认, 处理中, 已解决, 已忽略)
NEW, ACKNOWLEDGED, IN_PROGRESS, RESOLVED, IGNORED = (
	"New",
	"Acknowledged",
	"In Progress",
	"Resolved",
	"Ignored",
)
STATUSES = (NEW, ACKNOWLEDGED, IN_PROGRESS, RESOLVED, IGNORED)
# an alert in one of these is "open": a finding with its (type, subject_key) updates it instead of opening another
OPEN_STATUSES = (NEW, ACKNOWLEDGED, IN_PROGRESS, IGNORED)


@dataclass
class Finding:
	"""One condition an evaluator found: what the alert store turns into (or updates) an open alert.

	``subject_key`` identifies the subject within the type, e.g. ``"ITEM-001::Stores - WP"`` for an item ×
	warehouse, ``"BATCH-9"`` for a batch, ``"Customer::CUST-1"`` for a party, ``"Purchase Order::PO-1"``.
	``value`` is the figure compared with ``threshold``; ``figures`` holds the rest (shown on the alert).
	"""

	alert_type: str
	subject_key: str
	company: str
	value: float
	threshold: float
	severity: str = WARNING
	message: str = ""
	figures: dict = field(default_factory=dict)
	subject_doctype: str | None = None
	subject_name: str | None = None
	item_code: str | None = None
	warehouse: str | None = None
	batch_no: str | None = None
	party_type: str | None = None
	party: str | None = None


def item_warehouse_key(item_code: str, warehouse: str) -> str:
	return f"{item_code}::{warehouse}"


def document_key(doctype: str, name: str) -> str:
	return f"{doctype}::{name}"
