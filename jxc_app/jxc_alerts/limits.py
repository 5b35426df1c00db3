"""库存上下限: the item's per-warehouse safety, minimum and maximum quantity and maximum stock value
(JXC Stock Limit rows in the item's ``jxc_stock_limits`` table), which the low-stock and overstock
alerts compare with the bins. Checked on the item's save (jxc_app/overrides/item.py)."""

import frappe
from frappe import _

from jxc_app.rules import alert_checks
from jxc_app.setup.customizations import STOCK_LIMITS_FIELD


class StockLimitError(frappe.ValidationError):
	pass


def validate_stock_limits(item):
	"""Each row: a warehouse once, no negative figure, minimum and safety quantity not above the maximum."""
	problems = alert_checks.stock_limit_problems(row.as_dict() for row in item.get(STOCK_LIMITS_FIELD) or [])
	if not problems:
		return
	messages = {
		alert_checks.NO_WAREHOUSE: _("Stock Limits row #{0}: choose a warehouse."),
		alert_checks.DUPLICATE_WAREHOUSE: _(
			"Stock Limits row #{0}: warehouse {1} already has a row; keep one row per warehouse."
		),
		alert_checks.NEGATIVE: _("Stock Limits row #{0}: quantities and values cannot be negative."),
		alert_checks.MIN_ABOVE_MAX: _(
			"Stock Limits row #{0} ({1}): the minimum quantity is above the maximum quantity."
		),
		alert_checks.SAFETY_ABOVE_MAX: _(
			"Stock Limits row #{0} ({1}): the safety stock quantity is above the maximum quantity."
		),
	}
	frappe.throw(
		"<br>".join(messages[problem.problem].format(problem.idx, problem.warehouse) for problem in problems),
		title=_("Invalid Stock Limits"),
		exc=StockLimitError,
	)
