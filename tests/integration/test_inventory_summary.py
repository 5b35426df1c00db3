"""进销存汇总表 on a real ledger: purchases, sales, both returns, a transfer, a stocktake, a repack and an
issue, classified by business type, with opening and closing equal to ERPNext's Stock Balance."""

import frappe
import pytest
from frappe.utils import add_days, nowdate

from jxc_app.jxc_reports.report.inventory_summary import inventory_summary
from jxc_app.jxc_reports.stock_ledger import StockReportFilterError
from tests.integration.factories import CustomerFactory, ItemFactory, SupplierFactory, WarehouseFactory


def _stock_entry(company, purpose, items, posting_date=None):
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"company": company,
			"stock_entry_type": purpose,
			"purpose": purpose,
			"items": items,
		}
	)
	if posting_date:
		entry.set_posting_time, entry.posting_date = 1, posting_date
	entry.insert()
	entry.submit()
	return entry


def _party_doc(doctype, company, party_field, party, item, warehouse, qty, rate):
	doc = frappe.get_doc(
		{
			"doctype": doctype,
			"company": company,
			party_field: party,
			"currency": "CNY",
			"conversion_rate": 1,
			"plc_conversion_rate": 1,
			"ignore_pricing_rule": 1,
			"items": [{"item_code": item, "qty": qty, "rate": rate, "warehouse": warehouse}],
		}
	)
	doc.insert()
	doc.submit()
	return doc


def _return_of(doctype, name, qty):
	from erpnext.controllers.sales_and_purchase_return import make_return_doc

	doc = make_return_doc(doctype, name)
	doc.items[0].qty = -qty
	if doctype == "Purchase Receipt":
		doc.items[0].received_qty = -qty
	doc.insert()
	doc.submit()
	return doc


@pytest.fixture
def ledger(company):
	store, branch = WarehouseFactory(company=company).name, WarehouseFactory(company=company).name
	item, repacked = ItemFactory().name, ItemFactory().name
	start = add_days(nowdate(), -10)
	# before the period: the opening
	_stock_entry(
		company,
		"Material Receipt",
		[{"item_code": item, "qty": 100, "basic_rate": 10, "t_warehouse": store}],
		posting_date=add_days(nowdate(), -40),
	)
	receipt = _party_doc(
		"Purchase Receipt", company, "supplier", SupplierFactory().name, item, store, qty=50, rate=12
	)
	delivery = _party_doc(
		"Delivery Note", company, "customer", CustomerFactory().name, item, store, qty=30, rate=20
	)
	_return_of("Delivery Note", delivery.name, 5)
	_return_of("Purchase Receipt", receipt.name, 10)
	_stock_entry(
		company,
		"Material Transfer",
		[{"item_code": item, "qty": 20, "s_warehouse": store, "t_warehouse": branch}],
	)
	_stock_entry(
		company,
		"Repack",
		[
			{"item_code": item, "qty": 5, "s_warehouse": store},
			{"item_code": repacked, "qty": 5, "t_warehouse": store, "is_finished_item": 1},
		],
	)
	_stock_entry(company, "Material Issue", [{"item_code": item, "qty": 3, "s_warehouse": store}])
	# stocktake: the branch counts 18 of 20 (loss), the store 90 of 87 (gain)
	reconciliation = frappe.get_doc(
		{
			"doctype": "Stock Reconciliation",
			"company": company,
			"purpose": "Stock Reconciliation",
			"items": [
				{"item_code": item, "warehouse": branch, "qty": 18, "valuation_rate": 11},
				{"item_code": item, "warehouse": store, "qty": 90, "valuation_rate": 11},
			],
		}
	)
	reconciliation.insert()
	reconciliation.submit()
	return frappe._dict(
		company=company, store=store, branch=branch, item=item, repacked=repacked, start=start
	)


def _summary(ledger, **filters):
	_columns, data, _message, chart = inventory_summary.execute(
		{
			"company": ledger.company,
			"from_date": ledger.start,
			"to_date": nowdate(),
			"warehouse": [ledger.store, ledger.branch],
			**filters,
		}
	)
	return {(row.get("item_code"), row.get("warehouse")): row for row in data}, chart


