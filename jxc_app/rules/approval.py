"""Approval routing and chain rules (多级审批), free of frappe so they are tested in the pure tier.

The frappe side (jxc_app.jxc_approvals) loads rules and documents into these plain shapes,
asks which rule applies and who approves each step, and records what happened.
"""

import fnmatch
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jxc_app.rules.working_days import as_date

# Step modes
ALL_MUST_APPROVE = "All Must Approve"  # 会签
ANY_ONE_APPROVES = "Any One Approves"  # 或签
MODES = (ALL_MUST_APPROVE, ANY_ONE_APPROVES)

OPERATORS = ("=", "!=", ">", ">=", "<", "<=", "in", "not in", "like", "not like", "is set", "is not set")

# Outcomes of a step or a chain
PENDING, APPROVED, REJECTED = "Pending", "Approved", "Rejected"


class NoApproverError(ValueError):
	"""A step resolved to nobody (after removing the requester) and has nowhere to escalate."""

	def __init__(self, step_name: str):
		super().__init__(step_name)
		self.step_name = step_name


@dataclass(frozen=True)
class Condition:
	fieldname: str
	operator: str
	value: str | None = None


@dataclass
class Rule:
	name: str
	priority: int = 0
	company: str | None = None
	department: str | None = None
	amount_field: str | None = None
	min_amount: float = 0
	max_amount: float = 0  # 0: no upper bound
	conditions: Sequence[Condition] = ()


@dataclass
class Step:
	step_name: str
	approver_type: str
	mode: str = ANY_ONE_APPROVES
	skip_below_amount: float = 0
	escalate_to: Sequence[str] = ()
	options: Mapping = field(default_factory=dict)  # role / user / fieldname … for the resolver


@dataclass
class ResolvedStep:
	step_no: int
	step_name: str
	mode: str
	approvers: list[str]
	skipped: bool = False
	escalated: bool = False  # the requester was the only approver: the step went to escalate_to


def _number(value) -> Decimal | None:
	if value is None or value == "" or isinstance(value, bool):
		return None
	try:
		return Decimal(str(value).strip())
	except (InvalidOperation, ValueError):
		return None


def _split_list(value) -> list[str]:
	return [part.strip() for part in str(value or "").replace("\n", ",").split(",") if part.strip()]


def condition_matches(actual, operator: str, expected) -> bool:
	"""Compare a document value with a rule's value; numbers compare as numbers."""
	if operator not in OPERATORS:
		raise ValueError(f"unknown operator {operator!r}")
	if operator == "is set":
		return actual not in (None, "", 0)
	if operator == "is not set":
		return actual in (None, "", 0)
	if operator in ("in", "not in"):
		members = _split_list(expected)
		number = _number(actual)
		inside = str(actual) in members or (
			number is not None and any(_number(member) == number for member in members)
		)
		return inside if operator == "in" else not inside
	if operator in ("like", "not like"):
		pattern = str(expected or "").replace("%", "*").replace("_", "?").lower()
		if "*" not in pattern and "?" not in pattern:
			pattern = f"*{pattern}*"
		found = fnmatch.fnmatchcase(str(actual or "").lower(), pattern)
		return found if operator == "like" else not found

	left, right = _number(actual), _number(expected)
	if left is None or right is None:
		left, right = str(actual if actual is not None else ""), str(expected if expected is not None else "")
	return {
		"=": left == right,
		"!=": left != right,
		">": left > right,
		">=": left >= right,
		"<": left < right,
		"<=": left <= right,
	}[operator]


def amount_in_band(amount, min_amount, max_amount) -> bool:
	"""Half-open band [min, max): adjacent bands such as 0–10 000 and 10 000–50 000 never overlap."""
	value = _number(amount) or Decimal(0)
	low, high = _number(min_amount) or Decimal(0), _number(max_amount) or Decimal(0)
	return value >= low and (high == 0 or value < high)


def rule_matches(rule: Rule, doc: Mapping, *, company=None, department=None) -> bool:
	if rule.company and rule.company != company:
		return False
	if rule.department and rule.department != department:
		return False
	if rule.amount_field and not amount_in_band(doc.get(rule.amount_field), rule.min_amount, rule.max_amount):
		return False
	return all(condition_matches(doc.get(c.fieldname), c.operator, c.value) for c in rule.conditions)


def specificity(rule: Rule) -> int:
	return bool(rule.company) + bool(rule.department) + len(rule.conditions) + bool(rule.amount_field)


def pick_rule(rules: Iterable[Rule], doc: Mapping, *, company=None, department=None) -> Rule | None:
	"""The matching rule with the highest priority; ties go to the more specific rule, then by name."""
	matching = [rule for rule in rules if rule_matches(rule, doc, company=company, department=department)]
	if not matching:
		return None
	return sorted(matching, key=lambda rule: (-rule.priority, -specificity(rule), rule.name))[0]


