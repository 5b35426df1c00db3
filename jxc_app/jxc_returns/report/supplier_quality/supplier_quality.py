# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt
"""供应商质量: per supplier over a period, received, rejected (at inspection) and returned quantities
with their rates and a quality score (``jxc_app.jxc_returns.supplier_quality``)."""

import frappe
from frappe import _

from jxc_app.jxc_returns.supplier_quality import supplier_figures
from jxc_app.rules import purchase_return as rules
from jxc_app.utils import arguments
from jxc_app.utils.report_columns import column


def execute(filters=None):
	filters = arguments.report_filters(filters, text=("company", "supplier"), dates=("from_date", "to_date"))
	suppliers = [filters.supplier] if filters.get("supplier") else None
	figures = supplier_figures(
		filters.get("company"), filters.get("from_date"), filters.get("to_date"), suppliers
	)
	# the suppliers the user may read
	visible = set(
		frappe.get_list(
			"Supplier", filters={"name": ("in", list(figures) or [""])}, pluck="name", limit_page_length=0
		)
	)
	names = dict(
		frappe.get_all(
			"Supplier",
			filters={"name": ("in", list(visible) or [""])},
			fields=["name", "supplier_name"],
			as_list=True,
		)
	)
	rows = []
	for supplier in sorted(visible):
		values = figures[supplier]
		rates = rules.quality_rates(values["received_qty"], values["rejected_qty"], values["returned_qty"])
		rows.append(
			{
				"supplier": supplier,
				"supplier_name": names.get(supplier),
				**values,
				**rates,
				"quality_score": rules.quality_score(
					values["received_qty"], values["rejected_qty"], values["returned_qty"]
				),
			}
		)
	rows.sort(key=lambda row: (row["quality_score"] is None, row["quality_score"] or 0))
	return columns(), rows


def columns() -> list[dict]:
	return [
		column("supplier", _("Supplier"), "Link", "Supplier", 140),
		column("supplier_name", _("Supplier Name"), "Data", None, 160),
		column("received_qty", _("Received Qty"), "Float", None, 110),
		column("rejected_qty", _("Rejected Qty"), "Float", None, 110),
		column("rejected_rate", _("Rejected Rate (%)"), "Percent", None, 110),
		column("returned_qty", _("Returned Qty"), "Float", None, 110),
		column("return_rate", _("Return Rate (%)"), "Percent", None, 110),
		column("quality_score", _("Quality Score"), "Float", None, 110),
	]
