"""Closing a submitted document for a reason: nothing more will follow from it (a transfer order
nothing more is dispatched from, a requisition nothing more is ordered from)."""

import frappe
from frappe import _


def close_with_reason(
	doc,
	reason: str | None,
	*,
	closable: bool,
	refusal: str,
	reason_error: type[frappe.ValidationError],
	state_error: type[frappe.ValidationError],
	closed: str = "Closed",
) -> str:
	"""Set ``doc`` (locked and permission-checked by the caller) to ``closed`` with ``reason``, and say
	so in its timeline. Refused without a reason (``reason_error``), or when not ``closable``
	(``state_error`` with the message ``refusal``). Returns the new status."""
	if not (reason or "").strip():
		frappe.throw(_("Please give a reason for closing."), title=_("Reason Required"), exc=reason_error)
	if not closable:
		frappe.throw(refusal, title=_("Cannot Close"), exc=state_error)
	doc.db_set({"status": closed, "close_reason": reason})
	doc.add_comment("Info", _("Closed: {0}").format(reason))
	return closed
