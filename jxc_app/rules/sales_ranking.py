"""销售排行与毛利分析 rules (pure): invoice lines grouped by item, item group, customer, sales person
or territory; a weighted margin; a ranking by amount with the top N.

A line is what ERPNext's Gross Profit report computes for one Sales Invoice line (returns netted):
``qty``, ``amount`` (net, company currency), ``cost`` (buying amount). Its gross profit is
``amount - cost``.

The margin of a group (and of the total) is **weighted**: Σ gross profit ÷ Σ amount, never the
average of the lines' margins (ERPNext's plain average, erpnext#35942).

By sales person, each line is split by the invoice's Sales Team allocated percentages; whatever no
sales person is allocated (no team, or shares under 100 %) goes to ``NO_SALES_PERSON``, so the
groups always add up to the total.
"""

from collections.abc import Iterable, Mapping

ITEM = "Item"
ITEM_GROUP = "Item Group"
CUSTOMER = "Customer"
SALES_PERSON = "Sales Person"
TERRITORY = "Territory"
GROUPS = (ITEM, ITEM_GROUP, CUSTOMER, SALES_PERSON, TERRITORY)

# the line's field holding the group's key and the one holding its name (None: the key is the name)
KEY_FIELDS = {
	ITEM: ("item_code", "item_name"),
	ITEM_GROUP: ("item_group", None),
	CUSTOMER: ("customer", "customer_name"),
	SALES_PERSON: ("sales_person", None),
	TERRITORY: ("territory", None),
}
NO_SALES_PERSON = ""  # the key of what no sales person is allocated
OTHERS = None  # the key of the row gathering the groups after the top N
DEFAULT_TOP_N = 20
PRECISION = 2


class SalesRankingRuleError(ValueError):
	"""``code``: unknown_group, bad_share, bad_top_n."""

	def __init__(self, code: str, **figures):
		super().__init__(code, figures)
		self.code = code
		self.figures = figures


def _number(value) -> float:
	return float(value or 0)


def margin(gross_profit: float, amount: float) -> float | None:
	"""Weighted margin in percent (Σ gross profit ÷ Σ amount × 100); None when there is no amount."""
	if not amount:
		return None
	return round(gross_profit / amount * 100, PRECISION)


def share(amount: float, total: float) -> float | None:
	"""A group's share of the total amount, in percent; None when the total is zero."""
	if not total:
		return None
	return round(amount / total * 100, PRECISION)


def split_by_sales_team(line: Mapping, team: Iterable[tuple[str, float]]) -> list[dict]:
	"""The line as one part per sales person (``team``: (sales person, allocated %)), each with its
	share of qty, amount and cost, and the rest (no team, or shares under 100 %) under
	``NO_SALES_PERSON``. Shares must be between 0 and 100 and together at most 100."""
	parts = []
	allocated = 0.0
	for person, percent in team:
		percent = _number(percent)
		if percent < 0 or percent > 100:
			raise SalesRankingRuleError("bad_share", sales_person=person, percent=percent)
		allocated += percent
		if percent:
			parts.append((person, percent))
	if allocated > 100 + 1e-9:
		raise SalesRankingRuleError("bad_share", percent=allocated)
	if allocated < 100 - 1e-9:
		parts.append((NO_SALES_PERSON, 100 - allocated))
	return [
		{
			**line,
			"sales_person": person,
			"qty": _number(line.get("qty")) * percent / 100,
			"amount": _number(line.get("amount")) * percent / 100,
			"cost": _number(line.get("cost")) * percent / 100,
		}
		for person, percent in parts
	]


def group(lines: Iterable[Mapping], group_by: str) -> list[dict]:
	"""Lines summed per group: key, name, qty, amount, cost, gross_profit, margin (weighted)."""
	if group_by not in KEY_FIELDS:
		raise SalesRankingRuleError("unknown_group", group_by=group_by)
	key_field, name_field = KEY_FIELDS[group_by]
	groups: dict = {}
	for line in lines:
		key = line.get(key_field) or ""
		row = groups.setdefault(
			key,
			{
				"key": key,
				"name": (line.get(name_field) if name_field else None) or key,
				"qty": 0.0,
				"amount": 0.0,
				"cost": 0.0,
			},
		)
		row["qty"] += _number(line.get("qty"))
		row["amount"] += _number(line.get("amount"))
		row["cost"] += _number(line.get("cost"))
	return [_finish(row) for row in groups.values()]


def _finish(row: dict) -> dict:
	row["qty"] = round(row["qty"], 6)
	row["amount"] = round(row["amount"], PRECISION)
	row["cost"] = round(row["cost"], PRECISION)
	row["gross_profit"] = round(row["amount"] - row["cost"], PRECISION)
	row["margin"] = margin(row["gross_profit"], row["amount"])
	return row


def totals(rows: Iterable[Mapping]) -> dict:
	"""The rows summed, with the weighted margin of the sums."""
	total = {"key": None, "name": None, "qty": 0.0, "amount": 0.0, "cost": 0.0}
	for row in rows:
		for field in ("qty", "amount", "cost"):
			total[field] += _number(row.get(field))
	return _finish(total)


def rank(groups: Iterable[Mapping], top_n: int = DEFAULT_TOP_N) -> list[dict]:
	"""Groups by amount, largest first (ties: larger gross profit, then key), numbered from 1, each
	with its share of the total amount; ``top_n`` of them (0: all), then one ``OTHERS`` row (key
	None, rank None) summing the rest when there is a rest."""
	if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 0:
		raise SalesRankingRuleError("bad_top_n", top_n=top_n)
	ordered = sorted(
		(dict(row) for row in groups), key=lambda row: (-row["amount"], -row["gross_profit"], str(row["key"]))
	)
	grand = totals(ordered)["amount"]
	for number, row in enumerate(ordered, start=1):
		row["rank"] = number
		row["share"] = share(row["amount"], grand)
	if not top_n or len(ordered) <= top_n:
		return ordered
	rest = totals(ordered[top_n:])
	rest.update(
		key=OTHERS, name=None, rank=None, share=share(rest["amount"], grand), others=len(ordered) - top_n
	)
	return [*ordered[:top_n], rest]


def ranking(
	lines: Iterable[Mapping],
	group_by: str,
	top_n: int = DEFAULT_TOP_N,
	teams: Mapping[str, Iterable[tuple[str, float]]] | None = None,
) -> tuple[list[dict], dict]:
	"""(ranked rows with the top N, the totals of all lines). By sales person, ``teams`` maps a
	line's ``invoice`` to its Sales Team rows (sales person, allocated %)."""
	lines = list(lines)
	total = totals(lines)  # of the lines as they are: a sales person's split rounds its parts
	if group_by == SALES_PERSON:
		parts = []
		for line in lines:
			try:
				parts += split_by_sales_team(line, (teams or {}).get(line.get("invoice"), ()))
			except SalesRankingRuleError as error:
				error.figures["invoice"] = line.get("invoice")
				raise
		lines = parts
	return rank(group(lines, group_by), top_n), total
