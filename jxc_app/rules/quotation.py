"""Quotation validity and follow-up dates (销售报价: 有效期, 跟进提醒). Pure: no frappe."""

from datetime import date, datetime, timedelta

from jxc_app.rules.working_days import as_date, is_working_day

# how far a reminder date is moved at most looking for a working day (the longest Chinese holiday
# with its weekends is well under this)
MAX_HOLIDAY_DAYS = 31


def default_valid_till(transaction_date: date | datetime | str, validity_days: int | None) -> date | None:
	"""Valid Till of a quotation without one: its date + the settings' days (none when 0 or unset)."""
	if not validity_days or validity_days < 0:
		return None
	return as_date(transaction_date) + timedelta(days=int(validity_days))


def is_expired(valid_till: date | datetime | str | None, on_date: date | datetime | str) -> bool:
	"""A quotation is expired on a day after its Valid Till (valid on the day itself)."""
	return bool(valid_till) and as_date(valid_till) < as_date(on_date)


def expiring_cutoff(today: date | datetime | str, expiring_days: int | None) -> date:
	"""The last Valid Till that counts as expiring soon: today + the settings' days."""
	return as_date(today) + timedelta(days=max(int(expiring_days or 0), 0))


def expiry_state(
	valid_till: date | datetime | str | None, today: date | datetime | str, expiring_days: int | None
) -> str | None:
	""" "Expired", "Expiring" (valid till within the window) or None (no date, or far off)."""
	if not valid_till:
		return None
	if is_expired(valid_till, today):
		return "Expired"
	if as_date(valid_till) <= expiring_cutoff(today, expiring_days):
		return "Expiring"
	return None


def reminder_date(day: date | datetime | str) -> date:
	"""The day itself when it is a working day, else the next working day (holidays, 调休 included)."""
	day = as_date(day)
	for _ in range(MAX_HOLIDAY_DAYS):
		if is_working_day(day):
			return day
		day += timedelta(days=1)
	return day
