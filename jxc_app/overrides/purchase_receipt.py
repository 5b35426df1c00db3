"""Handlers on ERPNext's Purchase Receipt: receipts made for a Purchase Return Request (returns and
replacements) keep the request's progress (jxc_app.jxc_returns)."""

from jxc_app.jxc_returns import purchase_return_actions


def before_submit(doc, method=None):
	purchase_return_actions.check_receipt(doc, method)


def on_submit(doc, method=None):
	purchase_return_actions.receipt_changed(doc, method)


def on_cancel(doc, method=None):
	purchase_return_actions.receipt_changed(doc, method)
