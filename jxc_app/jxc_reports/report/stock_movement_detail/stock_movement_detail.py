# Copyright (c) 2026, jxc_app contributors
# License: GNU General Public License v3. See license.txt

"""出入库明细: every ledger movement of the period with its business type (the same rule as the
进销存汇总表), voucher, party, and the running quantity and value per item and warehouse."""

from frappe import _
from frappe.utils import flt, getdate

from jxc_app.jxc_reports.stock_ledger import ledger_rows, validate_filters
from jxc_app.rules import stock_movement


def execute(filters=None):
	filters = validate_filters(filters, choices={"business_type": stock_movement.LABELS_EN})
	from_date = getdate(filters.from_date)
	data, running_value = [], {}
	for row in ledger_rows(filters):
		key = (row.item_code, row.warehouse)
		running_value[key] = running_value.get(key, 0.0) + flt(row.stock_value_difference)
		if row.posting_date < from_date:
			continue
		if filters.get("business_type") and row.business_type != filters.business_type:
			continue
		qty = flt(row.qty_change)
		data.append(
			{
				"posting_date": row.posting_date,
				"item_code": row.item_code,
				"item_name": row.item_name,
				"warehouse": row.warehouse,
				"business_type": _(stock_movement.LABELS_EN[row.business_type]),
				"voucher_type": row.voucher_type,
				"voucher_no": row.voucher_no,
				"party_type": row.party_type,
				"party": row.party,
				"in_qty": qty if qty > 0 else 0,
				"out_qty": -qty if qty < 0 else 0,
				"value_change": flt(row.stock_value_difference),
				"balance_qty": flt(row.qty_after_transaction),
				"balance_value": round(running_value[key], 6),
			}
		)
	return columns(), data


def columns() -> list[dict]:
	return [
		{"fieldname": "posting_date", "label": _("Posting Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "item_code", "label": _("Item"), "fieldtype": "Link", "options": "Item", "width": 110},
		{"fieldname": "item_name", "label": _("Item Name"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "warehouse",
			"label": _("Warehouse"),
			"fieldtype": "Link",
			"options": "Warehouse",
			"width": 110,
		},
		{"fieldname": "business_type", "label": _("Business Type"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "voucher_type",
			"label": _("Voucher Type"),
			"fieldtype": "Link",
			"options": "DocType",
			"width": 120,
		},
		{
			"fieldname": "voucher_no",
			"label": _("Voucher No"),
			"fieldtype": "Dynamic Link",
			"options": "voucher_type",
			"width": 150,
		},
		{
			"fieldname": "party_type",
			"label": _("Party Type"),
			"fieldtype": "Link",
			"options": "DocType",
			"width": 80,
		},
		{
			"fieldname": "party",
			"label": _("Party"),
			"fieldtype": "Dynamic Link",
			"options": "party_type",
			"width": 140,
		},
		{"fieldname": "in_qty", "label": _("In Qty"), "fieldtype": "Float", "width": 90},
		{"fieldname": "out_qty", "label": _("Out Qty"), "fieldtype": "Float", "width": 90},
		{"fieldname": "value_change", "label": _("Value Change"), "fieldtype": "Currency", "width": 110},
		{"fieldname": "balance_qty", "label": _("Balance Qty"), "fieldtype": "Float", "width": 100},
		{"fieldname": "balance_value", "label": _("Balance Value"), "fieldtype": "Currency", "width": 110},
	]
