"""比价: scoring supplier quotations for one requisition line (pure, used by the comparison and its reports).

Each criterion scores 0–100: price and lead time relative to the best eligible quote (lower is
better), quality and service as given (e.g. a supplier scorecard rating scaled to 100). A missing
figure scores 0 on its criterion, so an incomplete quote never wins on data it did not give. The
total is the weighted mean of the criteria.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

CRITERIA = ("price", "quality", "lead_time", "service")


@dataclass(frozen=True)
class Quote:
	supplier: str
	unit_price: float  # company currency, tax included
	lead_time_days: float | None = None
	quality: float | None = None  # 0–100
	service: float | None = None  # 0–100
	min_order_qty: float = 0
	valid_till: date | None = None


@dataclass(frozen=True)
class Weights:
	price: float = 50
	quality: float = 20
	lead_time: float = 20
	service: float = 10

	def __post_init__(self):
		values = [getattr(self, name) for name in CRITERIA]
		if any(value < 0 for value in values) or not sum(values):
			raise ValueError("weights must be non-negative and not all zero")


@dataclass(frozen=True)
class ScoredQuote:
	quote: Quote
	scores: dict  # criterion -> 0..100
	total: float
	eligible: bool
	reason: str = ""  # why an ineligible quote was set aside


def _eligibility(quote: Quote, required_qty: float | None, on_date: date | None) -> str:
	if quote.unit_price is None or quote.unit_price <= 0:
		return "no price"
	if on_date and quote.valid_till and quote.valid_till < on_date:
		return "expired"
	if required_qty is not None and quote.min_order_qty and required_qty < quote.min_order_qty:
		return "below minimum order quantity"
	return ""


def _relative(best: float | None, value: float | None) -> float:
	"""100 for the best (lowest) value, proportionally less for higher ones."""
	if value is None or best is None:
		return 0.0
	if value <= 0:
		return 100.0
	return round(100.0 * best / value, 4) if best > 0 else 0.0


def _bounded(value: float | None) -> float:
	return 0.0 if value is None else max(0.0, min(100.0, float(value)))


def score_quotes(
	quotes: Iterable[Quote],
	weights: Weights = Weights(),
	*,
	required_qty: float | None = None,
	on_date: date | None = None,
) -> list[ScoredQuote]:
	"""Every quote scored; eligible ones first, best total first (ties: lower price, then supplier)."""
	quotes = list(quotes)
	reasons = {id(quote): _eligibility(quote, required_qty, on_date) for quote in quotes}
	eligible = [quote for quote in quotes if not reasons[id(quote)]]
	best_price = min((q.unit_price for q in eligible), default=None)
	lead_times = [q.lead_time_days for q in eligible if q.lead_time_days is not None]
	best_lead = min(lead_times, default=None)
	weight_total = sum(getattr(weights, name) for name in CRITERIA)

	scored = []
	for quote in quotes:
		reason = reasons[id(quote)]
		scores = {
			"price": _relative(best_price, quote.unit_price) if not reason else 0.0,
			"quality": _bounded(quote.quality),
			"lead_time": _relative(best_lead, quote.lead_time_days) if not reason else 0.0,
			"service": _bounded(quote.service),
		}
		total = (
			0.0 if reason else round(sum(scores[n] * getattr(weights, n) for n in CRITERIA) / weight_total, 2)
		)
		scored.append(ScoredQuote(quote, scores, total, not reason, reason))
	return sorted(scored, key=lambda s: (not s.eligible, -s.total, s.quote.unit_price or 0, s.quote.supplier))


def suggested_winner(scored: Sequence[ScoredQuote]) -> ScoredQuote | None:
	return scored[0] if scored and scored[0].eligible else None


def award_approval_reason(scored: Sequence[ScoredQuote], awarded_supplier: str) -> str | None:
	"""Why awarding this line to ``awarded_supplier`` needs approval, or None when it does not:
	only the best-scored or the lowest-priced eligible quote may be awarded freely, and never a
	line with a single eligible quote."""
	eligible = [s for s in scored if s.eligible]
	awarded = next((s for s in eligible if s.quote.supplier == awarded_supplier), None)
	if awarded is None:
		return "not an eligible quote"
	if len(eligible) < 2:
		return "single quote"
	best_total = max(s.total for s in eligible)
	lowest_price = min(s.quote.unit_price for s in eligible)
	if awarded.total >= best_total or awarded.quote.unit_price <= lowest_price:
		return None
	return "neither best score nor lowest price"


def unit_price_incl_tax(
	base_net_rate: float,
	quoted_conversion_factor: float,
	line_conversion_factor: float,
	base_net_total: float,
	base_taxes: float,
) -> float:
	"""A quoted rate made comparable: company currency, tax included, per the comparison line's UOM.

	``base_net_rate`` is per the quotation line's UOM (``quoted_conversion_factor`` stock units);
	taxes are spread over the quotation in proportion to net amounts, as its totals show them."""
	if not base_net_rate:
		return 0.0
	per_stock_unit = float(base_net_rate) / float(quoted_conversion_factor or 1)
	tax_factor = 1 + (float(base_taxes or 0) / float(base_net_total)) if base_net_total else 1
	return round(per_stock_unit * float(line_conversion_factor or 1) * tax_factor, 6)
