"""销售报价: Valid Till from JXC Settings, expired quotations refused as orders (unless allowed),
follow-ups with their reminder on the next working day, the daily expiry reminders (once), lost
reasons and competitors through ERPNext, amendments, and REST refusals."""

import json
from datetime import date

import frappe
import pytest
import requests
from frappe.model.delete_doc import check_if_doc_is_linked
from frappe.model.mapper import map_docs
from frappe.utils import add_days, getdate, nowdate

from jxc_app.demo import quotation_followups
from jxc_app.jxc_selling import quotation_validity
from jxc_app.jxc_selling.followup import FollowUpError
from jxc_app.jxc_selling.quotation_validity import ExpiredQuotationError
from tests.integration.factories import CustomerFactory, ItemFactory, UserFactory, api_user, unique

FOLLOW_UP = "Quotation Follow Up"
M = "jxc_app.jxc_selling.quotation_validity"


@pytest.fixture(scope="module")
def parties(company):
	"""A customer and a service item, committed once for the module."""
	values = frappe._dict(
		company=company,
		customer=CustomerFactory().name,
		item=ItemFactory(is_stock_item=0).name,
	)
	frappe.db.commit()
	yield values
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.delete_doc("Customer", values.customer, force=True, ignore_permissions=True)
	frappe.delete_doc("Item", values.item, force=True, ignore_permissions=True)
	frappe.db.commit()


def _settings(**values):
	for fieldname, value in values.items():
		frappe.db.set_single_value("JXC Settings", fieldname, value)


def _quotation(p, transaction_date=None, valid_till=None, submit=True, owner=None):
	doc = frappe.get_doc(
		{
			"doctype": "Quotation",
			"quotation_to": "Customer",
			"party_name": p.customer,
			"company": p.company,
			"currency": "CNY",
			"conversion_rate": 1,
			"transaction_date": transaction_date or nowdate(),
			"valid_till": valid_till,
			"items": [{"item_code": p.item, "qty": 2, "rate": 50}],
		}
	).insert()
	if submit:
		doc.submit()
	if owner:
		frappe.db.set_value("Quotation", doc.name, "owner", owner, update_modified=False)
	return doc


def _order_from(quotation: str):
	order = quotation_validity.make_sales_order(quotation)
	order.delivery_date = add_days(nowdate(), 7)
	for row in order.items:
		row.delivery_date = order.delivery_date
	return order


def _order_by_hand(p, quotation: str, transaction_date):
	return frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": p.customer,
			"company": p.company,
			"currency": "CNY",
			"conversion_rate": 1,
			"transaction_date": transaction_date,
			"delivery_date": add_days(nowdate(), 7),
			"items": [{"item_code": p.item, "qty": 1, "rate": 50, "prevdoc_docname": quotation}],
		}
	)


@pytest.mark.smoke
def test_valid_till_defaults_and_an_expired_quotation_is_not_ordered_unless_allowed(parties):
	_settings(quotation_validity_days=10, allow_expired_quotation_to_order=0)
	fresh = _quotation(parties, submit=False)
	assert getdate(fresh.valid_till) == getdate(add_days(nowdate(), 10))
	# a valid_till given is kept
	kept = _quotation(parties, submit=False, valid_till=add_days(nowdate(), 2))
	assert getdate(kept.valid_till) == getdate(add_days(nowdate(), 2))

	# a valid quotation converts through ERPNext's mapper (overridden) and the order saves
	fresh.submit()
	order = _order_from(fresh.name)
	assert [row.prevdoc_docname for row in order.items] == [fresh.name]
	order.insert()

	expired = _quotation(
		parties, transaction_date=add_days(nowdate(), -20), valid_till=add_days(nowdate(), -5)
	)
	with pytest.raises(ExpiredQuotationError):
		quotation_validity.make_sales_order(expired.name)
	# an order put together by hand (REST, import) naming the quotation is refused too
	with pytest.raises(ExpiredQuotationError, match=expired.name):
		_order_by_hand(parties, expired.name, nowdate()).insert()
	# dated within the validity, the same order is accepted
	accepted = _order_by_hand(parties, expired.name, add_days(nowdate(), -6)).insert()
	assert accepted.items[0].prevdoc_docname == expired.name

	# the Sales Order's "Get Items From › Quotation" (Frappe's map_docs through ERPNext's mapper path)
	mapper = "erpnext.selling.doctype.quotation.quotation.make_sales_order"
	target = json.dumps({"doctype": "Sales Order", "company": parties.company, "customer": parties.customer})
	with pytest.raises(ExpiredQuotationError):
		map_docs(mapper, json.dumps([fresh.name, expired.name]), target)

	_settings(allow_expired_quotation_to_order=1)
	both = map_docs(mapper, json.dumps([fresh.name, expired.name]), target)
	assert sorted(row.prevdoc_docname for row in both.items) == sorted([fresh.name, expired.name])
	order = _order_from(expired.name)
	order.insert()
	assert order.items[0].prevdoc_docname == expired.name
	# its payment terms run from the order's date, not the old quotation's
	assert all(getdate(row.due_date) >= getdate(order.transaction_date) for row in order.payment_schedule)

	# the desk's defaults follow JXC Settings (ERPNext's form reads them from the boot)
	bootinfo = frappe._dict(sysdefaults=frappe._dict())
	quotation_validity.boot_session(bootinfo)
	assert bootinfo.sysdefaults.quotation_valid_till == 10
	assert bootinfo.sysdefaults.allow_sales_order_creation_for_expired_quotation == 1


