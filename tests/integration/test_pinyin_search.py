import frappe
import pytest

from tests.integration.factories import CustomerFactory, ItemFactory, SupplierFactory, UserFactory


@pytest.mark.smoke
def test_item_gets_initials_and_is_found_by_them():
	from erpnext.controllers.queries import item_query

	item = ItemFactory(item_name="可口可乐 330ml")
	assert item.jxc_pinyin_abbr == "kkkl330ml"
	found = item_query("Item", "kkkl", "name", 0, 20, {}, as_dict=True)
	assert item.name in [row["name"] for row in found]


def test_initials_follow_a_rename_of_the_name():
	item = ItemFactory(item_name="农夫山泉")
	item.item_name = "怡宝纯净水"
	item.save()
	assert item.jxc_pinyin_abbr == "ybcjs"


@pytest.mark.parametrize(
	("factory", "name_field", "doctype"),
	[(CustomerFactory, "customer_name", "Customer"), (SupplierFactory, "supplier_name", "Supplier")],
)
def test_parties_are_found_by_initials_in_link_search(factory, name_field, doctype):
	from frappe.desk.search import search_widget

	party = factory(**{name_field: "重庆火锅底料贸易有限公司"})
	assert party.jxc_pinyin_abbr == "cqhgdlmyyxgs"
	results = search_widget(doctype, "cqhgdl", page_length=20, as_dict=True)
	assert party.name in [row["name"] for row in results]


def test_disabled_setting_leaves_initials_empty():
	frappe.db.set_single_value("JXC Settings", "enable_pinyin_search", 0)
	item = ItemFactory(item_name="可口可乐")
	assert not item.jxc_pinyin_abbr


def test_refill_is_queued_in_the_long_queue_and_backfills_when_it_runs():
	from frappe.utils.background_jobs import get_job

	from jxc_app.utils.pinyin_search import refill_job, refill_pinyin_initials

	item = ItemFactory(item_name="百事可乐")
	frappe.db.set_value("Item", item.name, "jxc_pinyin_abbr", "", update_modified=False)
	modified = frappe.db.get_value("Item", item.name, "modified")
	job_id = refill_pinyin_initials()
	job = get_job(job_id)
	try:
		# queued, not done in the request
		assert job and job.origin.endswith("long") and job.get_status() in ("queued", "started")
		assert job.kwargs["method"] == "jxc_app.utils.pinyin_search.refill_job"
		assert frappe.db.get_value("Item", item.name, "jxc_pinyin_abbr") == ""
		assert refill_pinyin_initials() == job_id  # queued once
		assert get_job(job_id).id == job.id
	finally:
		job and job.delete()
	# the job itself (as a worker runs it)
	result = refill_job()
	assert result["Item"] >= 1
	assert frappe.db.get_value("Item", item.name, "jxc_pinyin_abbr") == "bskl"
	assert frappe.db.get_value("Item", item.name, "modified") == modified


def test_refill_is_refused_to_ordinary_users_and_changes_nothing():
	from jxc_app.utils.pinyin_search import refill_pinyin_initials

	item = ItemFactory(item_name="百事可乐")
	frappe.db.set_value("Item", item.name, "jxc_pinyin_abbr", "")
	frappe.set_user(UserFactory(roles=["Stock User"]).name)
	with pytest.raises(frappe.PermissionError):
		refill_pinyin_initials()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Item", item.name, "jxc_pinyin_abbr") == ""


def test_refill_refused_while_disabled():
	from jxc_app.utils.pinyin_search import PinyinSearchDisabledError, refill_pinyin_initials

	frappe.db.set_single_value("JXC Settings", "enable_pinyin_search", 0)
	with pytest.raises(PinyinSearchDisabledError):
		refill_pinyin_initials()
