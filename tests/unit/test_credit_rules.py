from datetime import date

from jxc_app.rules.credit import (
	OK,
	OVER_LIMIT,
	OVERDUE,
	available,
	credit_status,
	exceeds_limit,
	needs_approval,
	overdue_summary,
)


def test_available_is_what_is_left_of_the_limit():
	assert available(10000, 2500.5) == 7499.5
	assert available(10000, 12000) == -2000
	assert available(0, 500) == 0  # no limit set
	assert available(None, None) == 0


def test_exceeds_the_limit_only_when_used_plus_the_order_is_more_than_it():
	assert not exceeds_limit(10000, 6000, 4000)  # exactly at the limit: ERPNext lets it pass
	assert exceeds_limit(10000, 6000, 4000.01)
	assert not exceeds_limit(0, 10**9, 10**9)  # no limit
	# float noise does not flip the decision
	assert not exceeds_limit(0.3, 0.1, 0.2)


def test_overdue_summary_counts_unpaid_invoices_past_their_due_date():
	invoices = [
		("2026-11-20", 300),  # 10 days late
		(date(2026, 10, 1), 200.5),  # 60 days late
		("2026-11-30", 1000),  # due today: not overdue
		("2026-12-10", 1000),  # not yet due
		("2026-09-01", 0),  # paid
		("2026-09-01", -50),  # a return's credit
		(None, 100),  # no due date
	]
	assert overdue_summary(invoices, "2026-11-30") == (500.5, 60)
	assert overdue_summary([], date(2026, 11, 30)) == (0.0, 0)


def test_status_over_limit_then_overdue_beyond_the_allowed_days():
	assert credit_status(10000, 6000, 5000, 0, 30) == OVER_LIMIT
	assert credit_status(10000, 6000, 4000, 31, 30) == OVERDUE
	assert credit_status(10000, 6000, 4000, 30, 30) == OK  # overdue, but not by more than 30 days
	assert credit_status(10000, 6000, 5000, 31, 30) == OVER_LIMIT  # both: over the limit first
	assert credit_status(0, 10**6, 10**6, 0, 30) == OK  # no limit, nothing overdue
	assert credit_status(0, 0, 100, 1, 0) == OVERDUE  # 0 days allowed: any overdue invoice


def test_only_over_limit_and_overdue_need_approval():
	assert needs_approval(OVER_LIMIT) and needs_approval(OVERDUE)
	assert not needs_approval(OK) and not needs_approval(None) and not needs_approval("")
