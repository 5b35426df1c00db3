from datetime import date

from jxc_app.rules.quotation import (
	default_valid_till,
	expiring_cutoff,
	expiry_state,
	is_expired,
	reminder_date,
)


def test_default_valid_till_adds_the_settings_days():
	assert default_valid_till("2026-11-30", 30) == date(2026, 12, 30)
	assert default_valid_till(date(2026, 2, 20), 10) == date(2026, 3, 2)
	assert default_valid_till("2026-11-30", 0) is None
	assert default_valid_till("2026-11-30", None) is None


def test_a_quotation_is_valid_on_its_valid_till_and_expired_the_day_after():
	assert not is_expired("2026-11-30", "2026-11-30")
	assert is_expired("2026-11-30", "2026-12-01")
	assert not is_expired(None, "2026-12-01")


def test_expiry_state_within_the_window_or_past_it():
	assert expiring_cutoff("2026-11-30", 3) == date(2026, 12, 3)
	assert expiry_state("2026-11-29", "2026-11-30", 3) == "Expired"
	assert expiry_state("2026-11-30", "2026-11-30", 3) == "Expiring"
	assert expiry_state("2026-12-03", "2026-11-30", 3) == "Expiring"
	assert expiry_state("2026-12-04", "2026-11-30", 3) is None
	assert expiry_state(None, "2026-11-30", 3) is None
	assert expiry_state("2026-11-30", "2026-11-30", None) == "Expiring"


def test_reminder_moves_off_holidays_and_weekends_to_the_next_working_day():
	# 2025 国庆+中秋: 10-01..10-08 off; Saturday 10-11 is a 调休 workday
	assert reminder_date("2025-10-03") == date(2025, 10, 9)
	assert reminder_date("2025-10-09") == date(2025, 10, 9)
	assert reminder_date("2025-10-11") == date(2025, 10, 11)
	# an ordinary weekend
	assert reminder_date("2025-11-08") == date(2025, 11, 10)
