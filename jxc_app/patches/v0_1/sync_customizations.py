from jxc_app.setup.install import sync_customizations


def execute():
	sync_customizations()
