"""The stock ledger classified by the database: what ``stock_ledger.classify_rows`` does row by row in
Python (the real quantity change, the voucher's flags, the business type), as one SQL statement that
returns each row as one short text — item, warehouse, half month or side of a date, summary column,
quantity, value — which ``pair_totals`` and ``period_totals`` add up (issue #16: building the running
balances of a million ledger rows, and reading a report's partial half months, without a row object, a
voucher lookup or a classification in Python; a sparse ledger has about one row per item, warehouse
and half month, so grouping in SQL would not make fewer rows, only a slower query).

The business-type rule stays in ``jxc_app.rules.stock_movement``: the CASE below is generated from
its ``summary_rules()`` table, in its order (first match wins), and ``summary_column_of`` — the same
decisions in Python — is tested against ``classify``. The sums come out in ``MEASURES``' layout
(quantity, value, then each summary column's quantity and value, outbound ones as positive
outflows).

Raw SQL on purpose: a CASE generated from a table, a correlated subquery (a Stock Reconciliation
row's change is its balance minus the previous row's) and joins on the row's own voucher type are
beyond ``frappe.qb``. Every value is passed as a parameter; the only literals are the rule table's
names, escaped.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import NamedTuple

import frappe
from frappe.query_builder.terms import NamedParameterWrapper
from frappe.utils import getdate

from jxc_app.jxc_reports.stock_ledger import item_conditions
from jxc_app.rules import period_plan, stock_movement

# the summed measures, in the order of ``period_balance.MEASURES``
WIDTH = 2 + 2 * len(stock_movement.COLUMNS)
INBOUND_INDEXES = frozenset(
	number for number, column in enumerate(stock_movement.COLUMNS) if column in stock_movement.INBOUND
)
# vouchers and what the classification reads from them: (alias, purpose, is_opening, is_return,
# internal flag); a voucher is joined only when the ledger has rows of its type
VOUCHER_FIELDS = {
	"Stock Entry": ("v_se", "purpose", "is_opening", None, None),
	"Stock Reconciliation": ("v_sr", "purpose", None, None, None),
	"Purchase Receipt": ("v_pr", None, None, "is_return", "is_internal_supplier"),
	"Purchase Invoice": ("v_pi", None, None, "is_return", "is_internal_supplier"),
	"Subcontracting Receipt": ("v_scr", None, None, "is_return", None),
	"Delivery Note": ("v_dn", None, None, "is_return", "is_internal_customer"),
	"Sales Invoice": ("v_si", None, None, "is_return", "is_internal_customer"),
	"POS Invoice": ("v_pos", None, None, "is_return", None),
}
SEPARATOR = "\x1f"  # between the fields of a row's text (no name holds it)
ITEMS_LISTED = 20000  # an item filter matching more is a subquery, not a list


def _quote(text: str) -> str:
	return frappe.db.escape(text)


def _ledger_voucher_types() -> list[str]:
	"""The voucher types with ledger rows (read from ERPNext's voucher_type index)."""
	sle = frappe.qb.DocType("Stock Ledger Entry")
	present = set(frappe.qb.from_(sle).select(sle.voucher_type).distinct().run(pluck=True))
	return [voucher_type for voucher_type in VOUCHER_FIELDS if voucher_type in present]


def _column_case() -> str:
	"""The summary column (its index in ``COLUMNS``) of a row of ``r0``, as ``summary_column_of``."""
	index = {column: number for number, column in enumerate(stock_movement.COLUMNS)}
	other_in, other_out = index[stock_movement.OTHER_IN], index[stock_movement.OTHER_OUT]
	tolerance = repr(stock_movement.QTY_TOLERANCE)
	parts = [
		f"CASE WHEN ABS(r0.qty) <= {tolerance} THEN IF(r0.value >= 0, {other_in}, {other_out})",
		f"WHEN r0.is_opening THEN IF(r0.qty >= 0, {other_in}, {other_out})",
		f"WHEN r0.internal THEN IF(r0.qty > 0, {index[stock_movement.TRANSFER_IN]}, "
		f"{index[stock_movement.TRANSFER_OUT]})",
	]
	for rule in stock_movement.summary_rules():
		conditions = [f"r0.voucher_type = {_quote(rule.voucher_type)}"]
		if rule.purpose is not None:
			conditions.append(f"r0.purpose = {_quote(rule.purpose)}")
		if rule.is_return is not None:
			conditions.append("r0.is_return" if rule.is_return else "NOT r0.is_return")
		parts.append(
			f"WHEN {' AND '.join(conditions)} THEN IF(r0.qty > 0, {index[rule.inbound]}, {index[rule.outbound]})"
		)
	parts.append(f"ELSE IF(r0.qty > 0, {other_in}, {other_out}) END")
	return " ".join(parts)


class ItemMatch(NamedTuple):
	"""The report's item filters resolved once (a report reads the balances and the ledger with them):
	the matching items listed, or past ``ITEMS_LISTED`` a parameterised subquery."""

	codes: tuple[str, ...] | None
	subquery: str | None
	parameters: dict


def match_items(filters) -> ItemMatch | None:
	"""``stock_ledger.item_conditions`` (item, item group with its descendants, brand) as an
	``ItemMatch``; None when the filters name no item."""
	if isinstance(filters, ItemMatch):
		return filters
	if not filters or not any(filters.get(key) for key in ("item_code", "item_group", "brand")):
		return None
	item = frappe.qb.DocType("Item")
	matching = item_conditions(frappe.qb.from_(item).select(item.name), filters, item)
	codes = matching.limit(ITEMS_LISTED + 1).run(pluck=True)
	if len(codes) <= ITEMS_LISTED:
		return ItemMatch(tuple(codes), None, {})
	parameters = NamedParameterWrapper()
	subquery = matching.get_sql(param_wrapper=parameters)
	return ItemMatch(None, subquery, parameters.get_parameters())


def item_filter(values: dict, filters, alias: str) -> tuple[list[str], list[str]]:
	"""The report's item filters (raw, or an ``ItemMatch``) on rows of ``alias`` (whose ``item_code``
	is an Item): (joins, conditions); fills ``values``. The matching items are listed when they are not
	too many (an item group), so the rows are found by item; more are matched by a subquery."""
	match = match_items(filters)
	if match is None:
		return [], []
	if match.codes is not None:
		values["filter_items"] = match.codes or ("",)
		return [], [f"{alias}.item_code IN %(filter_items)s"]
	values.update(match.parameters)
	return [], [f"{alias}.item_code IN ({match.subquery})"]


def running_totals_at(
	company: str, months, warehouses, filters=None, measures: int | None = None
) -> Iterator[str]:
	"""The running balances valid at the end of any of ``months`` (half months' first days) of the company's
	``warehouses``, each as a JSON array ``[marks, item, warehouse, [running totals]]`` (bit n of marks:
	valid at ``months[n]``; a balance valid at several is read once), for the JSON decoder: no split in
	Python. With ``measures``, only the first so many of the totals. ``warehouses`` None: all of them.
	Streamed (``texts``)."""
	values: dict = {"company": company}
	within = ""
	if warehouses is not None:
		values["warehouses"] = tuple(warehouses) or ("",)
		within = " AND b.warehouse IN %(warehouses)s"
	valid, marks = [], []
	for number, month in enumerate(months):
		values[f"month{number}"] = month
		condition = f"(b.period_start <= %(month{number})s AND b.valid_until > %(month{number})s)"
		valid.append(condition)
		marks.append(f"IF({condition}, {1 << number}, 0)")
	joins, conditions = item_filter(values, filters, "b")
	source = (
		f"`tabJXC Stock Period Balance` b {' '.join(joins)} WHERE b.company = %(company)s{within} "
		f"AND ({' OR '.join(valid)})" + "".join(f" AND {condition}" for condition in conditions)
	)
	totals = f"SUBSTRING_INDEX(b.running_totals, ',', {int(measures)})" if measures else "b.running_totals"
	text = f"CONCAT('[', {' + '.join(marks)}, ',', JSON_QUOTE(b.item_code), ',', JSON_QUOTE(b.warehouse), ',[', {totals}, ']]')"
	return texts(text, source, values)


def _rows(
	values: dict,
	*,
	items=None,
	from_date: date | None = None,
	to_date: date | None = None,
	warehouses=None,
	filters=None,
	stretches=(),
	classified: bool = True,
) -> str:
	"""The company's ledger rows (not cancelled) as ``classify_rows`` sees them — each with its real
	quantity change, value and what its voucher says — posted from ``from_date`` to ``to_date``
	(inclusive; None: unbounded) or within any of ``stretches`` ((first, last) days, inclusive), of
	``items`` / in ``warehouses`` when given, and matching the report's item filters (item, item group
	with its descendants, brand). Not ``classified``: the quantity change and value only, the vouchers
	not read. Fills ``values``."""
	joins, purpose, opening, returning, internal = [], [], [], [], []
	for voucher_type in _ledger_voucher_types() if classified else ():
		alias, purpose_field, opening_field, return_field, internal_field = VOUCHER_FIELDS[voucher_type]
		joins.append(
			f"LEFT JOIN `tab{voucher_type}` {alias} ON sle.voucher_type = {_quote(voucher_type)} "
			f"AND {alias}.name = sle.voucher_no"
		)
		if purpose_field:
			purpose.append(f"{alias}.{purpose_field}")
		if opening_field:
			opening.append(f"{alias}.{opening_field}")
		if return_field:
			returning.append(f"{alias}.{return_field}")
		if internal_field:
			internal.append(f"({alias}.{internal_field} = 1 AND {alias}.represents_company = sle.company)")

	def first_of(expressions: list[str], default: str) -> str:
		return f"COALESCE({', '.join([*expressions, default])})"

	conditions = ["sle.company = %(company)s", "sle.is_cancelled = 0"]
	if items is not None:
		values["items"] = tuple(items) or ("",)
		conditions.append("sle.item_code IN %(items)s")
	if warehouses is not None:
		values["warehouses"] = tuple(warehouses) or ("",)
		conditions.append("sle.warehouse IN %(warehouses)s")
	# on posting_datetime, which ERPNext indexes
	if from_date:
		values["from_date"] = getdate(from_date)
		conditions.append("sle.posting_datetime >= %(from_date)s")
	if to_date:
		values["to_next"] = getdate(to_date) + timedelta(days=1)
		conditions.append("sle.posting_datetime < %(to_next)s")
	within = []
	for number, (first, last) in enumerate(stretches):
		values[f"first{number}"], values[f"after{number}"] = getdate(first), getdate(last) + timedelta(days=1)
		within.append(
			f"(sle.posting_datetime >= %(first{number})s AND sle.posting_datetime < %(after{number})s)"
		)
	if within:
		conditions.append(f"({' OR '.join(within)})")
	join, matching = item_filter(values, filters, "sle")
	joins += join
	conditions += matching

	opening_flag = "0"
	if opening:
		opening_flag = "LOWER(TRIM(" + first_of(opening, "''") + ")) IN ('yes', '1', 'true')"
	# a Stock Reconciliation row states the counted balance: its change is that minus the balance the
	# row before it left (ERPNext's item, warehouse, posting time index; only for such rows)
	previous = (
		"SELECT p.qty_after_transaction FROM `tabStock Ledger Entry` p WHERE p.item_code = sle.item_code "
		"AND p.warehouse = sle.warehouse AND p.is_cancelled = 0 AND p.posting_datetime <= sle.posting_datetime "
		"AND (p.posting_datetime < sle.posting_datetime OR p.creation < sle.creation) "
		"ORDER BY p.posting_datetime DESC, p.creation DESC LIMIT 1"
	)
	voucher = (
		f"{first_of(purpose, 'NULL')} AS purpose, "
		f"{first_of(returning, '0')} AS is_return, "
		f"{opening_flag} AS is_opening, "
		f"{first_of(internal, '0')} AS internal "
	)
	return (
		"SELECT sle.item_code, sle.warehouse, sle.posting_date, sle.voucher_type, "
		"CASE WHEN sle.voucher_type = 'Stock Reconciliation' THEN sle.qty_after_transaction - "
		f"COALESCE(({previous}), 0) ELSE sle.actual_qty END AS qty, "
		f"sle.stock_value_difference AS value{', ' + voucher if classified else ' '}"
		f"FROM `tabStock Ledger Entry` sle {' '.join(joins)} "
		f"WHERE {' AND '.join(conditions)}"
	)


def texts(text: str, source: str, values: dict) -> Iterator[str]:
	"""The rows' ``text`` (an SQL expression) ``FROM source`` (with its WHERE), in any order: one
	column of one text a row, which the driver reads fastest (measured on the benchmark's hundred
	thousand pairs: faster than several columns, and than ``GROUP_CONCAT`` in buckets — about half its
	time: its temporary table costs the server more than the rows cost the driver).

	Streamed through an unbuffered cursor: the caller adds up the rows while the database is still
	finding and sending the next ones (the two cores work at once: a quarter off reading one
	warehouse's balances), so it must read them all before its next query."""
	with frappe.db.unbuffered_cursor():
		yield from frappe.db.sql(f"SELECT {text} FROM {source}", values, as_iterator=True, pluck=True)


PACKED_MOST = 1 << 26  # the longest text ``packed_texts`` asks of the database (64 MiB)
RECORD_SEPARATOR = "\x1e"  # between the rows packed in one text


def packed_texts(text: str, source: str, values: dict) -> list[str] | None:
	"""As ``texts``, with all the rows in one (``GROUP_CONCAT`` over one group: no temporary table),
	for a query the database answers quickly with many rows, where the driver's cost per row is most of
	the time (every Item of the benchmark: 0.028 s as rows, 0.008 s packed). None when the rows do not
	fit in ``PACKED_MOST`` or the database's packet limit (the caller reads them as rows then). The
	limit is raised for this one statement (MariaDB's ``SET STATEMENT … FOR``): the session keeps its
	own."""
	packed, length = frappe.db.sql(
		f"SET STATEMENT group_concat_max_len = {PACKED_MOST} FOR "
		f"SELECT GROUP_CONCAT({text} SEPARATOR '{RECORD_SEPARATOR}'), COUNT(*) FROM {source}",
		values,
	)[0]
	if not length:
		return []
	lines = packed.split(RECORD_SEPARATOR) if packed is not None else []
	return lines if len(lines) == length else None


def _row_texts(rows: str, values: dict, key: str) -> Iterator[str]:
	"""Each row of ``rows`` as "item, warehouse, ``key``, summary column, qty, value"."""
	text = f"CONCAT_WS(CHAR(31), r0.item_code, r0.warehouse, {key}, {_column_case()}, r0.qty, r0.value)"
	return texts(text, f"({rows}) r0", values)


def _add(amounts: list[float], column: int, qty: float, value: float) -> None:
	amounts[0] += qty
	amounts[1] += value
	if column not in INBOUND_INDEXES:
		qty, value = -qty, -value
	amounts[2 + 2 * column] += qty
	amounts[3 + 2 * column] += value


def _keyed_totals(rows: str, values: dict, key: str) -> dict[tuple[str, str, str], list[float]]:
	"""(item, warehouse, ``key``'s text) -> the ``WIDTH`` sums of ``rows``."""
	totals: dict[tuple[str, str, str], list[float]] = {}
	for line in _row_texts(rows, values, key):
		item_code, warehouse, part, column, qty, value = line.split(SEPARATOR)
		amounts = totals.get((item_code, warehouse, part))
		if amounts is None:
			amounts = totals[(item_code, warehouse, part)] = [0.0] * WIDTH
		_add(amounts, int(column), float(qty), float(value))
	return totals


def pair_totals(
	company: str,
	*,
	from_date: date | None = None,
	to_date: date | None = None,
	split: date | None = None,
	items=None,
	warehouses=None,
	filters=None,
) -> list[tuple[str, str, bool, list[float]]]:
	"""Per item × warehouse (and, with ``split``, for rows posted before it and from it apart): the
	``WIDTH`` sums of the ledger rows posted from ``from_date`` to ``to_date``. Rows of
	(item, warehouse, before ``split``, sums)."""
	values = {"company": company}
	rows = _rows(
		values, items=items, from_date=from_date, to_date=to_date, warehouses=warehouses, filters=filters
	)
	key = "0"
	if split:
		values["split"] = getdate(split)
		key = "IF(r0.posting_date < %(split)s, 1, 0)"
	return [
		(item_code, warehouse, before == "1", amounts)
		for (item_code, warehouse, before), amounts in _keyed_totals(rows, values, key).items()
	]


def pair_changes(
	company: str, *, from_date: date, to_date: date, warehouses=None, filters=None
) -> list[tuple[str, str, float, float]]:
	"""Per item × warehouse: how much the ledger rows posted from ``from_date`` to ``to_date`` changed
	its quantity and value — what a cut needs of the days before a range (no business type: the rows'
	vouchers are not read). Rows of (item, warehouse, quantity, value). The rows are added up here,
	not by a GROUP BY: its temporary table costs the database more than the rows cost the driver
	(measured on the benchmark's ledger, 1–14 June: 0.61 s against 0.19 s for the whole company, 0.09 s
	against 0.05 s for an item group)."""
	values = {"company": company}
	rows = _rows(
		values,
		from_date=from_date,
		to_date=to_date,
		warehouses=warehouses,
		filters=filters,
		classified=False,
	)
	changes: dict[tuple[str, str], list[float]] = {}
	for line in texts(
		"CONCAT_WS(CHAR(31), r0.item_code, r0.warehouse, r0.qty, r0.value)", f"({rows}) r0", values
	):
		item_code, warehouse, qty, value = line.split(SEPARATOR)
		amounts = changes.get((item_code, warehouse))
		if amounts is None:
			changes[(item_code, warehouse)] = [float(qty), float(value)]
		else:
			amounts[0] += float(qty)
			amounts[1] += float(value)
	return [(item_code, warehouse, qty, value) for (item_code, warehouse), (qty, value) in changes.items()]


def stretch_totals(
	company: str, stretches: list[tuple[date, date]], *, warehouses=None, filters=None
) -> list[tuple[int, str, str, list[float]]]:
	"""Per stretch of days ((first, last), inclusive; they must not overlap) and item × warehouse: the
	``WIDTH`` sums of the ledger rows posted in it — one statement for all of them (a report's opening
	and closing cuts: each read of the ledger has a fixed cost, most of it for an item group). Rows
	of (the stretch's number in ``stretches``, item, warehouse, sums)."""
	if not period_plan.apart([(getdate(first), getdate(last)) for first, last in stretches]):
		raise ValueError("the stretches overlap")
	if not stretches:
		return []
	values = {"company": company}
	rows = _rows(values, warehouses=warehouses, filters=filters, stretches=stretches)
	cases = " ".join(
		f"WHEN r0.posting_date < %(after{number})s AND r0.posting_date >= %(first{number})s THEN {number}"
		for number in range(len(stretches))
	)
	return [
		(int(number), item_code, warehouse, amounts)
		for (item_code, warehouse, number), amounts in _keyed_totals(
			rows, values, f"CASE {cases} END"
		).items()
	]


def period_totals(company: str, items) -> dict[tuple[str, str], dict[date, list[float]]]:
	"""(item, warehouse) -> half month (its first day, ``period_plan.period_start``) -> the ``WIDTH``
	sums of its ledger rows followed by their count, for ``items``' whole ledger."""
	values = {"company": company}
	rows = _rows(values, items=items)
	periods: dict[tuple[str, str], dict[date, list[float]]] = defaultdict(dict)
	starts: dict[str, date] = {}
	# the half month as YYYYMMDD of its first day
	key = (
		"EXTRACT(YEAR_MONTH FROM r0.posting_date) * 100 + "
		f"IF(DAYOFMONTH(r0.posting_date) >= {period_plan.SECOND_HALF}, {period_plan.SECOND_HALF}, 1)"
	)
	for line in _row_texts(rows, values, key):
		item_code, warehouse, period, column, qty, value = line.split(SEPARATOR)
		start = starts.get(period)
		if start is None:
			start = starts[period] = date(int(period[:4]), int(period[4:6]), int(period[6:]))
		by_period = periods[(item_code, warehouse)]
		amounts = by_period.get(start)
		if amounts is None:
			amounts = by_period[start] = [0.0] * (WIDTH + 1)
		_add(amounts, int(column), float(qty), float(value))
		amounts[WIDTH] += 1
	return periods
