"""Department Head (``Department.jxc_department_head``) links to a User instead of an Employee.

The link to Employee made a cycle (Employee → Department → Employee) that broke the order in which
Frappe's test runner makes test records. Each head that names an Employee becomes that employee's
user; a head whose employee has no user is cleared (it never resolved to an approver).
"""

import frappe

from jxc_app.setup.install import sync_customizations


def execute():
	if not frappe.db.has_column("Department", "jxc_department_head"):
		sync_customizations()
		return
	department = frappe.qb.DocType("Department")
	heads = (
		frappe.qb.from_(department)
		.select(department.name, department.jxc_department_head)
		.where(department.jxc_department_head.isnotnull() & (department.jxc_department_head != ""))
		.run(as_dict=True)
	)
	for row in heads:
		if frappe.db.exists("User", row.jxc_department_head):
			continue
		user = frappe.db.get_value("Employee", row.jxc_department_head, "user_id")
		frappe.db.set_value(
			"Department", row.name, "jxc_department_head", user or None, update_modified=False
		)
	sync_customizations()
