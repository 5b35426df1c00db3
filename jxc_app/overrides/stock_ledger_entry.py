"""Stock Ledger Entry: a warehouse being counted by a block-mode stocktake takes no movement; a movement
re-evaluates the stock alerts of its own item × warehouse (after commit, one job per transaction), and
is folded into the 进销存汇总表's period balances soon after commit (one sync job queued)."""

from jxc_app.jxc_alerts import runner as alert_runner
from jxc_app.jxc_inventory.stocktake import freeze
from jxc_app.jxc_reports import period_balance


def before_submit(doc, method=None):
	freeze.check_freeze(doc)


def on_submit(doc, method=None):
	alert_runner.on_ledger_change(doc.item_code, doc.warehouse)
	period_balance.queue_sync_after_commit()
