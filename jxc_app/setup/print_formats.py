"""Our zh print formats as the default print formats of ERPNext's trade documents.

As Frappe's own "Set as Default" on a Print Format (and Customize Form) does, the default is a DocType-level
Property Setter ``default_print_format``: the desk's print view, e-mail and bulk print read it from the
meta, and ``frappe.get_print`` without a format uses it. JXC Settings › Use Chinese Print Formats turns
it on and off for the whole site. A default an administrator chose for one of these doctypes (any other
format) is left alone either way, and only ours is removed when the setting is turned off or the app is
uninstalled. A default ERPNext set itself (v16 makes "… with Item Image" the default through system-generated
Property Setters) is replaced, remembered, and put back when ours is removed.
"""

import frappe

# ERPNext doctype → our Print Format (jxc_selling/print_format, jxc_purchasing/print_format)
CHINESE_PRINT_FORMATS = {
	"Quotation": "报价单",
	"Sales Order": "销售订单",
	"Delivery Note": "送货单",
	"Sales Invoice": "销售发票",
	"Purchase Order": "采购订单",
	"Purchase Receipt": "采购入库单",
}

PROPERTY = "default_print_format"
# the system-generated default ours replaced, per doctype (a site default), put back when ours goes
REPLACED_DEFAULT = "jxc_replaced_print_format::{0}"


def _property_setter(doctype: str) -> tuple[str | None, str | None, bool]:
	found = frappe.db.get_value(
		"Property Setter",
		{"doc_type": doctype, "doctype_or_field": "DocType", "property": PROPERTY},
		["name", "value", "is_system_generated"],
	)
	return (found[0], found[1], bool(found[2])) if found else (None, None, False)


def _set_default(doctype: str, print_format: str, system_generated: bool):
	frappe.make_property_setter(
		{
			"doctype": doctype,
			"doctype_or_field": "DocType",
			"property": PROPERTY,
			"value": print_format,
			"property_type": "Data",
		},
		is_system_generated=system_generated,
	)


def set_chinese_print_formats(enabled: bool) -> list[str]:
	"""Make (or stop making) our zh formats the defaults; answers the doctypes changed."""
	changed = []
	for doctype, print_format in CHINESE_PRINT_FORMATS.items():
		name, value, system_generated = _property_setter(doctype)
		remembered = REPLACED_DEFAULT.format(doctype)
		if enabled:
			if value == print_format or not frappe.db.exists("Print Format", print_format):
				continue
			standard = frappe.db.get_value("DocType", doctype, PROPERTY)
			if value and value not in ("Standard", standard) and not system_generated:
				continue  # an administrator's own choice
			if value and system_generated:
				frappe.db.set_default(remembered, value)
			_set_default(doctype, print_format, system_generated=False)
		elif name and value == print_format:
			frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
			previous = frappe.db.get_default(remembered)
			if previous and frappe.db.exists("Print Format", previous):
				_set_default(doctype, previous, system_generated=True)
			frappe.db.set_default(remembered, None)
		else:
			continue
		frappe.clear_cache(doctype=doctype)
		changed.append(doctype)
	return changed
