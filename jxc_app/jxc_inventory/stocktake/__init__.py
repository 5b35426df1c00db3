"""库存盘点: plan, snapshot, count (blind or open), recount, approve, post — one file per step.

- ``plan``: what a stocktake counts and how; fixed once counting starts; the items of its scope.
- ``snapshot``: **Start counting** (manager) writes the lines of the scope with their book quantity
  and valuation rate at that moment.
- ``counting``: counters add ``Stocktake Count Entry`` records, typed, scanned or uploaded; a line's
  count is the sum of its entries.
- ``variance``: **Finish counting** (manager): expected = book + what moved since the snapshot
  (track mode); lines beyond tolerance go to a recount by another counter; **Finish recount**.
- ``posting``: **Submit** (approval rules apply, on the absolute variance value) queues the posting
  job, one ERPNext Stock Reconciliation of the lines with a variance; a retry never posts twice.
- ``freeze``: in block mode no stock moves in the counted warehouses until the stocktake is posted
  or called off (checked on every Stock Ledger Entry).
- ``permissions``: who reads what (a 盘点员 counts blind), the permission hooks, the version history.
- ``states``: the doctypes, statuses and errors every step shares; loading a stocktake, changing its
  status.
"""

# kept for REST: integrators call these under /api/method/jxc_app.jxc_inventory.stocktake.<name>
from jxc_app.jxc_inventory.stocktake.counting import (
	add_count,
	counting_stocktakes,
	counting_warehouses,
	upload_counts,
)
from jxc_app.jxc_inventory.stocktake.posting import cancel_draft, retry_posting
from jxc_app.jxc_inventory.stocktake.snapshot import start_counting
from jxc_app.jxc_inventory.stocktake.variance import finish_counting, finish_recount

__all__ = [
	"add_count",
	"cancel_draft",
	"counting_stocktakes",
	"counting_warehouses",
	"finish_counting",
	"finish_recount",
	"retry_posting",
	"start_counting",
	"upload_counts",
]
