"""价格与毛利管控: minimum price, maximum discount and gross margin of selling lines (pure).

The frappe side (jxc_app.jxc_selling.pricing) reads limits, costs and lines into these shapes and
writes the figures back on the Quotation / Sales Order; approval rules then look at the header
aggregates (lowest margin %, highest discount %, below minimum price, over maximum discount).
Nothing here refuses a document: a breach is a reason for approval.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# kinds of findings on a line, in the order they are reported
BELOW_MIN_PRICE, OVER_MAX_DISCOUNT = "below_min_price", "over_max_discount"

# a rate is compared with its limit after rounding to this many decimals (ERPNext's rates carry 9)
RATE_DECIMALS = 6


@dataclass(frozen=True)
class Limit:
	item_code: str
	customer_group: str | None = None
	min_price: float = 0  # company currency, per stock UOM; 0: none
	max_discount_pct: float = 0  # 0: none


@dataclass(frozen=True)
class Line:
	item_code: str
	qty: float = 0
	conversion_factor: float = 1
	base_net_rate: float = 0  # company currency, per line UOM
	price_list_rate: float = 0  # document currency, per line UOM
	rate: float = 0  # document currency, per line UOM (before a document-level discount)
	discount_percentage: float = 0  # ERPNext's line discount on the price list rate
	cost_rate: float = 0  # company currency, per stock UOM


@dataclass
class LineFigures:
	margin_pct: float
	discount_pct: float
	below_min_price: bool
	over_max_discount: bool
	base_net_amount: float
	cost_amount: float
	findings: list[tuple[str, float]] = field(default_factory=list)  # (kind, the limit breached)


@dataclass
class DocumentFigures:
	lowest_margin_pct: float = 0
	highest_discount_pct: float = 0
	gross_margin_pct: float = 0
	below_min_price: bool = False
	over_max_discount: bool = False
	lines: list[LineFigures] = field(default_factory=list)


def pick_limit(limits: Iterable[Limit], item_code: str, customer_groups: Sequence[str] = ()) -> Limit | None:
	"""The limit of ``item_code`` for the most specific customer group: ``customer_groups`` lists the
	customer's group first and then its ancestors; a limit without a group applies to everyone else."""
	rank = {group: position for position, group in enumerate(customer_groups)}
	best, best_rank = None, None
	for limit in limits:
		if limit.item_code != item_code:
			continue
		if limit.customer_group:
			if limit.customer_group not in rank:
				continue
			position = rank[limit.customer_group]
		else:
			position = len(rank)
		if best_rank is None or position < best_rank:
			best, best_rank = limit, position
	return best


def margin_pct(net_rate: float, cost_rate: float) -> float:
	"""Gross margin on the selling rate, in % (both per the same unit and currency)."""
	if net_rate <= 0:
		return 0.0 if cost_rate <= 0 else -100.0
	return round((net_rate - cost_rate) / net_rate * 100, 2)


def combined_discount_pct(*discounts_pct: float) -> float:
	"""Discounts applied one after the other (line 10 % then document 5 % = 14.5 %)."""
	remaining = 1.0
	for discount in discounts_pct:
		remaining *= 1 - (discount or 0) / 100
	return round((1 - remaining) * 100, 2)


def line_discount_pct(line: Line, document_discount_pct: float = 0) -> float:
	"""The line's discount from its price list rate (ERPNext's discount %, or what the rate shows
	when it was typed in), with the document's additional discount on top; 0 without a list price."""
	if line.price_list_rate <= 0:
		return 0.0
	from_rates = (line.price_list_rate - line.rate) / line.price_list_rate * 100
	return combined_discount_pct(max(line.discount_percentage or 0, from_rates, 0), document_discount_pct)


def line_figures(line: Line, limit: Limit | None, document_discount_pct: float = 0) -> LineFigures:
	conversion = line.conversion_factor or 1
	rate_per_stock_unit = round(line.base_net_rate / conversion, RATE_DECIMALS)
	discount = line_discount_pct(line, document_discount_pct)
	findings = []
	below = bool(limit and limit.min_price and rate_per_stock_unit < round(limit.min_price, RATE_DECIMALS))
	if below:
		findings.append((BELOW_MIN_PRICE, limit.min_price))
	over = bool(limit and limit.max_discount_pct and discount > limit.max_discount_pct)
	if over:
		findings.append((OVER_MAX_DISCOUNT, limit.max_discount_pct))
	stock_qty = line.qty * conversion
	return LineFigures(
		margin_pct=margin_pct(line.base_net_rate, line.cost_rate * conversion),
		discount_pct=discount,
		below_min_price=below,
		over_max_discount=over,
		base_net_amount=line.base_net_rate * line.qty,
		cost_amount=line.cost_rate * stock_qty,
		findings=findings,
	)


def document_figures(
	lines: Sequence[Line],
	limits: Iterable[Limit] = (),
	customer_groups: Sequence[str] = (),
	document_discount_pct: float = 0,
) -> DocumentFigures:
	"""Per line figures and the header aggregates; the document's margin is weighted by amount."""
	limits = list(limits)
	figures = [
		line_figures(line, pick_limit(limits, line.item_code, customer_groups), document_discount_pct)
		for line in lines
	]
	if not figures:
		return DocumentFigures()
	net = sum(f.base_net_amount for f in figures)
	cost = sum(f.cost_amount for f in figures)
	return DocumentFigures(
		lowest_margin_pct=min(f.margin_pct for f in figures),
		highest_discount_pct=max(f.discount_pct for f in figures),
		gross_margin_pct=margin_pct(net, cost) if net > 0 else (0.0 if cost <= 0 else -100.0),
		below_min_price=any(f.below_min_price for f in figures),
		over_max_discount=any(f.over_max_discount for f in figures),
		lines=figures,
	)


def document_discount_pct(total: float, additional_discount_pct: float, discount_amount: float) -> float:
	"""The document-level discount in %: ERPNext's additional discount %, else the amount on the total."""
	if additional_discount_pct:
		return additional_discount_pct
	if discount_amount and total > 0:
		return round(discount_amount / total * 100, 4)
	return 0.0


def cost_rate(
	bin_qty: float, bin_valuation_rate: float, last_purchase_rate: float, item_valuation_rate: float = 0
) -> float:
	"""Cost per stock unit: the warehouse's valuation while it holds stock, else the last purchase
	rate, else what the warehouse last valued it at, else the item's own valuation rate."""
	if bin_qty > 0 and bin_valuation_rate > 0:
		return bin_valuation_rate
	for candidate in (last_purchase_rate, bin_valuation_rate, item_valuation_rate):
		if candidate and candidate > 0:
			return candidate
	return 0.0


def lowest_margin_line(figures: DocumentFigures) -> int | None:
	"""Index of the line with the lowest margin (the first of equals); None without lines."""
	if not figures.lines:
		return None
	return min(range(len(figures.lines)), key=lambda index: figures.lines[index].margin_pct)


def limits_by_item(limits: Iterable[Mapping]) -> list[Limit]:
	return [
		Limit(
			item_code=row["item_code"],
			customer_group=row.get("customer_group") or None,
			min_price=float(row.get("min_price") or 0),
			max_discount_pct=float(row.get("max_discount_pct") or 0),
		)
		for row in limits
	]
