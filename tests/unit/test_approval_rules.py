import pytest

from jxc_app.rules.approval import (
	ALL_MUST_APPROVE,
	ANY_ONE_APPROVES,
	APPROVED,
	PENDING,
	REJECTED,
	Condition,
	NoApproverError,
	Rule,
	Step,
	amount_in_band,
	condition_matches,
	delegate_of,
	delegation_covers,
	delegators_of,
	next_step,
	pick_rule,
	resolve_chain,
	step_outcome,
)


@pytest.mark.parametrize(
	("actual", "operator", "expected", "result"),
	[
		(100, ">", "99.5", True),
		("100", "=", "100.00", True),  # numbers compare as numbers
		("办公用品", "=", "办公用品", True),
		("饮料", "!=", "饮料", False),
		("华东", "in", "华东, 华南", True),
		("华北", "not in", "华东\n华南", True),
		(3, "in", "1,2,3", True),
		("上海联华超市", "like", "%超市%", True),
		("上海联华超市", "like", "联华", True),
		("上海联华超市", "not like", "便利%", True),
		("", "is set", None, False),
		(None, "is not set", None, True),
		("b", ">", "a", True),  # text falls back to text comparison
	],
)
def test_condition_matches(actual, operator, expected, result):
	assert condition_matches(actual, operator, expected) is result


def test_unknown_operator_is_refused():
	with pytest.raises(ValueError):
		condition_matches(1, "~", 1)


def test_amount_bands_are_half_open():
	assert amount_in_band(0, 0, 10000)
	assert amount_in_band(9999.99, 0, 10000)
	assert not amount_in_band(10000, 0, 10000)
	assert amount_in_band(10000, 10000, 50000)
	assert amount_in_band(10**9, 50000, 0)  # 0 upper bound: no ceiling
	assert amount_in_band(None, 0, 0)


BANDS = [
	Rule("small", amount_field="base_grand_total", min_amount=0, max_amount=10000),
	Rule("medium", amount_field="base_grand_total", min_amount=10000, max_amount=50000),
	Rule("large", amount_field="base_grand_total", min_amount=50000),
]


@pytest.mark.parametrize(
	("amount", "rule"), [(500, "small"), (10000, "medium"), (49999, "medium"), (80000, "large")]
)
def test_amount_band_routing(amount, rule):
	assert pick_rule(BANDS, {"base_grand_total": amount}).name == rule


def test_company_department_and_conditions_filter_rules():
	rules = [
		Rule("other company", company="B"),
		Rule("purchasing dept", company="A", department="采购部 - 示例"),
		Rule("office supplies", company="A", conditions=[Condition("item_group", "=", "办公用品")]),
	]
	doc = {"item_group": "办公用品"}
	assert pick_rule(rules, doc, company="A", department="销售部 - 示例").name == "office supplies"
	assert pick_rule(rules, doc, company="A", department="采购部 - 示例").name in {
		"purchasing dept",
		"office supplies",
	}
	assert pick_rule(rules, {"item_group": "饮料"}, company="C") is None


def test_priority_then_specificity_then_name():
	rules = [Rule("b general"), Rule("a general"), Rule("specific", company="A")]
	assert pick_rule(rules, {}, company="A").name == "specific"
	assert pick_rule(rules, {}, company="Z").name == "a general"
	rules.append(Rule("urgent", priority=5))
	assert pick_rule(rules, {}, company="A").name == "urgent"


def _resolver(table):
	return lambda step: table[step.step_name]


def test_chain_resolution_skips_cheap_steps_and_drops_the_requester():
	steps = [
		Step("部门负责人", "Department Head"),
		Step("财务会签", "Role", mode=ALL_MUST_APPROVE),
		Step("总经理", "User", skip_below_amount=50000),
	]
	table = {"部门负责人": ["wang"], "财务会签": ["sun", "li", "sun", "requester"], "总经理": ["zhang"]}
	chain = resolve_chain(steps, requester="requester", amount=20000, approvers_for=_resolver(table))
	assert [step.approvers for step in chain] == [["wang"], ["sun", "li"], []]
	assert chain[2].skipped and not chain[0].skipped
	assert next_step(chain) == 1 and next_step(chain, 2) is None


def test_requester_as_only_approver_escalates():
	steps = [Step("部门负责人", "Department Head", escalate_to=["zhang"])]
	chain = resolve_chain(steps, requester="wang", approvers_for=_resolver({"部门负责人": ["wang"]}))
	assert chain[0].approvers == ["zhang"] and chain[0].escalated


def test_step_without_anybody_is_an_error():
	steps = [Step("部门负责人", "Department Head")]
	with pytest.raises(NoApproverError) as raised:
		resolve_chain(steps, requester="wang", approvers_for=_resolver({"部门负责人": ["wang"]}))
	assert raised.value.step_name == "部门负责人"


def test_unknown_mode_is_refused():
	with pytest.raises(ValueError):
		resolve_chain([Step("x", "User", mode="Some")], requester="r", approvers_for=lambda step: ["a"])


def test_countersign_needs_everyone_and_or_sign_needs_one():
	assert step_outcome(ALL_MUST_APPROVE, {"a": APPROVED, "b": None}) == PENDING
	assert step_outcome(ALL_MUST_APPROVE, {"a": APPROVED, "b": APPROVED}) == APPROVED
	assert step_outcome(ALL_MUST_APPROVE, {"a": APPROVED, "b": REJECTED}) == REJECTED
	assert step_outcome(ANY_ONE_APPROVES, {"a": None, "b": APPROVED}) == APPROVED
	assert step_outcome(ANY_ONE_APPROVES, {"a": None, "b": None}) == PENDING
	assert step_outcome(ANY_ONE_APPROVES, {"a": REJECTED, "b": None}) == REJECTED
	assert step_outcome(ALL_MUST_APPROVE, {}) == PENDING


