"""Sales Invoice: the credit notes and replacement invoices of a Sales Return Request keep its
progress (``jxc_app.jxc_returns.sales_return.lifecycle.follow``)."""

from jxc_app.jxc_returns.sales_return import lifecycle as sales_return


def on_submit(doc, method=None):
	sales_return.follow(doc)


def on_cancel(doc, method=None):
	sales_return.follow(doc)
