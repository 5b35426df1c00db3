"""Comma-separated lists as DocType properties store them (e.g. ``search_fields``)."""


def split_csv_list(value: str | None) -> list[str]:
	return [part.strip() for part in (value or "").split(",") if part.strip()]


def add_to_csv_list(value: str | None, additions: list[str]) -> str:
	parts = split_csv_list(value)
	parts.extend(item for item in additions if item not in parts)
	return ",".join(parts)


def remove_from_csv_list(value: str | None, removals: list[str]) -> str:
	return ",".join(part for part in split_csv_list(value) if part not in removals)