def test_movements_are_classified_by_business_type(ledger):
	rows, chart = _summary(ledger)
	store = rows[(ledger.item, ledger.store)]
	expected = {
		"opening_qty": 100,
		"purchase_in_qty": 50,
		"sales_out_qty": 30,
		"sales_return_in_qty": 5,
		"purchase_return_out_qty": 10,
		"transfer_out_qty": 20,
		"production_out_qty": 5,
		"other_out_qty": 3,
		"stocktake_gain_qty": 3,  # 100 + 50 − 30 + 5 − 10 − 20 − 5 − 3 = 87, counted 90
		"closing_qty": 90,
	}
	assert {key: store[key] for key in expected} == pytest.approx(expected)
	branch = rows[(ledger.item, ledger.branch)]
	assert (branch["transfer_in_qty"], branch["stocktake_loss_qty"], branch["closing_qty"]) == (20, 2, 18)
	assert rows[(ledger.repacked, ledger.store)]["production_in_qty"] == 5
	# across the company a transfer is in and out at once
	total_in = sum(row["transfer_in_qty"] for row in rows.values())
	assert total_in == sum(row["transfer_out_qty"] for row in rows.values()) == 20
	assert chart["type"] == "bar"

	# value: closing = opening + in − out, and 10 × 100 at the opening
	assert store["opening_value"] == pytest.approx(1000)
	for row in rows.values():
		assert row["closing_value"] == pytest.approx(
			row["opening_value"] + row["in_value"] - row["out_value"]
		)


@pytest.mark.smoke
def test_opening_and_closing_equal_erpnext_stock_balance(ledger):
	from erpnext.stock.report.stock_balance.stock_balance import execute as stock_balance

	filters = {
		"company": ledger.company,
		"from_date": ledger.start,
		"to_date": nowdate(),
		"warehouse": [ledger.store, ledger.branch],
	}
	_columns, erpnext_rows = stock_balance(
		frappe._dict({**filters, "item_code": [ledger.item, ledger.repacked]})
	)[:2]
	ours, _chart = _summary(ledger)
	erpnext = {(row["item_code"], row["warehouse"]): row for row in erpnext_rows}
	assert set(erpnext) == set(ours)
	for key, row in erpnext.items():
		assert ours[key]["opening_qty"] == pytest.approx(row["opening_qty"]), key
		assert ours[key]["opening_value"] == pytest.approx(row["opening_val"]), key
		assert ours[key]["closing_qty"] == pytest.approx(row["bal_qty"]), key
		assert ours[key]["closing_value"] == pytest.approx(row["bal_val"]), key


def test_grouping_and_filters(ledger):
	rows, _chart = _summary(ledger, group_by="Item")
	assert rows[(ledger.item, None)]["closing_qty"] == 108  # 90 + 18
	rows, _chart = _summary(ledger, warehouse=[ledger.branch])
	assert set(rows) == {(ledger.item, ledger.branch)}
	with pytest.raises(StockReportFilterError):
		_summary(ledger, from_date=add_days(nowdate(), 1))


def test_movement_detail_agrees_with_the_summary(ledger):
	from jxc_app.jxc_reports.report.stock_movement_detail import stock_movement_detail

	filters = {
		"company": ledger.company,
		"from_date": ledger.start,
		"to_date": nowdate(),
		"warehouse": [ledger.store, ledger.branch],
	}
	_columns, detail = stock_movement_detail.execute(filters)
	summary, _chart = _summary(ledger)
	store = [row for row in detail if (row["item_code"], row["warehouse"]) == (ledger.item, ledger.store)]
	assert [row["business_type"] for row in store][:2] == [
		"采购入库",
		"销售出库",
	] or frappe.local.lang != "zh"
	assert sum(row["in_qty"] - row["out_qty"] for row in store) == pytest.approx(
		summary[(ledger.item, ledger.store)]["closing_qty"]
		- summary[(ledger.item, ledger.store)]["opening_qty"]
	)
	# running balances end at the summary's closing
	assert (store[-1]["balance_qty"], store[-1]["balance_value"]) == pytest.approx(
		(
			summary[(ledger.item, ledger.store)]["closing_qty"],
			summary[(ledger.item, ledger.store)]["closing_value"],
		)
	)
	delivery = next(row for row in store if row["voucher_type"] == "Delivery Note" and row["out_qty"])
	assert delivery["party_type"] == "Customer" and delivery["party"]
	# one business type only
	_columns, gains = stock_movement_detail.execute({**filters, "business_type": "stocktake_gain"})
	assert [(row["warehouse"], row["in_qty"]) for row in gains] == [(ledger.store, 3)]
