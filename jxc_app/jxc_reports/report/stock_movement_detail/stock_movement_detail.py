# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

"""出入库明细: every ledger movement of the period with its business type (the same rule as the
进销存汇总表), voucher, party, and the running quantity and value per item and warehouse.

It reads only the period's ledger rows (the running quantity and value are ERPNext's own
``qty_after_transaction`` and ``stock_value`` on each row) and writes nothing."""

from frappe import _
from frappe.utils import flt, getdate

from jxc_app.jxc_reports.stock_ledger import ledger_rows, validate_filters
from jxc_app.rules import stock_movement
from jxc_app.utils.report_columns import column


def execute(filters=None):
	filters = validate_filters(filters, choices={"business_type": stock_movement.LABELS_EN})
	data = []
	labels = {key: _(label) for key, label in stock_movement.LABELS_EN.items()}
	for row in ledger_rows(filters, extra_fields=("stock_value",), from_date=getdate(filters.from_date)):
		if filters.get("business_type") and row.business_type != filters.business_type:
			continue
		qty = flt(row.qty_change)
		data.append(
			{
				"posting_date": row.posting_date,
				"item_code": row.item_code,
				"item_name": row.item_name,
				"warehouse": row.warehouse,
				"business_type": labels[row.business_type],
				"voucher_type": row.voucher_type,
				"voucher_no": row.voucher_no,
				"party_type": row.party_type,
				"party": row.party,
				"in_qty": qty if qty > 0 else 0,
				"out_qty": -qty if qty < 0 else 0,
				"value_change": flt(row.stock_value_difference),
				"balance_qty": flt(row.qty_after_transaction),
				"balance_value": flt(row.stock_value),
			}
		)
	return columns(), data


def columns() -> list[dict]:
	return [
		column("posting_date", _("Posting Date"), "Date", None, 100),
		column("item_code", _("Item"), "Link", "Item", 110),
		column("item_name", _("Item Name"), "Data", None, 150),
		column("warehouse", _("Warehouse"), "Link", "Warehouse", 110),
		column("business_type", _("Business Type"), "Data", None, 100),
		column("voucher_type", _("Voucher Type"), "Link", "DocType", 120),
		column("voucher_no", _("Voucher No"), "Dynamic Link", "voucher_type", 150),
		column("party_type", _("Party Type"), "Link", "DocType", 80),
		column("party", _("Party"), "Dynamic Link", "party_type", 140),
		column("in_qty", _("In Qty"), "Float", None, 90),
		column("out_qty", _("Out Qty"), "Float", None, 90),
		column("value_change", _("Value Change"), "Currency", None, 110),
		column("balance_qty", _("Balance Qty"), "Float", None, 100),
		column("balance_value", _("Balance Value"), "Currency", None, 110),
	]
