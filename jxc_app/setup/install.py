"""Install / migrate / uninstall hooks: apply and remove jxc_app's customizations."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.permissions import add_permission

from jxc_app import compat
from jxc_app.rules.lists import add_to_csv_list, remove_from_csv_list
from jxc_app.setup.customizations import (
	CUSTOM_FIELDS,
	DEFAULT_APPROVAL_RULES,
	DEFAULT_RETURN_REASONS,
	DOCTYPE_PROPERTIES,
	FIELD_PERMISSIONS,
	FIELD_PROPERTIES,
	PINYIN_SOURCE_FIELDS,
	ROLES,
	SEARCH_FIELD_ADDITIONS,
	TABLE_INDEXES,
)
from jxc_app.setup.print_formats import set_chinese_print_formats
from jxc_app.utils.pinyin_search import backfill_pinyin_initials


def after_install():
	sync_customizations()
	create_default_approval_rules()
	create_default_return_reasons()
	# records saved before jxc_app was installed get their initials now
	for doctype in PINYIN_SOURCE_FIELDS:
		backfill_pinyin_initials(doctype)


def sync_customizations():
	"""Idempotent: writes only what differs, so a second migrate changes nothing."""
	create_roles()
	compat.name_currency_fractions()  # v16 cannot put ¥12.50 in words otherwise
	create_custom_fields(CUSTOM_FIELDS, update=True)
	for doctype, fieldnames in SEARCH_FIELD_ADDITIONS.items():
		current = frappe.get_meta(doctype).search_fields or ""
		set_doctype_property(doctype, "search_fields", add_to_csv_list(current, fieldnames))
	for doctype, properties in DOCTYPE_PROPERTIES.items():
		for prop, value in properties.items():
			set_doctype_property(doctype, prop, value)
	add_field_permissions(FIELD_PERMISSIONS)
	for (doctype, fieldname), properties in FIELD_PROPERTIES.items():
		for prop, value in properties.items():
			set_field_property(doctype, fieldname, prop, value)
	add_table_indexes(TABLE_INDEXES)


def before_uninstall():
	# our print formats go with the app: no default may name them any more
	set_chinese_print_formats(False)
	for doctype, properties in DOCTYPE_PROPERTIES.items():
		for prop in properties:
			remove_doctype_property(doctype, prop)
	for doctype, fieldnames in SEARCH_FIELD_ADDITIONS.items():
		current = frappe.get_meta(doctype).search_fields or ""
		set_doctype_property(doctype, "search_fields", remove_from_csv_list(current, fieldnames))
	delete_custom_fields(CUSTOM_FIELDS)
	remove_field_permissions(FIELD_PERMISSIONS)
	for (doctype, fieldname), properties in FIELD_PROPERTIES.items():
		for prop, value in properties.items():
			remove_field_property(doctype, fieldname, prop, value)
	drop_table_indexes(TABLE_INDEXES)


def add_table_indexes(indexes: dict):
	"""Each index once (``add_index`` leaves one that exists alone: a second migrate changes nothing).
	MariaDB builds an index on InnoDB in place, the table open to writes meanwhile."""
	for doctype, named in indexes.items():
		for name, columns in named.items():
			frappe.db.add_index(doctype, columns, name)


def drop_table_indexes(indexes: dict):
	for doctype, named in indexes.items():
		for name in named:
			drop_index(doctype, name)


def drop_index(doctype: str, name: str):
	"""Drop the index ``name`` of ``doctype``'s table if it has one (no DDL, and so no implicit commit,
	when it does not)."""
	if frappe.db.has_index(f"tab{doctype}", name):
		frappe.db.sql_ddl(f"ALTER TABLE `tab{doctype}` DROP INDEX `{name}`")


def create_default_approval_rules():
	"""Once per site: a rule deleted or changed by an administrator stays so."""
	for rule in DEFAULT_APPROVAL_RULES:
		if not frappe.db.exists("Approval Rule", rule["rule_name"]):
			# company "" (not None) so the installing user's default company is not filled in
			frappe.get_doc({"doctype": "Approval Rule", "company": "", **rule}).insert(
				ignore_permissions=True
			)


def create_default_return_reasons():
	"""Once per site (after install, and a patch): the 退货原因 users pick from; a reason an
	administrator deleted or disabled stays so."""
	if not frappe.db.table_exists("Return Reason"):
		return
	for reason in DEFAULT_RETURN_REASONS:
		if not frappe.db.exists("Return Reason", reason):
			frappe.get_doc({"doctype": "Return Reason", "reason_name": reason, "enabled": 1}).insert(
				ignore_permissions=True
			)


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role["role_name"]):
			frappe.get_doc({"doctype": "Role", **role}).insert(ignore_permissions=True)


def delete_custom_fields(custom_fields: dict):
	for doctype, fields in custom_fields.items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		frappe.clear_cache(doctype=doctype)


def remove_doctype_property(doctype: str, prop: str):
	for name in frappe.get_all(
		"Property Setter",
		filters={"doc_type": doctype, "doctype_or_field": "DocType", "property": prop},
		pluck="name",
	):
		frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
	frappe.clear_cache(doctype=doctype)


def set_doctype_property(doctype: str, prop: str, value: str):
	"""Keep a DocType-level property setter at ``value``; drop it when ``value`` is the standard one."""
	standard = frappe.db.get_value("DocType", doctype, prop) or ""
	name = frappe.db.get_value(
		"Property Setter", {"doc_type": doctype, "doctype_or_field": "DocType", "property": prop}
	)
	if value == standard:
		if name:
			frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
	elif not name:
		frappe.make_property_setter(
			{"doctype": doctype, "doctype_or_field": "DocType", "property": prop, "value": value},
			is_system_generated=False,
		)
	elif frappe.db.get_value("Property Setter", name, "value") != value:
		frappe.db.set_value("Property Setter", name, "value", value)
	else:
		return
	frappe.clear_cache(doctype=doctype)


PERMISSION_FLAGS = (
	"if_owner",
	"select",
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"report",
	"export",
	"import",
	"share",
	"print",
	"email",
)


def add_field_permissions(permissions: dict):
	"""Read access at a permission level (Custom DocPerm). The first one makes Frappe copy the
	DocType's standard permissions into Custom DocPerm, as the Role Permission Manager does."""
	for doctype, rows in permissions.items():
		for role, permlevel in rows:
			if not frappe.db.exists(
				"Custom DocPerm", {"parent": doctype, "role": role, "permlevel": permlevel}
			):
				add_permission(doctype, role, permlevel)
				frappe.clear_cache(doctype=doctype)


