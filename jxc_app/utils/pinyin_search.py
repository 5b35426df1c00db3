"""Keeps the ``jxc_pinyin_abbr`` custom field of Item / Customer / Supplier filled."""

import frappe
from frappe import _

from jxc_app.rules.pinyin import pinyin_initials
from jxc_app.setup.customizations import PINYIN_FIELD, PINYIN_SOURCE_FIELDS

BACKFILL_BATCH_SIZE = 2000


class PinyinSearchDisabledError(frappe.ValidationError):
	pass


def pinyin_search_enabled() -> bool:
	return bool(frappe.db.get_single_value("JXC Settings", "enable_pinyin_search"))


def set_pinyin_initials(doc):
	if not doc.meta.has_field(PINYIN_FIELD) or not pinyin_search_enabled():
		return
	doc.set(PINYIN_FIELD, pinyin_initials(doc.get(PINYIN_SOURCE_FIELDS[doc.doctype])))


def backfill_pinyin_initials(doctype: str) -> int:
	"""Fill initials on existing records (saved before install); returns how many changed."""
	source_field = PINYIN_SOURCE_FIELDS[doctype]
	table = frappe.qb.DocType(doctype)
	changed = 0
	last_name = ""
	while True:
		rows = (
			frappe.qb.from_(table)
			.select(table.name, table[source_field], table[PINYIN_FIELD])
			.where(table.name > last_name)
			.orderby(table.name)
			.limit(BACKFILL_BATCH_SIZE)
		).run()
		if not rows:
			return changed
		for name, source, current in rows:
			initials = pinyin_initials(source)
			if initials != (current or ""):
				# no modified bump: this is derived data, not a user edit
				frappe.db.set_value(doctype, name, PINYIN_FIELD, initials, update_modified=False)
				changed += 1
		last_name = rows[-1][0]


@frappe.whitelist(methods=["POST"])
def refill_pinyin_initials() -> dict[str, int]:
	"""Desk button on JXC Settings: recompute initials for every item, customer and supplier."""
	# whoever may change the settings may refill
	frappe.has_permission("JXC Settings", "write", throw=True)
	if not pinyin_search_enabled():
		frappe.throw(
			_("Enable Pinyin Initials Search first."),
			title=_("Pinyin Search Disabled"),
			exc=PinyinSearchDisabledError,
		)
	return {doctype: backfill_pinyin_initials(doctype) for doctype in PINYIN_SOURCE_FIELDS}
