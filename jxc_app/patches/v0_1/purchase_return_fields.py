"""到货验收 and 采购退换货: the reject reason on receipt lines and the request links on ERPNext's
documents (jxc_app.setup.customizations), on sites installed before them."""

from jxc_app.setup.install import sync_customizations


def execute():
	sync_customizations()
