"""Chinese documents: every print format jxc_app ships renders as a PDF (through Frappe and wkhtmltopdf)
whose text, read back with pypdf, is Chinese: the company, the 大写 amount, translated statuses and units,
and people by their full names; whoever prints, in whatever language. JXC Settings › Use Chinese Print
Formats makes the six trade formats the defaults; approvals show names, not logins."""

import io
import re

import frappe
import pytest
from frappe.boot import get_link_title_doctypes
from frappe.utils import add_days, nowdate
from pypdf import PdfReader

from jxc_app.jxc_approvals import actions, api
from jxc_app.jxc_approvals.report.my_pending_approvals import my_pending_approvals
from jxc_app.rules.money import rmb_in_words
from jxc_app.setup.print_formats import CHINESE_PRINT_FORMATS, set_chinese_print_formats
from tests.integration.factories import (
	ApprovalRuleFactory,
	CustomerFactory,
	ItemFactory,
	PurchaseOrderFactory,
	SupplierFactory,
	UserFactory,
	as_administrator,
	make_person,
	unique,
)

QTY, RATE = 2, 61.5  # 123.00: 壹佰贰拾叁元整


@pytest.fixture(autouse=True)
def site_url(server, monkeypatch):
	"""wkhtmltopdf fetches the print's styles and fonts from the site's URL: here, the test server."""
	monkeypatch.setitem(frappe.local.conf, "host_name", server)


def pdf_text(doctype: str, name: str, print_format: str, doc=None, lang: str = "en") -> str:
	"""The text of the PDF, whitespace removed (the extraction breaks lines where the layout does),
	printed by a user whose language is ``lang``."""
	previous = frappe.local.lang
	frappe.local.lang = lang
	try:
		pdf = frappe.get_print(doctype, name, print_format, doc=doc, as_pdf=True)
	finally:
		frappe.local.lang = previous
	assert pdf.startswith(b"%PDF")
	text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
	return re.sub(r"\s+", "", text)


def squeeze(text: str) -> str:
	return re.sub(r"\s+", "", text)


@pytest.fixture
def world(company):
	clerk = UserFactory(first_name=unique("王强")).name
	return frappe._dict(
		company=company,
		clerk=clerk,
		customer=CustomerFactory().name,
		supplier=SupplierFactory().name,
		item=ItemFactory().name,
		warehouse=frappe.db.get_value("Warehouse", {"company": company, "is_group": 0}),
	)


def _trade_document(w, doctype: str, submit: bool = False):
	today, later = nowdate(), add_days(nowdate(), 7)
	line = {"item_code": w.item, "qty": QTY, "rate": RATE, "conversion_factor": 1}
	party = {"company": w.company, "currency": "CNY", "conversion_rate": 1}
	values = {
		"Quotation": {"quotation_to": "Customer", "party_name": w.customer, "transaction_date": today},
		"Sales Order": {
			"customer": w.customer,
			"transaction_date": today,
			"delivery_date": later,
			"items": [{**line, "warehouse": w.warehouse, "delivery_date": later}],
		},
		"Delivery Note": {
			"customer": w.customer,
			"posting_date": today,
			"items": [{**line, "warehouse": w.warehouse}],
		},
		"Sales Invoice": {"customer": w.customer, "posting_date": today, "due_date": later},
		"Purchase Order": {
			"supplier": w.supplier,
			"transaction_date": today,
			"schedule_date": later,
			"items": [{**line, "warehouse": w.warehouse, "schedule_date": later}],
		},
		"Purchase Receipt": {
			"supplier": w.supplier,
			"posting_date": today,
			"items": [{**line, "warehouse": w.warehouse, "received_qty": QTY}],
		},
	}[doctype]
	doc = frappe.get_doc({"doctype": doctype, "items": [line], **party, **values})
	doc.insert()
	if submit:
		doc.submit()
	# made by a clerk: the print names them (王强…), not their login
	frappe.db.set_value(doctype, doc.name, "owner", w.clerk, update_modified=False)
	return frappe.get_doc(doctype, doc.name)


