"""jxc_app's customizations are on the site, idempotent, and every name we rely on exists."""

import frappe
import pytest
from frappe.model import no_value_fields, table_fields

from jxc_app.setup.customizations import CUSTOM_FIELDS, PINYIN_FIELD, ROLES, SEARCH_FIELD_ADDITIONS
from jxc_app.setup.install import sync_customizations
from tests import appinfo


def _customization_state():
	custom_fields = frappe.get_all(
		"Custom Field",
		filters={"fieldname": ("like", "jxc%")},
		fields=["name", "modified"],
		order_by="name",
	)
	property_setters = frappe.get_all(
		"Property Setter",
		filters={"doc_type": ("in", list(SEARCH_FIELD_ADDITIONS)), "property": "search_fields"},
		fields=["name", "value", "modified"],
		order_by="name",
	)
	return custom_fields, property_setters


@pytest.mark.smoke
def test_custom_fields_are_installed():
	for doctype, fields in CUSTOM_FIELDS.items():
		meta = frappe.get_meta(doctype)
		for field in fields:
			docfield = meta.get_field(field["fieldname"])
			assert docfield, f"{doctype}.{field['fieldname']}"
			assert docfield.fieldtype == field["fieldtype"]
			if field["fieldtype"] not in no_value_fields and field["fieldtype"] not in table_fields:
				assert frappe.db.has_column(doctype, field["fieldname"])


def test_search_fields_include_pinyin_and_keep_erpnext_ones():
	for doctype in SEARCH_FIELD_ADDITIONS:
		standard = frappe.db.get_value("DocType", doctype, "search_fields")
		search_fields = frappe.get_meta(doctype).get_search_fields()
		assert PINYIN_FIELD in search_fields
		for fieldname in standard.split(","):
			assert fieldname.strip() in search_fields


def test_roles_exist_and_are_desk_roles():
	for role in ROLES:
		assert frappe.db.get_value("Role", role["role_name"], "desk_access") == 1


def test_sync_customizations_twice_changes_nothing():
	sync_customizations()
	before = _customization_state()
	custom_fields, property_setters = before
	assert len(custom_fields) == sum(len(fields) for fields in CUSTOM_FIELDS.values())
	assert len(property_setters) == len(SEARCH_FIELD_ADDITIONS)
	sync_customizations()
	assert _customization_state() == before


def test_sync_restores_a_deleted_custom_field():
	name = frappe.db.get_value("Custom Field", {"dt": "Department", "fieldname": "jxc_department_head"})
	frappe.delete_doc("Custom Field", name, force=True)
	assert not frappe.get_meta("Department").has_field("jxc_department_head")
	sync_customizations()
	assert frappe.get_meta("Department").has_field("jxc_department_head")


def test_external_names_exist_on_the_site():
	names = appinfo.external_names()
	missing_doctypes = [doctype for doctype in names["doctypes"] if not frappe.db.exists("DocType", doctype)]
	missing_roles = [role for role in names["roles"] if not frappe.db.exists("Role", role)]
	assert not missing_doctypes and not missing_roles


@pytest.mark.parametrize("module", appinfo.modules())
def test_modules_are_registered(module):
	assert frappe.db.get_value("Module Def", module, "app_name") == "jxc_app"


def test_our_doctypes_are_synced():
	for name, meta in appinfo.doctypes().items():
		assert frappe.db.get_value("DocType", name, "module") == meta["module"]


def test_zh_translations_are_served():
	frappe.local.lang = "zh"
	frappe.translate.clear_cache()
	assert frappe._("Pinyin Initials") == "拼音首字母"
	assert frappe._("General Manager") == "总经理"
	assert frappe._("{0} records updated").format(3) == "已更新 3 条记录"


def test_rmb_in_words_is_available_to_print_formats():
	rendered = frappe.render_template("{{ rmb_in_words(doc.total) }}", {"doc": {"total": 123.45}})
	assert rendered == "壹佰贰拾叁元肆角伍分"


