"""到货验收 on a real site: per line accepted and rejected quantities with a reason on a draft
Purchase Receipt made from its order, each part into its own warehouse; a line rejected in full does
not hold back the others; bad inspections are refused and change nothing."""

import frappe
import pytest
from erpnext.buying.doctype.purchase_order.purchase_order import make_purchase_receipt
from erpnext.stock.utils import get_stock_balance

from jxc_app.jxc_returns import receipt_inspection
from jxc_app.jxc_returns.purchase_return_errors import (
	PurchaseReturnQuantityError,
	PurchaseReturnStateError,
	PurchaseReturnValidationError,
)
from jxc_app.utils.arguments import InvalidArgumentError
from tests.integration.factories import ItemFactory, PurchaseOrderFactory, SupplierFactory, WarehouseFactory

REASON = "质量问题"


def ensure_reason(name: str = REASON) -> str:
	if not frappe.db.exists("Return Reason", name):
		frappe.get_doc({"doctype": "Return Reason", "reason_name": name, "enabled": 1}).insert(
			ignore_permissions=True
		)
	return name


def draft_receipt(
	company: str, lines: list[tuple[str, float, float]], warehouse: str, supplier: str | None = None
):
	"""A draft Purchase Receipt made from a submitted order of ``lines`` [(item, qty, rate)]."""
	first, *others = lines
	order = PurchaseOrderFactory.build(
		company=company,
		supplier=supplier or SupplierFactory().name,
		item_code=first[0],
		qty=first[1],
		rate=first[2],
		warehouse=warehouse,
	)
	for item, qty, rate in others:
		order.append(
			"items",
			{
				"item_code": item,
				"qty": qty,
				"rate": rate,
				"schedule_date": order.schedule_date,
				"warehouse": warehouse,
			},
		)
	order.insert()
	order.submit()
	receipt = make_purchase_receipt(order.name)
	receipt.insert()
	return receipt


@pytest.fixture
def setup(company):
	ensure_reason()
	return frappe._dict(
		company=company,
		rejected=WarehouseFactory(company=company).name,
		warehouse=WarehouseFactory(company=company).name,
		item=ItemFactory().name,
		other=ItemFactory().name,
	)


@pytest.mark.smoke
def test_a_rejected_line_goes_to_the_rejected_warehouse_and_the_rest_is_received(setup):
	receipt = draft_receipt(setup.company, [(setup.item, 10, 100), (setup.other, 4, 50)], setup.warehouse)
	lines = {row.item_code: row.name for row in receipt.items}
	result = receipt_inspection.record_inspection(
		receipt.name,
		[
			{"line": lines[setup.item], "accepted_qty": 8, "rejected_qty": 2, "reason": REASON},
			# one line rejected in full does not hold back the other
			{"line": lines[setup.other], "accepted_qty": 0, "rejected_qty": 4, "reason": REASON},
		],
		rejected_warehouse=setup.rejected,
	)
	assert {
		row["item_code"]: (row["received_qty"], row["accepted_qty"], row["rejected_qty"])
		for row in result["items"]
	} == {
		setup.item: (10, 8, 2),
		setup.other: (4, 0, 4),
	}
	receipt.reload()
	receipt.submit()
	warehouse = receipt.items[0].warehouse
	assert get_stock_balance(setup.item, warehouse) == 8
	assert get_stock_balance(setup.item, setup.rejected) == 2
	assert get_stock_balance(setup.other, warehouse) == 0
	assert get_stock_balance(setup.other, setup.rejected) == 4
	# the ledger: accepted goods at the order's rate, rejected goods at no value (ERPNext's default)
	ledger = frappe.get_all(
		"Stock Ledger Entry",
		filters={"voucher_no": receipt.name, "is_cancelled": 0},
		fields=["item_code", "warehouse", "actual_qty", "stock_value_difference"],
	)
	by_place = {(row.item_code, row.warehouse): row for row in ledger}
	assert by_place[(setup.item, warehouse)].stock_value_difference == 800
	assert by_place[(setup.item, setup.rejected)].actual_qty == 2
	assert frappe.db.get_value("Purchase Receipt Item", lines[setup.item], "jxc_reject_reason") == REASON


