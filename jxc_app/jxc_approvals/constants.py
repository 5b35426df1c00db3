"""Names shared by the approval modules (statuses, the rule cache key), so none imports another for them."""

# Approval Request statuses
PENDING, APPROVED, REJECTED, WITHDRAWN = "Pending Approval", "Approved", "Rejected", "Withdrawn"
STATUS_COLORS = {PENDING: "orange", APPROVED: "green", REJECTED: "red", WITHDRAWN: "gray"}

RULES_CACHE_KEY = "jxc_approval_rules"
# how long a cached copy of the rules may serve (a copy cached from a stale snapshot lives no longer)
RULES_CACHE_SECONDS = 60

# fields looked at for a document's amount when a rule names none
DEFAULT_AMOUNT_FIELDS = (
	"base_grand_total",
	"grand_total",
	"base_total",
	"total_amount",
	"paid_amount",
	"estimated_total",  # Purchase Requisition
)
