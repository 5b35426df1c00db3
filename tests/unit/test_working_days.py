from datetime import date

from jxc_app.rules.working_days import add_working_days, is_working_day, working_days_between


def test_national_day_holiday_and_adjusted_workdays():
	# 2025 国庆+中秋: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are 调休 workdays
	assert not is_working_day("2025-10-03")
	assert is_working_day(date(2025, 9, 28))
	assert is_working_day(date(2025, 10, 11))


def test_add_working_days_across_national_day():
	# requested Tuesday 2025-09-30; 2 working days later skips the whole holiday
	assert add_working_days("2025-09-30", 1) == date(2025, 10, 9)
	assert add_working_days("2025-09-30", 2) == date(2025, 10, 10)
	assert add_working_days("2025-09-30", 3) == date(2025, 10, 11)  # a Saturday 调休 workday


def test_working_days_between():
	assert working_days_between("2025-09-30", "2025-10-08") == 0
	assert working_days_between("2025-09-30", "2025-10-09") == 1
	assert working_days_between("2025-10-09", "2025-09-30") == 0
	# an ordinary week: Monday to next Monday
	assert working_days_between("2025-11-03", "2025-11-10") == 5


def test_years_without_calendar_data_fall_back_to_weekdays():
	assert is_working_day(date(2099, 6, 1))  # a Monday
	assert not is_working_day(date(2099, 6, 6))  # a Saturday
	assert add_working_days(date(2099, 6, 5), 1) == date(2099, 6, 8)
