"""The alert evaluators, one module per type (rules/alerts.ALERT_TYPES), each with
``evaluate(rule, scope=None) -> list[Finding]``: ``rule`` is a JXC Alert Rule (or a ``frappe._dict`` with
its fields: company, warehouses, item_groups, customer_groups, days, quantity, amount, percent,
severity); ``scope`` is a ledger change's (item_code, warehouse) pairs, which the stock types evaluate
alone. Each reads the site in a few set-based queries and leaves the decisions to rules/alert_checks."""

from jxc_app.jxc_alerts.types import (
	approval_overdue,
	expired_batch,
	expiring_batch,
	high_return_rate,
	low_stock,
	overstock,
	payable_due,
	purchase_order_overdue,
	receivable_overdue,
	short_receipt,
	slow_moving,
	split_orders,
	transit_overdue,
)
from jxc_app.rules import alerts

EVALUATORS = {
	alerts.LOW_STOCK: low_stock,
	alerts.OVERSTOCK: overstock,
	alerts.EXPIRING_BATCH: expiring_batch,
	alerts.EXPIRED_BATCH: expired_batch,
	alerts.SLOW_MOVING: slow_moving,
	alerts.RECEIVABLE_OVERDUE: receivable_overdue,
	alerts.PAYABLE_DUE: payable_due,
	alerts.PURCHASE_ORDER_OVERDUE: purchase_order_overdue,
	alerts.SHORT_RECEIPT: short_receipt,
	alerts.TRANSIT_OVERDUE: transit_overdue,
	alerts.APPROVAL_OVERDUE: approval_overdue,
	alerts.SPLIT_ORDERS: split_orders,
	alerts.HIGH_RETURN_RATE: high_return_rate,
}
assert set(EVALUATORS) == set(alerts.ALERT_TYPES)