DELEGATIONS = [
	{"delegator": "wang", "delegate": "li", "from_date": "2026-10-01", "to_date": "2026-10-08", "doctypes": []},
	{"delegator": "zhang", "delegate": "liu", "from_date": "2026-10-01", "to_date": "2026-10-31", "doctypes": ["Purchase Order"]},
]  # fmt: skip


def test_delegation_window_and_doctypes():
	assert delegate_of("wang", "2026-10-01", "Sales Order", DELEGATIONS) == "li"
	assert delegate_of("wang", "2026-10-08", "Sales Order", DELEGATIONS) == "li"
	assert delegate_of("wang", "2026-10-09", "Sales Order", DELEGATIONS) is None
	assert delegate_of("wang", "2026-09-30", "Sales Order", DELEGATIONS) is None
	assert delegate_of("zhang", "2026-10-15", "Purchase Order", DELEGATIONS) == "liu"
	assert delegate_of("zhang", "2026-10-15", "Sales Order", DELEGATIONS) is None
	assert delegate_of("sun", "2026-10-15", "Sales Order", DELEGATIONS) is None


def test_first_covering_delegation_decides_who_acts():
	overlapping = [
		{"delegator": "wang", "delegate": "li", "from_date": "2026-10-01", "to_date": "2026-10-31", "doctypes": ["Purchase Order"]},
		{"delegator": "wang", "delegate": "zhao", "from_date": "2026-10-01", "to_date": "2026-10-31", "doctypes": []},
	]  # fmt: skip
	assert delegate_of("wang", "2026-10-15", "Purchase Order", overlapping) == "li"
	assert delegate_of("wang", "2026-10-15", "Sales Order", overlapping) == "zhao"


def test_delegation_covers_its_window_and_doctypes():
	wang, zhang = DELEGATIONS
	assert delegation_covers(wang, "2026-10-08", "Sales Order")
	assert not delegation_covers(wang, "2026-10-09", "Sales Order")
	assert delegation_covers(zhang, "2026-10-15", "Purchase Order")
	assert not delegation_covers(zhang, "2026-10-15", "Sales Order")
	assert delegation_covers(zhang, "2026-10-15")  # any doctype
	assert not delegation_covers(zhang, "2026-11-01")


def test_delegators_of_a_delegate():
	both = [
		*DELEGATIONS,
		{**DELEGATIONS[1], "delegator": "sun", "delegate": "li", "doctypes": ["Sales Order"]},
	]
	assert delegators_of("li", "2026-10-05", both) == ["wang", "sun"]
	assert delegators_of("li", "2026-10-05", both, "Purchase Order") == ["wang"]
	assert delegators_of("li", "2026-10-20", both) == ["sun"]
	assert delegators_of("liu", "2026-10-20", both, "Sales Order") == []
	assert delegators_of("liu", "2026-10-20", both, "Purchase Order") == ["zhang"]
	# two delegations from one person to the same delegate: named once
	assert delegators_of("li", "2026-10-05", [DELEGATIONS[0], DELEGATIONS[0]]) == ["wang"]


def test_document_signature_covers_header_lines_and_chain():
	from jxc_app.rules.approval import document_signature

	header = {"supplier": "甲", "currency": "CNY", "conversion_rate": 1.0, "set_warehouse": None}
	lines = [
		{"item_code": "A", "qty": 2.0, "uom": "罐", "conversion_factor": 1.0, "rate": 10.0},
		{"item_code": "B", "qty": 1.0, "uom": "箱", "conversion_factor": 24.0, "rate": 5.5},
	]
	chain = [("rule", "R1"), (1, "Role", "Purchase Manager", None, None, "Any One Approves", 0.0, None)]
	base = document_signature(25.5, header, {"items": lines}, chain)
	# row order, number spelling and empty-vs-zero do not count
	assert document_signature(25.50, header, {"items": list(reversed(lines))}, chain) == base
	assert document_signature(25.5, {**header, "set_warehouse": ""}, {"items": lines}, chain) == base
	assert document_signature(25.5, header, {"items": [{**lines[0], "rate": 10}, lines[1]]}, chain) == base
	# everything else does
	changed = [
		document_signature(26, header, {"items": lines}, chain),
		document_signature(25.5, {**header, "supplier": "乙"}, {"items": lines}, chain),
		document_signature(25.5, header, {"items": [{**lines[0], "uom": "箱"}, lines[1]]}, chain),
		document_signature(
			25.5, header, {"items": [{**lines[0], "conversion_factor": 24.0}, lines[1]]}, chain
		),
		document_signature(25.5, header, {"items": [{**lines[0], "qty": 3.0}, lines[1]]}, chain),
		document_signature(25.5, header, {"items": lines[:1]}, chain),
		document_signature(25.5, header, {"items": lines, "taxes": [{"rate": 13.0}]}, chain),
		document_signature(25.5, header, {"items": lines}, [("rule", "R2"), *chain[1:]]),
		document_signature(25.5, header, {"items": lines}, [chain[0], (1, "Role", "General Manager")]),
	]
	assert base not in changed and len(set(changed)) == len(changed)


def test_canonical_spelling():
	from decimal import Decimal

	from jxc_app.rules.approval import canonical

	assert canonical(None) == canonical("") == canonical(0) == canonical(0.0) == canonical(False) == ""
	assert canonical(2) == canonical(2.0) == canonical(Decimal("2.000")) == "2"
	assert canonical(True) == "1"
	# strings keep their spelling: item codes "001" and "1" are different items
	assert canonical("001") != canonical("1")
