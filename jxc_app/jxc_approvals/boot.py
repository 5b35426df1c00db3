from jxc_app.jxc_approvals.rule_lookup import covered_doctypes


def boot_session(bootinfo):
	# the desk asks for approval state only on forms of these doctypes
	bootinfo.jxc_approval_doctypes = covered_doctypes()
