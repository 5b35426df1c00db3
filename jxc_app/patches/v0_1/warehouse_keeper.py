"""预警中心: Warehouse.jxc_keeper (the keeper who receives the warehouse's alerts)."""

from jxc_app.setup.install import sync_customizations


def execute():
	sync_customizations()
