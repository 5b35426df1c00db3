"""信用管控: Sales Order's credit section (limit, used, available, overdue, jxc_credit_check) and the
customer's credit stamp."""

from jxc_app.setup.install import sync_customizations


def execute():
	sync_customizations()
