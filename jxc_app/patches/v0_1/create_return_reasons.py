"""The default 退货原因 (Return Reason) on sites installed before returns."""

from jxc_app.setup.install import create_default_return_reasons


def execute():
	create_default_return_reasons()