def test_follow_up_reminder_falls_on_the_next_working_day(parties):
	salesperson = UserFactory(roles=["Sales User"]).name
	quotation = _quotation(parties, submit=False)
	# 2025 国庆+中秋: 10-01..10-08 off; the reminder moves to Thursday 10-09
	follow_up = frappe.get_doc(
		{
			"doctype": FOLLOW_UP,
			"quotation": quotation.name,
			"follow_up_date": "2025-09-30",
			"followed_by": salesperson,
			"channel": "WeChat",
			"notes": "客户比价中",
			"next_follow_up_date": "2025-10-03",
		}
	).insert()
	assert follow_up.customer == parties.customer and follow_up.company == parties.company
	todo = frappe.get_doc("ToDo", follow_up.reminder)
	assert (todo.allocated_to, getdate(todo.date)) == (salesperson, date(2025, 10, 9))
	assert (todo.reference_type, todo.reference_name) == ("Quotation", quotation.name)
	# a Sales User records one themselves, followed by them by default
	frappe.set_user(salesperson)
	own = frappe.get_doc({"doctype": FOLLOW_UP, "quotation": quotation.name, "channel": "Phone"}).insert()
	assert own.followed_by == salesperson
	frappe.set_user("Administrator")
	# a working day stays as it is; no next date, no reminder
	on_workday = frappe.get_doc(
		{"doctype": FOLLOW_UP, "quotation": quotation.name, "next_follow_up_date": "2025-10-09"}
	)
	on_workday.follow_up_date = "2025-10-09"
	on_workday.insert()
	assert getdate(frappe.db.get_value("ToDo", on_workday.reminder, "date")) == date(2025, 10, 9)
	assert frappe.db.get_value("ToDo", on_workday.reminder, "allocated_to") == "Administrator"
	plain = frappe.get_doc(
		{"doctype": FOLLOW_UP, "quotation": quotation.name, "channel": "On-site Visit"}
	).insert()
	assert not plain.reminder

	with pytest.raises(FollowUpError):
		frappe.get_doc(
			{
				"doctype": FOLLOW_UP,
				"quotation": quotation.name,
				"follow_up_date": "2025-10-09",
				"next_follow_up_date": "2025-10-08",
			}
		).insert()
	# the quotation's Connections show its follow-ups
	dashboard = frappe.get_meta("Quotation").get_dashboard_data()
	assert any(FOLLOW_UP in group["items"] for group in dashboard.transactions)
	assert dashboard.non_standard_fieldnames[FOLLOW_UP] == "quotation"