TRADE = [
	("Quotation", "报价单", "customer_name", False),
	pytest.param("Sales Order", "销售订单", "customer_name", True, marks=pytest.mark.smoke),
	("Delivery Note", "送货单", "customer_name", False),
	("Sales Invoice", "销售发票", "customer_name", False),
	("Purchase Order", "采购订单", "supplier_name", True),
	("Purchase Receipt", "采购入库单", "supplier_name", False),
]


@pytest.mark.parametrize("doctype,print_format,party_field,submit", TRADE)
def test_trade_documents_print_in_chinese(world, doctype, print_format, party_field, submit):
	doc = _trade_document(world, doctype, submit=submit)
	text = pdf_text(doctype, doc.name, print_format)

	assert print_format in text
	assert squeeze(world.company) in text
	assert squeeze(doc.get(party_field)) in text
	assert doc.grand_total == QTY * RATE
	assert rmb_in_words(doc.grand_total) == "壹佰贰拾叁元整"
	assert "壹佰贰拾叁元整" in text
	# statuses and units in Chinese although the printing user's language is English
	status = doc.status if doc.docstatus else "Draft"
	zh_status = frappe._(status, "zh")
	assert zh_status != status and squeeze(zh_status) in text
	assert squeeze(status) not in text
	assert squeeze(frappe._(doc.items[0].uom, "zh")) in text
	# the clerk by name, never their login
	assert squeeze(frappe.utils.get_fullname(world.clerk)) in text
	assert world.clerk not in text
	for signature in ("制单", "审核", "签章") if doctype in ("Sales Order", "Purchase Order") else ():
		assert signature in text


def test_the_transfer_prints_its_status_in_chinese(world):
	"""调拨单 printed "In Transit": the capability formats translate their values too."""
	doc = frappe.get_doc(
		{
			"doctype": "Stock Transfer Order",
			"name": unique("DB-"),
			"company": world.company,
			"transaction_date": nowdate(),
			"from_warehouse": world.warehouse,
			"to_warehouse": world.warehouse,
			"status": "In Transit",
			"items": [{"item_code": world.item, "item_name": "测试物料", "qty": 3, "uom": "Nos"}],
		}
	)
	text = pdf_text(doc.doctype, doc.name, "调拨单", doc=doc)
	assert "调拨单" in text and squeeze(world.company) in text
	assert "状态：在途" in text and "状态：InTransit" not in text
	assert squeeze(frappe._("Nos", "zh")) in text and frappe._("Nos", "zh") != "Nos"


def test_every_other_format_we_ship_renders_chinese(world):
	"""盘点表, 采购申请单, 比价单, and any format a capability adds later (their flows are tested with
	their capability; here: the PDF text of a document made in memory)."""
	known = {
		"Stocktake": {
			"count_mode": "Blind",
			"posting_date": nowdate(),
			"warehouses": [{"warehouse": world.warehouse}],
			"lines": [
				{
					"item_code": world.item,
					"item_name": "测试物料",
					"warehouse": world.warehouse,
					"stock_uom": "Nos",
				}
			],
		},
		"Purchase Requisition": {
			"requester": world.clerk,
			"status": "Draft",
			"transaction_date": nowdate(),
			"required_by": nowdate(),
			"purpose": "办公用品",
			"estimated_total": 123,
			"items": [
				{"item_code": world.item, "qty": 2, "uom": "Nos", "estimated_rate": 61.5, "amount": 123}
			],
		},
		"Supplier Quotation Comparison": {
			"status": "Draft",
			"transaction_date": nowdate(),
			"total_amount": 123,
			"items": [{"item_code": world.item, "qty": 2, "uom": "Nos", "rate": 61.5, "amount": 123}],
		},
	}
	# every standard format of our modules: the trade ones and 调拨单 have their own tests above
	shipped = frappe.get_all(
		"Print Format",
		filters={"module": ["like", "JXC %"], "standard": "Yes"},
		fields=["name", "doc_type"],
	)
	others = [f for f in shipped if f.name not in {*CHINESE_PRINT_FORMATS.values(), "调拨单"}]
	assert {f.doc_type for f in others} >= set(known)
	for print_format in others:
		doctype = print_format.doc_type
		values = known.get(doctype) or (
			{"status": "Draft"} if frappe.get_meta(doctype).has_field("status") else {}
		)
		doc = frappe.get_doc({"doctype": doctype, "name": unique("T-"), "company": world.company, **values})
		text = pdf_text(doctype, doc.name, print_format.name, doc=doc)
		assert squeeze(world.company) in text, print_format.name
		if doctype not in known:
			continue
		assert squeeze(frappe._("Nos", "zh")) in text, print_format.name
		if doctype != "Stocktake":
			assert "壹佰贰拾叁元整" in text and "草稿" in text, print_format.name
		if doctype == "Purchase Requisition":
			assert squeeze(frappe.utils.get_fullname(world.clerk)) in text and world.clerk not in text


