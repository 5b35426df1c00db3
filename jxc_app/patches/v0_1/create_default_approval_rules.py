from jxc_app.setup.install import create_default_approval_rules


def execute():
	create_default_approval_rules()