def test_expiring_list_and_daily_reminders_once(parties):
	_settings(quotation_expiring_days=3)
	owner = UserFactory(roles=["Sales User"]).name
	expiring = _quotation(parties, valid_till=add_days(nowdate(), 2), owner=owner)
	expired = _quotation(
		parties, transaction_date=add_days(nowdate(), -20), valid_till=add_days(nowdate(), -1), owner=owner
	)
	far = _quotation(parties, valid_till=add_days(nowdate(), 30), owner=owner)
	draft = _quotation(parties, valid_till=add_days(nowdate(), 1), submit=False)

	listed = {row["name"]: row for row in quotation_validity.expiring_quotations(parties.company)}
	assert listed[expiring.name]["expiry"] == "Expiring"
	assert listed[expired.name]["expiry"] == "Expired"
	assert far.name not in listed and draft.name not in listed
	assert far.name in {row["name"] for row in quotation_validity.expiring_quotations(parties.company, 30)}

	mine = (expiring.name, expired.name, far.name, draft.name)

	def reminders():
		return frappe.get_all(
			"ToDo",
			filters={"reference_type": "Quotation", "reference_name": ("in", mine)},
			fields=["reference_name", "allocated_to", "date"],
		)

	quotation_validity.remind_expiring_quotations()
	first = reminders()
	assert sorted(row.reference_name for row in first) == sorted([expiring.name, expired.name])
	assert {row.allocated_to for row in first} == {owner}
	assert quotation_validity.remind_expiring_quotations() == 0
	assert len(reminders()) == 2

	# the demo's follow-ups: by the owner, each with its reminder, made once
	quotation_followups.ensure_quotation_followup_demo(parties.company)
	demo = frappe.get_all(FOLLOW_UP, filters={"company": parties.company}, fields=["followed_by", "reminder"])
	assert demo and all(row.followed_by == owner and row.reminder for row in demo)
	quotation_followups.ensure_quotation_followup_demo(parties.company)
	assert frappe.db.count(FOLLOW_UP, {"company": parties.company}) == len(demo)

	# a Sales User restricted to another company sees none of these
	other = frappe.get_all("Company", filters={"name": ("!=", parties.company)}, pluck="name", limit=1)
	if other:
		frappe.get_doc(
			{"doctype": "User Permission", "user": owner, "allow": "Company", "for_value": other[0]}
		).insert(ignore_permissions=True)
		frappe.set_user(owner)
		assert quotation_validity.expiring_quotations(parties.company) == []
		# nor records a follow-up on them
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc({"doctype": FOLLOW_UP, "quotation": expiring.name}).insert()


def test_lost_reasons_and_competitors_and_amendment_keeps_the_old_version(parties):
	reason = frappe.get_doc(
		{"doctype": "Quotation Lost Reason", "order_lost_reason": unique("价格太高")}
	).insert()
	competitor = frappe.get_doc({"doctype": "Competitor", "competitor_name": unique("竞品公司")}).insert()
	lost = _quotation(parties)
	lost.declare_enquiry_lost(
		[{"lost_reason": reason.name}], [{"competitor": competitor.name}], "对手便宜 5%"
	)
	lost.reload()
	assert lost.status == "Lost"
	assert [row.lost_reason for row in lost.lost_reasons] == [reason.name]
	assert [row.competitor for row in lost.competitors] == [competitor.name]
	assert lost.order_lost_reason == "对手便宜 5%"

	original = _quotation(parties)
	frappe.get_doc({"doctype": FOLLOW_UP, "quotation": original.name, "channel": "Phone"}).insert()
	# its follow-up does not stop the cancel (Frappe's link check, run here on its own; the cancel skips
	# the dynamic-link scan, which loads the meta of every DocType: seconds on the cache each test clears)
	check_if_doc_is_linked(original, method="Cancel")
	original.flags.ignore_links = True
	original.cancel()
	# as the desk's Amend does
	revised = frappe.copy_doc(original)
	revised.docstatus, revised.amended_from = 0, original.name
	revised.items[0].rate = 45
	revised.insert()
	assert revised.name != original.name and revised.amended_from == original.name
	old = frappe.get_doc("Quotation", original.name)
	assert old.docstatus == 2 and old.items[0].rate == 50
	# follow-ups go on the version in force
	with pytest.raises(FollowUpError):
		frappe.get_doc({"doctype": FOLLOW_UP, "quotation": original.name}).insert()
	frappe.get_doc({"doctype": FOLLOW_UP, "quotation": revised.name}).insert()
	assert frappe.db.count(FOLLOW_UP, {"quotation": original.name}) == 1


def test_rest_refuses_who_may_not_sell(server, committed, parties):
	_user, headers = api_user(committed, ["Stock User"])
	frappe.db.commit()
	response = requests.get(
		f"{server}/api/method/{M}.expiring_quotations",
		headers=headers,
		params={"company": parties.company},
		timeout=60,
	)
	assert response.status_code == 403, response.text[:300]
	before = frappe.db.count(FOLLOW_UP)
	response = requests.post(
		f"{server}/api/resource/{FOLLOW_UP}",
		headers=headers,
		json={"quotation": "无此报价", "channel": "Phone"},
		timeout=60,
	)
	assert response.status_code == 403, response.text[:300]
	response = requests.get(
		f"{server}/api/method/{M}.expiring_quotations",
		headers=headers,
		params={"company": parties.company, "days": "soon"},
		timeout=60,
	)
	assert 400 <= response.status_code < 500
	assert frappe.db.count(FOLLOW_UP) == before