def remove_field_permissions(permissions: dict):
	"""Take away our rows; when what is left is a plain copy of the standard permissions, the copy
	goes too (the DocType is back on its standard permissions)."""
	for doctype, rows in permissions.items():
		for role, permlevel in rows:
			for name in frappe.get_all(
				"Custom DocPerm",
				filters={"parent": doctype, "role": role, "permlevel": permlevel},
				pluck="name",
			):
				frappe.delete_doc("Custom DocPerm", name, ignore_permissions=True, force=True)
		custom = _permission_rows("Custom DocPerm", doctype)
		if custom and custom == _permission_rows("DocPerm", doctype):
			frappe.db.delete("Custom DocPerm", {"parent": doctype})
		frappe.clear_cache(doctype=doctype)


def _permission_rows(doctype: str, parent: str) -> list[tuple]:
	fields = ["role", "permlevel", *PERMISSION_FLAGS]
	rows = frappe.get_all(doctype, filters={"parent": parent}, fields=fields)
	return sorted(tuple(row.get(field) or 0 for field in fields) for row in rows)


def set_field_property(doctype: str, fieldname: str, prop: str, value: str):
	"""Keep a field's property setter at ``value`` (written only when it differs)."""
	filters = {"doc_type": doctype, "doctype_or_field": "DocField", "field_name": fieldname, "property": prop}
	name = frappe.db.get_value("Property Setter", filters)
	if not name:
		frappe.make_property_setter(
			{
				"doctype": doctype,
				"doctype_or_field": "DocField",
				"fieldname": fieldname,
				"property": prop,
				"value": value,
			},
			is_system_generated=False,
		)
	elif frappe.db.get_value("Property Setter", name, "value") != value:
		frappe.db.set_value("Property Setter", name, "value", value)
	else:
		return
	frappe.clear_cache(doctype=doctype)


def remove_field_property(doctype: str, fieldname: str, prop: str, value: str):
	"""Drop our property setter (one an administrator changed to another value stays)."""
	filters = {"doc_type": doctype, "doctype_or_field": "DocField", "field_name": fieldname, "property": prop}
	for name in frappe.get_all("Property Setter", filters={**filters, "value": value}, pluck="name"):
		frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
	frappe.clear_cache(doctype=doctype)