def _unique(users: Iterable[str]) -> list[str]:
	seen: dict[str, None] = {}
	for user in users:
		if user and user not in seen:
			seen[user] = None
	return list(seen)


def resolve_chain(
	steps: Sequence[Step],
	*,
	requester: str,
	amount=0,
	approvers_for: Callable[[Step], Iterable[str]],
) -> list[ResolvedStep]:
	"""Fix each step's approvers now. The requester never approves their own request: they are
	removed from every step, and a step left with nobody goes to its escalation users."""
	resolved = []
	value = _number(amount) or Decimal(0)
	for number, step in enumerate(steps, start=1):
		if step.mode not in MODES:
			raise ValueError(f"unknown step mode {step.mode!r}")
		threshold = _number(step.skip_below_amount) or Decimal(0)
		if threshold and value < threshold:
			resolved.append(ResolvedStep(number, step.step_name, step.mode, [], skipped=True))
			continue
		approvers = [user for user in _unique(approvers_for(step)) if user != requester]
		escalated = False
		if not approvers:
			approvers = [user for user in _unique(step.escalate_to) if user != requester]
			escalated = True
		if not approvers:
			raise NoApproverError(step.step_name)
		resolved.append(ResolvedStep(number, step.step_name, step.mode, approvers, escalated=escalated))
	return resolved


def step_outcome(mode: str, decisions: Mapping[str, str | None]) -> str:
	"""Outcome of one step from each approver's decision (None while undecided).

	会签 needs every approver; a single rejection rejects. 或签: the first decision decides."""
	made = [decision for decision in decisions.values() if decision]
	if REJECTED in made:
		return REJECTED
	if mode == ANY_ONE_APPROVES:
		return APPROVED if APPROVED in made else PENDING
	return APPROVED if decisions and len(made) == len(decisions) else PENDING


def next_step(chain: Sequence[ResolvedStep], after: int = 0) -> int | None:
	"""The first step after step number ``after`` that is not skipped; None when the chain is done."""
	for step in chain:
		if step.step_no > after and not step.skipped:
			return step.step_no
	return None


def delegation_covers(delegation: Mapping, on_day, doctype: str | None = None) -> bool:
	"""The delegation is in force on ``on_day`` and covers ``doctype`` (None: whatever the doctype).
	A delegation is a mapping with ``delegator``, ``delegate``, ``from_date``, ``to_date`` and
	``doctypes`` (empty: all)."""
	day = as_date(on_day)
	if not as_date(delegation["from_date"]) <= day <= as_date(delegation["to_date"]):
		return False
	return doctype is None or not delegation.get("doctypes") or doctype in delegation["doctypes"]


def delegate_of(user: str, on_day, doctype: str, delegations: Iterable[Mapping]) -> str | None:
	"""Who acts for ``user`` on ``on_day`` (代理审批): the delegate of their first delegation that covers
	``doctype``."""
	for delegation in delegations:
		if delegation["delegator"] == user and delegation_covers(delegation, on_day, doctype):
			return delegation["delegate"]
	return None


def delegators_of(
	delegate: str, on_day, delegations: Iterable[Mapping], doctype: str | None = None
) -> list[str]:
	"""Everyone with a delegation to ``delegate`` in force on ``on_day`` that covers ``doctype``
	(None: any doctype), once each."""
	return _unique(
		delegation["delegator"]
		for delegation in delegations
		if delegation["delegate"] == delegate and delegation_covers(delegation, on_day, doctype)
	)


def canonical(value) -> str:
	"""One spelling per value: numbers without trailing zeros, nothing (None, "", 0, False) as ""."""
	if value is None or value == "" or value is False:
		return ""
	if value is True:
		return "1"
	if isinstance(value, int | float | Decimal):
		number = Decimal(str(value))
		return "" if number == 0 else format(number.normalize(), "f")
	return str(value)


def document_signature(
	amount,
	header: Mapping | None = None,
	tables: Mapping[str, Iterable[Mapping]] | None = None,
	chain: Iterable = (),
) -> str:
	"""What an approval was given for (审批范围), as one hash.

	``header`` maps the covered header fields to their values, ``tables`` each covered child table
	to its rows (each a mapping of its covered fields), ``chain`` the rule and its steps as they apply to the document (each a sequence of values).
	A change to any of them (an edited draft, an amendment, Update Items, another rule) no longer
	matches the approved signature. Row order, number spelling and empty-vs-zero do not count."""

	def row(values: Mapping) -> list:
		return sorted((str(key), canonical(value)) for key, value in values.items())

	payload = {
		"amount": canonical(amount),
		"header": row(header or {}),
		"tables": sorted(
			(str(table), sorted(json.dumps(row(r), ensure_ascii=False) for r in rows))
			for table, rows in (tables or {}).items()
		),
		"chain": [[canonical(part) for part in link] for link in chain],
	}
	return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]
