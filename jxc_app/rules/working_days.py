"""Working days on the Chinese calendar, 调休 included (chinese-calendar package).

Years the package has no data for yet fall back to Monday–Friday, so a deadline is
never left uncomputed at the turn of a year.
"""

from datetime import date, datetime, timedelta

import chinese_calendar


def as_date(value: date | datetime | str) -> date:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	return date.fromisoformat(str(value)[:10])


def is_working_day(day: date | datetime | str) -> bool:
	day = as_date(day)
	try:
		return chinese_calendar.is_workday(day)
	except NotImplementedError:
		return day.weekday() < 5


def working_days_between(start: date | datetime | str, end: date | datetime | str) -> int:
	"""Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
	start, end = as_date(start), as_date(end)
	count, day = 0, start
	while day < end:
		day += timedelta(days=1)
		count += is_working_day(day)
	return count


def add_working_days(start: date | datetime | str, days: int) -> date:
	"""The day on which ``days`` working days have passed since ``start``."""
	day = as_date(start)
	remaining = days
	while remaining > 0:
		day += timedelta(days=1)
		remaining -= is_working_day(day)
	return day
