"""Which Approval Rule applies to a document (cached), what amount it looks at, and what it covers.

Routing is the pure ``jxc_app.rules.approval.pick_rule``; this module loads the enabled rules
(once, into Frappe's cache) and the document's values into it.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt

from jxc_app import compat
from jxc_app.jxc_approvals import scope
from jxc_app.jxc_approvals.constants import DEFAULT_AMOUNT_FIELDS, RULES_CACHE_KEY, RULES_CACHE_SECONDS
from jxc_app.rules import approval as approval_rules


def clear_rule_cache():
	frappe.cache.delete_value(RULES_CACHE_KEY)
	# the cache is shared: whatever this transaction cached must go if it rolls back, and
	# others must reload once it commits
	frappe.db.after_commit.add(_drop_rule_cache)
	frappe.db.after_rollback.add(_drop_rule_cache)


def _drop_rule_cache():
	frappe.cache.delete_value(RULES_CACHE_KEY)


def _load_rules() -> dict[str, list[dict]]:
	by_doctype: dict[str, list[dict]] = {}
	for name in frappe.get_all("Approval Rule", filters={"enabled": 1}, pluck="name", order_by="name"):
		rule = frappe.get_doc("Approval Rule", name)
		by_doctype.setdefault(rule.reference_doctype, []).append(rule.as_dict())
	return by_doctype


def all_rules() -> dict[str, list[dict]]:
	"""The enabled rules by DocType, from Frappe's cache for at most ``RULES_CACHE_SECONDS``.

	A rule's save drops the cache when it commits, but a request whose transaction began before that
	commit still reads the old rules from its snapshot and may cache them again right after the drop;
	the expiry bounds how long such a stale copy can route documents."""
	rules = frappe.cache.get_value(RULES_CACHE_KEY)  # this request's copy, else Redis's
	if rules is None:
		rules = _load_rules()
		compat.cache_for(RULES_CACHE_KEY, rules, RULES_CACHE_SECONDS)
	return rules or {}


def covered_doctypes() -> list[str]:
	return sorted(all_rules())


def _as_rule(rule: dict) -> approval_rules.Rule:
	return approval_rules.Rule(
		name=rule["name"],
		priority=cint(rule.get("priority")),
		company=rule.get("company"),
		department=rule.get("department"),
		amount_field=rule.get("amount_field"),
		min_amount=flt(rule.get("min_amount")),
		max_amount=flt(rule.get("max_amount")),
		conditions=[
			approval_rules.Condition(c["fieldname"], c["operator"], c.get("value"))
			for c in rule.get("conditions", [])
		],
	)


def department_of(doc) -> str | None:
	"""The requester's department: the document's own field, else the owner's employee record."""
	if doc.get("department"):
		return doc.department
	return frappe.db.get_value("Employee", {"user_id": doc.owner, "status": "Active"}, "department")


def match_rule(doc) -> dict | None:
	candidates = all_rules().get(doc.doctype)
	if not candidates:
		return None
	picked = approval_rules.pick_rule(
		[_as_rule(rule) for rule in candidates],
		doc.as_dict(),
		company=doc.get("company"),
		department=department_of(doc),
	)
	return next(rule for rule in candidates if rule["name"] == picked.name) if picked else None


def amount_of(doc, rule: dict) -> float:
	if rule.get("amount_field"):
		return flt(doc.get(rule["amount_field"]))
	return next((flt(doc.get(field)) for field in DEFAULT_AMOUNT_FIELDS if doc.get(field)), 0.0)


def signature_of(doc, rule: dict) -> str:
	"""What an approval of ``doc`` under ``rule`` covers, as one hash (see ``scope``)."""
	return scope.signature(doc, rule, amount_of(doc, rule), department_of(doc))


def validate_rule(rule_doc):
	"""An Approval Rule names a submittable DocType and fields it has (the rule's controller calls this)."""
	meta = frappe.get_meta(rule_doc.reference_doctype)
	if not meta.is_submittable:
		frappe.throw(
			_("{0} is not submittable: only submittable documents can be approved.").format(
				_(rule_doc.reference_doctype)
			),
			title=_("Invalid Approval Rule"),
		)
	if rule_doc.amount_field:
		field = meta.get_field(rule_doc.amount_field)
		if not field or field.fieldtype not in ("Currency", "Float", "Int"):
			frappe.throw(
				_("{0} is not a currency or number field of {1}.").format(
					rule_doc.amount_field, _(rule_doc.reference_doctype)
				),
				title=_("Invalid Approval Rule"),
			)
	if flt(rule_doc.max_amount) and flt(rule_doc.max_amount) <= flt(rule_doc.min_amount):
		frappe.throw(_("To Amount must be greater than From Amount."), title=_("Invalid Approval Rule"))
	for condition in rule_doc.conditions:
		if not meta.get_field(condition.fieldname) and condition.fieldname not in ("name", "owner"):
			frappe.throw(
				_("Row #{0}: {1} is not a field of {2}.").format(
					condition.idx, condition.fieldname, _(rule_doc.reference_doctype)
				),
				title=_("Invalid Approval Rule"),
			)
	for step in rule_doc.steps:
		if step.approver_type == "Document Field" and not meta.get_field(step.document_field or ""):
			frappe.throw(
				_("Row #{0}: {1} is not a field of {2}.").format(
					step.idx, step.document_field, _(rule_doc.reference_doctype)
				),
				title=_("Invalid Approval Rule"),
			)