def test_the_line_can_be_named_by_a_unique_item_and_the_warehouse_defaults_to_the_lines(setup):
	receipt = draft_receipt(setup.company, [(setup.item, 5, 10)], setup.warehouse)
	receipt.items[0].rejected_warehouse = setup.rejected
	receipt.save()
	receipt_inspection.record_inspection(
		receipt.name, [{"item_code": setup.item, "accepted_qty": 4, "rejected_qty": 1, "reason": REASON}]
	)
	row = frappe.get_doc("Purchase Receipt", receipt.name).items[0]
	assert (row.received_qty, row.qty, row.rejected_qty, row.rejected_warehouse) == (5, 4, 1, setup.rejected)


@pytest.mark.parametrize(
	("line", "error"),
	[
		({"accepted_qty": 3, "rejected_qty": 2}, PurchaseReturnQuantityError),  # no reason
		({"accepted_qty": -1, "rejected_qty": 2, "reason": REASON}, PurchaseReturnQuantityError),
		({"accepted_qty": 0, "rejected_qty": 0}, PurchaseReturnQuantityError),
		({"accepted_qty": 3, "rejected_qty": 2, "reason": "没有这个原因"}, frappe.DoesNotExistError),
		({"accepted_qty": "many", "rejected_qty": 2, "reason": REASON}, InvalidArgumentError),
		({"line": "nope", "accepted_qty": 3}, PurchaseReturnValidationError),
	],
)
def test_a_bad_inspection_is_refused_and_changes_nothing(setup, line, error):
	receipt = draft_receipt(setup.company, [(setup.item, 5, 10)], setup.warehouse)
	line = {"line": receipt.items[0].name, **line}
	with pytest.raises(error):
		receipt_inspection.record_inspection(receipt.name, [line], rejected_warehouse=setup.rejected)
	row = frappe.get_doc("Purchase Receipt", receipt.name).items[0]
	assert (row.received_qty, row.qty, row.rejected_qty) == (5, 5, 0)


def test_rejected_goods_need_a_rejected_warehouse_of_the_company(setup):
	receipt = draft_receipt(setup.company, [(setup.item, 5, 10)], setup.warehouse)
	line = {"line": receipt.items[0].name, "accepted_qty": 3, "rejected_qty": 2, "reason": REASON}
	with pytest.raises(PurchaseReturnValidationError):
		receipt_inspection.record_inspection(receipt.name, [line])
	with pytest.raises(PurchaseReturnValidationError):
		receipt_inspection.record_inspection(
			receipt.name, [line], rejected_warehouse=receipt.items[0].warehouse
		)


def test_only_a_draft_receipt_is_inspected(setup):
	receipt = draft_receipt(setup.company, [(setup.item, 5, 10)], setup.warehouse)
	receipt.submit()
	with pytest.raises(PurchaseReturnStateError):
		receipt_inspection.record_inspection(
			receipt.name,
			[{"line": receipt.items[0].name, "accepted_qty": 5}],
			rejected_warehouse=setup.rejected,
		)


def test_the_zh_inspection_print_shows_amounts_in_words(setup):
	receipt = draft_receipt(setup.company, [(setup.item, 10, 12.5)], setup.warehouse)
	receipt_inspection.record_inspection(
		receipt.name,
		[{"line": receipt.items[0].name, "accepted_qty": 8, "rejected_qty": 2, "reason": REASON}],
		rejected_warehouse=setup.rejected,
	)
	html = frappe.get_print("Purchase Receipt", receipt.name, print_format="验收单")
	assert "验收单" in html and REASON in html and setup.rejected in html
	assert "壹佰元整" in html  # 8 × 12.50 accepted
