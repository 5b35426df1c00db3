"""20 dispatches at once, each in its own thread with its own database connection, competing for
stock enough for 10: exactly 10 go through, the rest are refused by ERPNext's negative-stock guard,
and the ledger has no negative balance and no duplicate row.

The records are committed (the threads must see them) and removed afterwards."""

import os
import threading

import frappe
import pytest
from frappe.query_builder.functions import Count

from benchmarks.common import submitted_transfer_order
from jxc_app.jxc_inventory.transfer import api as transfer_api
from tests.integration.factories import ItemFactory, WarehouseFactory, material_receipt, remove_stock_records

ORDERS = 20
STOCK = 10


def _dispatch_in_own_connection(site: str, sites_path: str, order: str, outcomes: dict, barrier):
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		barrier.wait()
		for _attempt in range(5):
			try:
				outcomes[order] = transfer_api.dispatch(order)
				frappe.db.commit()
				return
			except Exception as error:
				frappe.db.rollback()
				# a deadlock or lock timeout is the database asking to retry; anything else is the answer
				database_error = bool(error.args) and isinstance(error.args[0], int)
				if database_error and (frappe.db.is_deadlocked(error) or frappe.db.is_timedout(error)):
					continue
				outcomes[order] = error
				return
		outcomes[order] = RuntimeError("still deadlocked after 5 attempts")
	finally:
		frappe.destroy()


@pytest.fixture
def contested(company):
	item = ItemFactory().name
	source = WarehouseFactory(company=company).name
	target = WarehouseFactory(company=company).name
	transit = WarehouseFactory(company=company, warehouse_type="Transit").name
	material_receipt(company, item, source, STOCK, rate=10, days_ago=1)
	orders = []
	for _number in range(ORDERS):
		orders.append(submitted_transfer_order(company, source, target, transit, {item: 1}).name)
	frappe.db.commit()
	yield frappe._dict(item=item, source=source, transit=transit, orders=orders)
	frappe.db.rollback()
	remove_stock_records([item], [source, target, transit], orders)


@pytest.mark.smoke
def test_twenty_concurrent_dispatches_for_stock_enough_for_ten(contested):
	from erpnext.stock.stock_ledger import NegativeStockError

	outcomes: dict = {}
	barrier = threading.Barrier(ORDERS)
	site, sites_path = frappe.local.site, os.environ.get("JXC_SITES_PATH", ".")
	threads = [
		threading.Thread(
			target=_dispatch_in_own_connection, args=(site, sites_path, order, outcomes, barrier)
		)
		for order in contested.orders
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=300)
	# (each thread had its own frappe context and connection; this thread's is untouched)
	dispatched = [order for order, outcome in outcomes.items() if isinstance(outcome, str)]
	refused = [outcome for outcome in outcomes.values() if not isinstance(outcome, str)]
	assert len(outcomes) == ORDERS
	assert len(dispatched) == STOCK, refused
	assert all(isinstance(error, NegativeStockError) for error in refused), refused

	sle = frappe.qb.DocType("Stock Ledger Entry")
	rows = frappe.get_all(
		"Stock Ledger Entry",
		filters={"item_code": contested.item, "is_cancelled": 0},
		fields=["warehouse", "actual_qty", "qty_after_transaction", "voucher_no"],
		order_by="posting_datetime asc, creation asc",
	)
	assert min(row.qty_after_transaction for row in rows) >= 0
	source_rows = [row for row in rows if row.warehouse == contested.source]
	assert source_rows[-1].qty_after_transaction == 0
	assert sum(row.actual_qty for row in rows if row.warehouse == contested.transit) == STOCK
	# each dispatch wrote one row out of the source and one into transit, once
	duplicates = (
		frappe.qb.from_(sle)
		.select(sle.voucher_detail_no, sle.warehouse, Count("*"))
		.where((sle.item_code == contested.item) & (sle.is_cancelled == 0))
		.groupby(sle.voucher_detail_no, sle.warehouse)
		.having(Count("*") > 1)
	).run()
	assert not duplicates
	assert len(rows) == 1 + 2 * STOCK
	for order in contested.orders:
		expected = "In Transit" if order in dispatched else "Approved"
		assert frappe.db.get_value("Stock Transfer Order", order, "status") == expected
