"""供应商质量: per supplier over a period, what it delivered (received at inspection, in stock UOM),
what was rejected at inspection and what was returned afterwards, with the rates and the quality
score of ``jxc_app.rules.purchase_return`` (for the Supplier Scorecard or a comparison's quality)."""

from collections import defaultdict

import frappe
from frappe.query_builder.functions import Abs, Sum

from jxc_app.rules import purchase_return as rules


def supplier_figures(
	company: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	suppliers: list[str] | None = None,
) -> dict[str, dict[str, float]]:
	"""supplier -> received, rejected and returned quantities (stock UOM) of the period's submitted
	receipts and returns. Returned counts returns of accepted goods only: rejected goods sent back
	are already counted as rejected."""
	receipt, item = frappe.qb.DocType("Purchase Receipt"), frappe.qb.DocType("Purchase Receipt Item")
	condition = receipt.docstatus == 1
	if company:
		condition &= receipt.company == company
	if from_date:
		condition &= receipt.posting_date >= from_date
	if to_date:
		condition &= receipt.posting_date <= to_date
	if suppliers is not None:
		condition &= receipt.supplier.isin(suppliers or [""])
	base = frappe.qb.from_(item).join(receipt).on(receipt.name == item.parent).groupby(receipt.supplier)
	figures: dict[str, dict[str, float]] = defaultdict(
		lambda: {"received_qty": 0.0, "rejected_qty": 0.0, "returned_qty": 0.0}
	)
	for supplier, received, rejected in (
		base.select(
			receipt.supplier,
			Sum(item.received_qty * item.conversion_factor),
			Sum(item.rejected_qty * item.conversion_factor),
		)
		.where(condition & (receipt.is_return == 0))
		.run()
	):
		figures[supplier]["received_qty"] += float(received or 0)
		figures[supplier]["rejected_qty"] += float(rejected or 0)
	for supplier, returned in (
		base.select(receipt.supplier, Sum(Abs(item.qty) * item.conversion_factor))
		.where(condition & (receipt.is_return == 1) & (item.return_qty_from_rejected_warehouse == 0))
		.run()
	):
		figures[supplier]["returned_qty"] += float(returned or 0)
	return dict(figures)


def quality_scores(
	suppliers: list[str], company: str | None = None, from_date: str | None = None, to_date: str | None = None
) -> dict[str, float]:
	"""supplier -> 0–100 quality score over the period (suppliers without receipts are left out)."""
	scores = {}
	for supplier, values in supplier_figures(company, from_date, to_date, suppliers).items():
		score = rules.quality_score(values["received_qty"], values["rejected_qty"], values["returned_qty"])
		if score is not None:
			scores[supplier] = score
	return scores
