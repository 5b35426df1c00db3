from datetime import date

from jxc_app.rules.order_tracking import by_supplier, track_line

TODAY = date(2026, 11, 22)


def test_track_line():
	assert track_line(10, 4, date(2026, 11, 12), TODAY) == {
		"pending_qty": 6,
		"days_late": 10,
		"overdue": True,
	}
	assert track_line(10, 10, date(2026, 11, 12), TODAY) == {
		"pending_qty": 0,
		"days_late": 0,
		"overdue": False,
	}
	assert track_line(10, 0, date(2026, 11, 30), TODAY)["overdue"] is False
	assert track_line(10, 12, None, TODAY)["pending_qty"] == 0  # over-received


def test_by_supplier():
	lines = [
		{
			"supplier": "甲",
			"ordered_qty": 10,
			"received_qty": 4,
			**track_line(10, 4, date(2026, 11, 12), TODAY),
		},
		{"supplier": "甲", "ordered_qty": 5, "received_qty": 5, **track_line(5, 5, date(2026, 11, 1), TODAY)},
		{
			"supplier": "乙",
			"ordered_qty": 8,
			"received_qty": 0,
			**track_line(8, 0, date(2026, 11, 20), TODAY),
		},
	]
	summary = by_supplier(lines)
	assert [row["supplier"] for row in summary] == ["甲", "乙"]
	assert summary[0] == {
		"supplier": "甲",
		"ordered_qty": 15,
		"received_qty": 9,
		"pending_qty": 6,
		"overdue_lines": 1,
		"max_days_late": 10,
	}
	assert summary[1]["max_days_late"] == 2
