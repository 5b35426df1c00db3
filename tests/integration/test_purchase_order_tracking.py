"""采购订单跟踪 on a real site: a late order, partly received through an ERPNext Purchase Receipt."""

import pytest
from frappe.utils import add_days, nowdate

from jxc_app.jxc_purchasing.report.purchase_order_tracking.purchase_order_tracking import execute
from tests.integration.factories import ItemFactory, PurchaseOrderFactory, SupplierFactory


@pytest.mark.smoke
def test_late_partly_received_order(company):
	from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt

	supplier = SupplierFactory().name
	order = PurchaseOrderFactory(
		company=company,
		supplier=supplier,
		item_code=ItemFactory().name,
		qty=10,
		rate=20,
		transaction_date=add_days(nowdate(), -20),
		schedule_date=add_days(nowdate(), -10),
	)
	order.submit()
	receipt = make_purchase_receipt(order.name)
	receipt.items[0].qty = 4
	receipt.insert()
	receipt.submit()

	columns, rows = execute({"company": company, "supplier": supplier})
	assert [column["fieldname"] for column in columns][:2] == ["supplier", "purchase_order"]
	assert len(rows) == 1
	row = rows[0]
	assert (row.purchase_order, row.ordered_qty, row.received_qty, row.pending_qty, row.days_late) == (
		order.name,
		10,
		4,
		6,
		10,
	)

	_columns, summary = execute({"company": company, "supplier": supplier, "group_by": "Supplier"})
	assert summary == [
		{
			"supplier": supplier,
			"ordered_qty": 10,
			"received_qty": 4,
			"pending_qty": 6,
			"overdue_lines": 1,
			"max_days_late": 10,
		}
	]

	# as on a day before it was due, nothing is late; fully received lines drop out
	_columns, rows = execute(
		{"company": company, "supplier": supplier, "as_on": add_days(nowdate(), -15), "overdue_only": 1}
	)
	assert rows == []
	rest = make_purchase_receipt(order.name)
	rest.insert()
	rest.submit()
	assert execute({"company": company, "supplier": supplier})[1] == []
