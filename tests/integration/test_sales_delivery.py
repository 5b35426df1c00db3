"""销售出库 on a real site: a Sales Order's stock shortfalls before delivery (UOM conversion, partial
delivery, other warehouses), a 调拨单 for a shortfall in one click, and the order's delivered /
invoiced / paid progress; over REST, a user who may not read the order is refused.

Each test builds its small world inside the per-test rollback; the REST test commits a draft order
(and removes it)."""

from types import SimpleNamespace

import frappe
import pytest
import requests
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note, make_sales_invoice
from frappe.utils import add_days, nowdate

from jxc_app.jxc_selling import delivery
from jxc_app.utils.arguments import InvalidArgumentError
from tests.integration.factories import (
	CustomerFactory,
	ItemFactory,
	WarehouseFactory,
	api_user,
	material_receipt,
	remove_stock_records,
	unique,
)
from tests.integration.test_races import explain, outcomes, race_post

M = "jxc_app.jxc_selling.delivery"


@pytest.fixture(scope="module")
def world(company):
	"""Cola sold by the box of 12 (stock unit: the piece), chips by the piece; the order's warehouse
	(shop) holds 30 cola and 2 chips, north 50 cola, south 20 cola and 9 chips; plus an empty
	warehouse and a transit one. Committed once for the module, removed afterwards."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	box = frappe.get_doc({"doctype": "UOM", "uom_name": unique("箱"), "must_be_whole_number": 0}).insert()
	cola = ItemFactory()
	cola.append("uoms", {"uom": box.name, "conversion_factor": 12})
	cola.save()
	chips = ItemFactory().name
	service = ItemFactory(is_stock_item=0).name
	shop, north, south, empty = (WarehouseFactory(company=company).name for _ in range(4))
	transit = WarehouseFactory(company=company, warehouse_type="Transit").name
	for item, warehouse, qty in (
		(cola.name, shop, 30),
		(cola.name, north, 50),
		(cola.name, south, 20),
		(chips, shop, 2),
		(chips, south, 9),
	):
		material_receipt(company, item, warehouse, qty, rate=2, days_ago=0)
	customer = CustomerFactory().name
	frappe.db.commit()
	yield SimpleNamespace(
		company=company,
		customer=customer,
		box=box.name,
		cola=cola.name,
		chips=chips,
		service=service,
		shop=shop,
		north=north,
		south=south,
		empty=empty,
		transit=transit,
	)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	remove_stock_records([cola.name, chips, service], [shop, north, south, empty, transit])
	for doctype, name in (("Customer", customer), ("UOM", box.name)):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()


def _order(w, lines, submit=True):
	"""A Sales Order; ``lines``: (item, qty, rate[, uom[, warehouse (default: the shop)]])."""
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"company": w.company,
			"customer": w.customer,
			"currency": "CNY",
			"conversion_rate": 1,
			"ignore_pricing_rule": 1,
			"transaction_date": nowdate(),
			"delivery_date": add_days(nowdate(), 7),
			"items": [
				{
					"item_code": item,
					"qty": qty,
					"rate": rate,
					"price_list_rate": rate,
					"warehouse": rest[1] if len(rest) > 1 else w.shop,
					"delivery_date": add_days(nowdate(), 7),
					**({"uom": rest[0]} if rest and rest[0] else {}),
				}
				for item, qty, rate, *rest in lines
			],
		}
	).insert()
	if submit:
		order.submit()
	return order


def _deliver(order, qty_by_item: dict):
	note = make_delivery_note(order.name)
	note.items = [row for row in note.items if row.item_code in qty_by_item]
	for row in note.items:
		row.qty = qty_by_item[row.item_code]
	note.insert()
	note.submit()
	return note


def _by_item(result) -> dict:
	return {line["item_code"]: line for line in result["lines"]}


@pytest.mark.smoke
def test_shortfalls_in_stock_units_after_a_partial_delivery_with_other_warehouses(world):
	w = world
	# 5 boxes of cola = 60 pieces, 6 chips, a service (no stock)
	order = _order(w, [(w.cola, 5, 30, w.box), (w.chips, 6, 3), (w.service, 1, 100)])
	_deliver(order, {w.chips: 1})  # 1 of the 2 chips the shop has goes out

	lines = _by_item(delivery.get_shortfalls(order.name))
	assert set(lines) == {w.cola, w.chips}  # the service is not stock
	cola, chips = lines[w.cola], lines[w.chips]
	assert (cola["required"], cola["available"], cola["shortfall"]) == (60, 30, 30)
	assert [(a["warehouse"], a["qty"]) for a in cola["alternatives"]] == [(w.north, 50), (w.south, 20)]
	assert (chips["required"], chips["available"], chips["shortfall"]) == (5, 1, 4)
	assert [(a["warehouse"], a["qty"]) for a in chips["alternatives"]] == [(w.south, 9)]
	assert all(a["warehouse"] != w.transit for line in lines.values() for a in line["alternatives"])

	# 2 more boxes delivered (24 of the 30 on hand): 3 boxes = 36 to go, 6 on hand
	_deliver(order, {w.cola: 2})
	cola = _by_item(delivery.get_shortfalls(order.name))[w.cola]
	assert (cola["required"], cola["available"], cola["shortfall"]) == (36, 6, 30)


def test_lines_of_one_item_share_the_warehouse_and_a_fully_stocked_order_has_no_shortfall(world):
	w = world
	order = _order(w, [(w.cola, 20, 3), (w.cola, 15, 3)])
	result = delivery.get_shortfalls(order.name)
	assert [(line["available"], line["shortfall"]) for line in result["lines"]] == [(30, 0), (10, 5)]
	assert result["has_shortfall"]
	stocked = delivery.get_shortfalls(_order(w, [(w.cola, 2, 3)]).name)
	assert not stocked["has_shortfall"]
	with pytest.raises(delivery.DeliveryShortfallError):
		delivery.make_transfer_order(_order(w, [(w.cola, 2, 3)]).name, w.north)


def test_make_transfer_order_drafts_the_shortfall_capped_at_the_source(world):
	w = world
	order = _order(w, [(w.cola, 5, 30, w.box), (w.chips, 6, 3)])  # short: 30 cola, 4 chips

	name = delivery.make_transfer_order(order.name, w.south)  # south: 20 cola, 9 chips
	transfer = frappe.get_doc("Stock Transfer Order", name)
	assert transfer.docstatus == 0 and transfer.status == "Draft"
	assert (transfer.from_warehouse, transfer.to_warehouse, transfer.company) == (w.south, w.shop, w.company)
	assert {row.item_code: row.stock_qty for row in transfer.items} == {w.cola: 20, w.chips: 4}
	assert order.name in transfer.reason
	assert transfer.transit_warehouse
	assert name in [row.name for row in delivery.get_shortfalls(order.name)["transfer_orders"]]

	# the draft's 20 cola and 4 chips are on their way: 10 cola are still short, no chips
	lines = _by_item(delivery.get_shortfalls(order.name))
	assert [(lines[i]["incoming"], lines[i]["shortfall"]) for i in (w.cola, w.chips)] == [(20, 10), (4, 0)]
	assert lines[w.cola]["incoming_transfers"] == [name]

	# north has only cola: chips are left out; only what is still short is transferred
	north = frappe.get_doc("Stock Transfer Order", delivery.make_transfer_order(order.name, w.north))
	assert {row.item_code: row.stock_qty for row in north.items} == {w.cola: 10}
	# a third click raises no duplicate: nothing is left short, nothing is written
	before = frappe.db.count("Stock Transfer Order")
	with pytest.raises(delivery.DeliveryShortfallError, match=order.name):
		delivery.make_transfer_order(order.name, w.north)
	assert frappe.db.count("Stock Transfer Order") == before
	# cancelled (or closed, completed, rejected) transfers bring nothing: short again
	for transfer_name in (name, north.name):
		frappe.db.set_value("Stock Transfer Order", transfer_name, {"docstatus": 2, "status": "Cancelled"})
	assert _by_item(delivery.get_shortfalls(order.name))[w.cola]["shortfall"] == 30

	# short in two warehouses: the one to transfer to is asked for
	split = _order(w, [(w.cola, 40, 3), (w.chips, 5, 3, None, w.north)])  # 10 cola, 5 chips short
	with pytest.raises(delivery.DeliveryShortfallError, match=w.north):
		delivery.make_transfer_order(split.name, w.south)
	to_north = delivery.make_transfer_order(split.name, w.south, to_warehouse=w.north)
	rows = frappe.get_all("Stock Transfer Order Item", {"parent": to_north}, ["item_code", "stock_qty"])
	assert [(row.item_code, row.stock_qty) for row in rows] == [(w.chips, 5)]
	assert frappe.db.get_value("Stock Transfer Order", to_north, "to_warehouse") == w.north


def test_make_transfer_order_refuses_bad_input_and_writes_nothing(world):
	w = world
	order = _order(w, [(w.cola, 5, 30, w.box)])
	empty = w.empty
	before = frappe.db.count("Stock Transfer Order")

	with pytest.raises(delivery.DeliveryShortfallError, match=empty):
		delivery.make_transfer_order(order.name, empty)  # nothing there
	with pytest.raises(delivery.DeliveryShortfallError):
		delivery.make_transfer_order(order.name, w.shop)  # where it is short
	with pytest.raises(frappe.DoesNotExistError):
		delivery.make_transfer_order(order.name, "无此仓库")
	with pytest.raises(frappe.DoesNotExistError):
		delivery.make_transfer_order("无此订单", w.north)
	with pytest.raises(InvalidArgumentError):
		delivery.make_transfer_order(order.name, "")
	foreign = next(
		row.name
		for row in frappe.get_all(
			"Warehouse", {"company": ("!=", w.company), "is_group": 0}, ["name", "warehouse_type"]
		)
		if row.warehouse_type != "Transit"
	)
	assert foreign  # the site's own company has warehouses
	with pytest.raises(delivery.DeliveryShortfallError, match=foreign):
		delivery.make_transfer_order(order.name, foreign)
	draft = _order(w, [(w.cola, 5, 30, w.box)], submit=False)
	with pytest.raises(delivery.DeliveryShortfallError):
		delivery.make_transfer_order(draft.name, w.north)
	assert frappe.db.count("Stock Transfer Order") == before


def test_progress_after_partial_delivery_invoice_and_payment(world):
	w = world
	order = _order(w, [(w.cola, 10, 10), (w.chips, 2, 50)])  # 100 + 100
	progress = delivery.get_order_progress(order.name)
	assert (progress["per_delivered"], progress["per_billed"], progress["paid_amount"]) == (0, 0, 0)

	advance = get_payment_entry("Sales Order", order.name, party_amount=40)
	advance.reference_no, advance.reference_date = "ADV-" + order.name, nowdate()
	advance.insert()
	advance.submit()
	note = _deliver(order, {w.cola: 10})  # 100 of 200 delivered
	invoice = make_sales_invoice(order.name)
	invoice.items = [row for row in invoice.items if row.item_code == w.cola]
	for row in invoice.items:
		row.qty = 5  # 50 invoiced
	invoice.insert()
	invoice.submit()
	payment = get_payment_entry("Sales Invoice", invoice.name, party_amount=20)
	payment.reference_no, payment.reference_date = "PAY-" + invoice.name, nowdate()
	payment.insert()
	payment.submit()

	progress = delivery.get_order_progress(order.name)
	order.reload()
	total = order.rounded_total or order.grand_total  # 200, and the company's taxes if it has any
	assert note.docstatus == 1 and progress["grand_total"] == total
	# delivered and invoiced: ERPNext's percentages (delivered by quantity: 10 of 12)
	assert (progress["delivered_amount"], progress["per_delivered"]) == (100, 83.33)
	assert progress["per_delivered"] == round(order.per_delivered, 2)
	assert (progress["billed_amount"], progress["per_billed"]) == (50, 25)
	assert progress["paid_amount"] == 60  # 40 in advance against the order + 20 on the invoice
	assert progress["per_paid"] == round(60 * 100 / total, 2)

	# the chips invoiced with the advance allocated: it moves from the order to the invoice, counted once
	chips = make_sales_invoice(order.name)
	chips.items = [row for row in chips.items if row.item_code == w.chips]
	chips.set_advances()
	assert [row.allocated_amount for row in chips.advances] == [40]
	chips.insert()
	chips.submit()
	progress = delivery.get_order_progress(order.name)
	assert (progress["billed_amount"], progress["per_billed"]) == (150, 75)
	assert progress["paid_amount"] == 60


def test_rest_refuses_a_user_who_may_not_read_the_order(server, committed, world):
	frappe.db.rollback()
	order = _order(world, [(world.cola, 40, 3)], submit=False)  # 30 in the shop: 10 short
	committed.append(("Sales Order", order.name))
	_outsider, outsider = api_user(committed, ["Purchase User"])
	_seller, seller = api_user(committed, ["Sales User"])
	frappe.db.commit()

	def call(headers, method, verb="GET", **args):
		return requests.request(
			verb, f"{server}/api/method/{M}.{method}", headers=headers, params=args, timeout=60
		)

	for method in ("get_shortfalls", "get_order_progress"):
		assert call(outsider, method, sales_order=order.name).status_code == 403
		assert call(outsider, method, sales_order="无此订单").status_code == 404
	shortfalls = call(seller, "get_shortfalls", sales_order=order.name)
	assert shortfalls.status_code == 200, shortfalls.text[:300]
	assert shortfalls.json()["message"]["lines"][0]["shortfall"] == 10
	assert call(seller, "get_order_progress", sales_order=order.name).status_code == 200
	# a Sales User may not create Stock Transfer Orders
	refused = call(seller, "make_transfer_order", "POST", sales_order=order.name, from_warehouse=world.north)
	assert refused.status_code == 403
	assert (
		call(
			outsider, "make_transfer_order", "POST", sales_order=order.name, from_warehouse=world.north
		).status_code
		== 403
	)
	# malformed: missing argument 417, GET on the method that writes 403, an object for a name 4xx
	assert call(seller, "get_shortfalls").status_code == 417
	assert call(seller, "make_transfer_order", "POST", sales_order=order.name).status_code == 417
	assert (
		call(seller, "make_transfer_order", sales_order=order.name, from_warehouse=world.north).status_code
		== 403
	)
	typed = requests.post(
		f"{server}/api/method/{M}.make_transfer_order",
		headers=seller,
		json={"sales_order": order.name, "from_warehouse": {"a": 1}},
		timeout=60,
	)
	assert 400 <= typed.status_code < 500, typed.text[:300]
	assert typed.json().get("exc_type") in ("FrappeTypeError", "InvalidArgumentError"), typed.text[:300]
	assert not frappe.db.exists("Stock Transfer Order", {"reason": ("like", f"%{order.name}%")})


def test_calls_at_once_raise_one_transfer_for_the_shortfall(server, committed, world):
	"""Four clicks at once on an order 10 short: one 调拨单 for the 10, the others refused (417)."""
	frappe.db.rollback()
	order = _order(world, [(world.cola, 40, 3)])  # 30 in the shop: 10 short
	committed.append(("Sales Order", order.name))
	_user, headers = api_user(committed, ["Sales User", "Stock User"])
	frappe.db.commit()
	payload = {"sales_order": order.name, "from_warehouse": world.north}
	try:
		answers = race_post(f"{server}/api/method/{M}.make_transfer_order", headers, [payload] * 4)
	finally:
		frappe.db.rollback()
		made = frappe.get_all("Stock Transfer Order", {"reason": ("like", f"%{order.name}%")}, pluck="name")
		committed.extend(("Stock Transfer Order", name) for name in made)
		frappe.get_doc("Sales Order", order.name).cancel()  # a submitted order is not deleted
		frappe.db.commit()
	counted = outcomes(answers)
	assert counted[(200, None)] == 1 and counted[(417, "DeliveryShortfallError")] == 3, explain(answers)
	(name,) = made
	assert frappe.get_all("Stock Transfer Order Item", {"parent": name}, pluck="stock_qty") == [10]