def test_settings_permissions():
	for role, can_write in (("General Manager", True), ("Stock Manager", False), ("Sales User", False)):
		user = _user_with(role)
		assert frappe.has_permission("JXC Settings", "read", user=user)
		assert bool(frappe.has_permission("JXC Settings", "write", user=user)) is can_write
	assert not frappe.has_permission("JXC Settings", "read", user=_user_with("Website Manager"))


def _user_with(role: str) -> str:
	from tests.integration.factories import UserFactory

	return UserFactory(roles=[role]).name


def test_workspace_links_point_at_real_targets():
	workspace = frappe.get_doc("Workspace", "JXC")
	assert workspace.module == "JXC Setup" and workspace.public
	for row in workspace.links:
		if row.type == "Link":
			assert frappe.db.exists(row.link_type, row.link_to), row.link_to
	for row in workspace.shortcuts:
		assert frappe.db.exists(row.type, row.link_to), row.link_to


def test_workspace_renders_for_a_buyer():
	from frappe.desk.desktop import get_desktop_page

	frappe.set_user(_user_with("Purchase User"))
	page = get_desktop_page(frappe.as_json({"name": "JXC", "title": "JXC", "public": 1}))
	labels = {card["label"] for card in page["cards"]["items"]}
	assert "Masters" in labels


def test_default_comparison_rule_covers_every_company():
	rule = frappe.get_doc("Approval Rule", "比价例外审批")
	assert rule.reference_doctype == "Supplier Quotation Comparison" and not rule.company
	assert [(row.fieldname, row.operator, row.value) for row in rule.conditions] == [
		("requires_approval", "=", "1")
	]


def _linked_doctypes(doctype: str) -> set[str]:
	"""What Frappe's test runner follows from ``doctype``: its Link fields and its tables' Link fields."""
	meta = frappe.get_meta(doctype)
	fields = list(meta.get_link_fields())
	for table in meta.get_table_fields():
		fields += frappe.get_meta(table.options).get_link_fields()
	return {field.options for field in fields}


def _has_test_records(doctype: str) -> bool:
	from frappe.test_runner import get_modules

	_module, test_module = get_modules(doctype)
	return bool(
		hasattr(test_module, "_make_test_records")
		or getattr(test_module, "test_records", None)
		or frappe.get_test_records(doctype)
	)


@pytest.mark.smoke
def test_our_link_fields_make_no_cycle_for_the_test_record_builder():
	"""A custom Link from D to T, where T has test records and links back to D, makes Frappe's test
	runner insert T's test records before D's, which they need (ERPNext's own tests then fail at
	bootstrap: Department ⇄ Employee did)."""
	checked = 0
	for doctype, fields in CUSTOM_FIELDS.items():
		for field in fields:
			if field["fieldtype"] != "Link" or not _has_test_records(field["options"]):
				continue
			checked += 1
			assert doctype not in _linked_doctypes(field["options"]), (doctype, field["fieldname"])
	assert checked  # User (the department head, the cost center manager) has test records
	assert frappe.get_meta("Department").get_field("jxc_department_head").options == "User"


def test_department_head_patch_turns_employees_into_their_users(company):
	from jxc_app.patches.v0_1 import department_head_is_a_user
	from tests.integration.factories import make_department, make_person

	user, employee = make_person(company)
	_, userless = make_person(company)
	frappe.db.set_value("Employee", userless, "user_id", None)
	heads = {make_department(company): employee, make_department(company): userless}
	kept = make_department(company, head=user)
	for department, head in heads.items():
		frappe.db.set_value("Department", department, "jxc_department_head", head)

	department_head_is_a_user.execute()

	got = {name: frappe.db.get_value("Department", name, "jxc_department_head") for name in [*heads, kept]}
	assert got == dict(zip([*heads, kept], [user, None, user], strict=True))