@pytest.mark.smoke
def test_settings_make_the_chinese_formats_the_defaults(world):
	own_choice = frappe.get_all("Print Format", filters={"doc_type": "Purchase Order"}, pluck="name")
	own_choice = next(name for name in own_choice if name != "采购订单")
	frappe.make_property_setter(
		{
			"doctype": "Purchase Order",
			"doctype_or_field": "DocType",
			"property": "default_print_format",
			"value": own_choice,
		},
		is_system_generated=False,
	)
	# ERPNext's own defaults (v16 sets "… with Item Image" itself): replaced, then put back
	before = {
		doctype: frappe.get_meta(doctype).default_print_format or None for doctype in CHINESE_PRINT_FORMATS
	}
	settings = frappe.get_single("JXC Settings")
	try:
		settings.use_chinese_print_formats = 1
		settings.save()
		for doctype, print_format in CHINESE_PRINT_FORMATS.items():
			expected = own_choice if doctype == "Purchase Order" else print_format
			assert frappe.get_meta(doctype).default_print_format == expected, doctype
		# printing without choosing a format prints ours
		quotation = _trade_document(world, "Quotation")
		assert "报价单" in frappe.get_print("Quotation", quotation.name)

		settings.use_chinese_print_formats = 0
		settings.save()
		for doctype in CHINESE_PRINT_FORMATS:
			expected = own_choice if doctype == "Purchase Order" else before[doctype]
			assert (frappe.get_meta(doctype).default_print_format or None) == expected, doctype
	finally:
		set_chinese_print_formats(False)
		for doctype in CHINESE_PRINT_FORMATS:
			frappe.clear_cache(doctype=doctype)


def test_approval_state_names_people_not_logins(company):
	approver, _employee = make_person(company, ["Purchase Manager"])
	requester, _employee = make_person(company, ["Purchase User"])
	ApprovalRuleFactory(steps=[{"step_name": "经理", "approver_type": "User", "user": approver}])
	with as_administrator():
		supplier, item = SupplierFactory().name, ItemFactory().name
	frappe.set_user(requester)
	po = PurchaseOrderFactory(company=company, supplier=supplier, item_code=item)
	actions.request_approval(po.doctype, po.name)
	state = api.get_approval_state(po.doctype, po.name)
	assert state["request"]["requester_name"] == frappe.utils.get_fullname(requester) != requester
	step = state["request"]["steps"][0]
	assert step["approver"] == approver
	assert step["approver_name"] == frappe.utils.get_fullname(approver) != approver
	# the approver's 我的待审批 sends the requester's name for its link
	frappe.set_user(approver)
	_columns, rows = my_pending_approvals.execute({})
	row = next(row for row in rows if row["reference_name"] == po.name)
	assert row["requester"] == requester and row["requester_name"] == frappe.utils.get_fullname(requester)
	frappe.set_user("Administrator")
	# and every User link on a form (requester, approvers, counters, keepers) shows the name
	assert frappe.get_meta("User").show_title_field_in_link
	assert "User" in get_link_title_doctypes()
