"""A Script Report's column, in one line per column."""


def column(
	fieldname: str, label: str, fieldtype: str = "Data", options: str | None = None, width: int = 100
) -> dict:
	"""The column dict Frappe's query report takes; ``label`` already translated."""
	return {
		"fieldname": fieldname,
		"label": label,
		"fieldtype": fieldtype,
		"options": options,
		"width": width,
	}
