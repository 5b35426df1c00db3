"""Keeps the ``jxc_pinyin_abbr`` custom field of Item / Customer / Supplier filled."""

import frappe
from frappe import _

from jxc_app import compat
from jxc_app.rules.pinyin import pinyin_initials
from jxc_app.setup.customizations import PINYIN_FIELD, PINYIN_SOURCE_FIELDS

BACKFILL_BATCH_SIZE = 2000
REFILL_JOB = "jxc_pinyin_refill"


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
def refill_pinyin_initials() -> str:
	"""Desk button on JXC Settings: queue the refill of every item's, customer's and supplier's
	initials in the long queue; returns its job id (the same one while it is queued or running)."""
	# whoever may change the settings may refill
	frappe.has_permission("JXC Settings", "write", throw=True)
	if not pinyin_search_enabled():
		frappe.throw(
			_("Enable Pinyin Initials Search first."),
			title=_("Pinyin Search Disabled"),
			exc=PinyinSearchDisabledError,
		)
	frappe.enqueue(
		"jxc_app.utils.pinyin_search.refill_job",
		queue="long",
		timeout=3600,
		job_id=REFILL_JOB,
		deduplicate=True,
	)
	return REFILL_JOB


def refill_job() -> dict[str, int]:
	"""The queued refill, its progress shown to whoever queued it; returns how many changed."""
	title = _("Refilling Pinyin Initials...")
	changed = {}
	for number, doctype in enumerate(PINYIN_SOURCE_FIELDS):
		frappe.publish_progress(number * 100 / len(PINYIN_SOURCE_FIELDS), title=title, description=_(doctype))
		changed[doctype] = backfill_pinyin_initials(doctype)
		if not compat.in_test():
			frappe.db.commit()  # a job: each kind of record done is kept
	frappe.publish_progress(
		100, title=title, description=_("{0} records updated").format(sum(changed.values()))
	)
	return changed
