"""The 库存上下限 table on Item (JXC Stock Limit, jxc_app.setup.customizations) on sites installed before it."""

from jxc_app.setup.install import sync_customizations


def execute():
	sync_customizations()
