"""到货验收 (receipt inspection) on a draft ERPNext Purchase Receipt.

Per line, what was accepted and what rejected, and why, in ERPNext's own fields: ``received_qty``
= ``qty`` (accepted, into the line's warehouse) + ``rejected_qty`` (into ``rejected_warehouse``),
with the reason in ``jxc_reject_reason``. A line rejected in full does not hold back the others:
the receipt is submitted with every line, each part into its own warehouse, and the rejected goods
are returned to the supplier by a Purchase Return Request made from the receipt in one click."""

import frappe
from frappe import _
from frappe.utils import flt

from jxc_app.jxc_returns.purchase_return_errors import (
	PurchaseReturnQuantityError,
	PurchaseReturnStateError,
	PurchaseReturnValidationError,
)
from jxc_app.rules import purchase_return as rules
from jxc_app.setup.customizations import REJECT_REASON_FIELD
from jxc_app.utils import arguments
from jxc_app.utils.locking import locked_doc


def _line(doc, item: frappe._dict):
	"""The receipt line an inspected row names (``line``; or ``item_code`` when only one line has it)."""
	if item.get("line"):
		matches = [row for row in doc.items if row.name == item.line]
	else:
		matches = [row for row in doc.items if item.get("item_code") and row.item_code == item.item_code]
	if len(matches) != 1:
		frappe.throw(
			_("Purchase Receipt {0} has no line {1}: name it by its line (or a unique item).").format(
				doc.name, item.get("line") or item.get("item_code") or ""
			),
			title=_("Invalid Line"),
			exc=PurchaseReturnValidationError,
		)
	return matches[0]


def _rule_error(error: rules.PurchaseReturnRuleError, row) -> None:
	where = (row.idx, row.item_code)
	if error.code == "qty_negative":
		message = _("Row #{0} ({1}): quantities cannot be negative.").format(*where)
	elif error.code == "reason_required":
		message = _("Row #{0} ({1}): give the reason of the rejected quantity.").format(*where)
	else:
		message = _("Row #{0} ({1}): enter the accepted or the rejected quantity.").format(*where)
	frappe.throw(message, title=_("Invalid Inspection"), exc=PurchaseReturnQuantityError)


def _check_warehouse(doc, row, warehouse: str):
	values = frappe.db.get_value("Warehouse", warehouse, ["company", "is_group"], as_dict=True)
	if not values or values.company != doc.company or values.is_group:
		frappe.throw(
			_("Row #{0} ({1}): {2} is not a warehouse of company {3} that holds stock.").format(
				row.idx, row.item_code, warehouse, doc.company
			),
			title=_("Invalid Warehouse"),
			exc=PurchaseReturnValidationError,
		)
	if warehouse == row.warehouse:
		frappe.throw(
			_("Row #{0} ({1}): the rejected warehouse must differ from the accepted one.").format(
				row.idx, row.item_code
			),
			title=_("Invalid Warehouse"),
			exc=PurchaseReturnValidationError,
		)


def inspect_line(doc, row, accepted: float, rejected: float, reason: str | None, warehouse: str | None):
	"""Apply one line's inspection to the draft receipt (checked; not saved)."""
	try:
		received = rules.check_inspection(accepted, rejected, reason)
	except rules.PurchaseReturnRuleError as error:
		_rule_error(error, row)
	if reason:
		arguments.check_exists("Return Reason", reason, "reason")
	values = {"received_qty": received, "qty": accepted, "rejected_qty": rejected}
	if rejected > rules.QTY_TOLERANCE:
		warehouse = warehouse or row.rejected_warehouse or doc.get("rejected_warehouse")
		if not warehouse:
			frappe.throw(
				_("Row #{0} ({1}): choose the rejected warehouse.").format(row.idx, row.item_code),
				title=_("Rejected Warehouse Required"),
				exc=PurchaseReturnValidationError,
			)
		_check_warehouse(doc, row, warehouse)
		values.update({"rejected_warehouse": warehouse, REJECT_REASON_FIELD: reason})
	else:
		values[REJECT_REASON_FIELD] = None
	row.update(values)


@frappe.whitelist(methods=["POST"])
@arguments.require_arguments
def record_inspection(
	purchase_receipt: str, items: str | list, rejected_warehouse: str | None = None
) -> dict:
	"""到货验收: per line (``items`` = [{"line" (or a unique "item_code"), "accepted_qty",
	"rejected_qty", "reason", "rejected_warehouse", "quality_inspection"}], the line's UOM) what
	was accepted and rejected, on a draft Purchase Receipt. ``rejected_warehouse``: for lines that
	name none (default: the line's, else the receipt's). Returns the lines as saved."""
	given = arguments.parse_rows(
		items,
		"items",
		numbers=("accepted_qty", "rejected_qty"),
		texts=("line", "item_code", "reason", "rejected_warehouse", "quality_inspection"),
	)
	if rejected_warehouse is not None:
		arguments.check_exists("Warehouse", rejected_warehouse, "rejected_warehouse")
	arguments.check_exists("Purchase Receipt", purchase_receipt, "purchase_receipt")
	doc = locked_doc("Purchase Receipt", purchase_receipt)
	doc.check_permission("write")
	if doc.docstatus != 0 or doc.is_return:
		frappe.throw(
			_("Purchase Receipt {0} is not a draft receipt of goods: inspect before submitting it.").format(
				doc.name
			),
			title=_("Cannot Inspect"),
			exc=PurchaseReturnStateError,
		)
	seen = set()
	for item in given:
		row = _line(doc, item)
		if row.name in seen:
			frappe.throw(
				_("Row #{0} ({1}) is inspected twice.").format(row.idx, row.item_code),
				title=_("Invalid Line"),
				exc=PurchaseReturnValidationError,
			)
		seen.add(row.name)
		inspect_line(
			doc,
			row,
			flt(item.get("accepted_qty")),
			flt(item.get("rejected_qty")),
			item.get("reason"),
			item.get("rejected_warehouse") or rejected_warehouse,
		)
		if item.get("quality_inspection"):
			_set_quality_inspection(doc, row, item.quality_inspection)
	doc.save()
	return {
		"purchase_receipt": doc.name,
		"items": [
			{
				"line": row.name,
				"item_code": row.item_code,
				"received_qty": row.received_qty,
				"accepted_qty": row.qty,
				"rejected_qty": row.rejected_qty,
				"rejected_warehouse": row.rejected_warehouse,
				"reason": row.get(REJECT_REASON_FIELD),
			}
			for row in doc.items
		],
	}


def _set_quality_inspection(doc, row, name: str):
	arguments.check_exists("Quality Inspection", name, "quality_inspection")
	inspection = frappe.db.get_value(
		"Quality Inspection", name, ["item_code", "reference_name", "docstatus"], as_dict=True
	)
	if (
		inspection.item_code != row.item_code
		or inspection.reference_name != doc.name
		or inspection.docstatus != 1
	):
		frappe.throw(
			_("Row #{0} ({1}): Quality Inspection {2} is not a submitted inspection of this line.").format(
				row.idx, row.item_code, name
			),
			title=_("Invalid Quality Inspection"),
			exc=PurchaseReturnValidationError,
		)
	row.quality_inspection = name
