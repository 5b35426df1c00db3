// 预警 actions shared by the alert's form, its list and the 预警中心 page (POST, permission-checked on the server).
frappe.provide("jxc.alerts");

jxc.alerts.OPEN = ["New", "Acknowledged", "In Progress", "Ignored"];
jxc.alerts.API = "jxc_app.jxc_alerts.api.";

jxc.alerts.call = function (method, args, after) {
	return frappe.call({
		method: jxc.alerts.API + method,
		type: "POST",
		args: args,
		freeze: true,
		callback: (r) => {
			if (!r.exc && after) after(r.message);
		},
	});
};

jxc.alerts.assign = function (names, after) {
	frappe.prompt(
		[{ fieldname: "user", fieldtype: "Link", options: "User", label: __("Assign To"), reqd: 1 }],
		(values) => jxc.alerts.call("assign", { names: names, user: values.user }, after),
		__("Assign Alerts"),
		__("Assign")
	);
};

jxc.alerts.resolve = function (names, after) {
	frappe.prompt(
		[{ fieldname: "comment", fieldtype: "Small Text", label: __("Comment") }],
		(values) => jxc.alerts.call("resolve", { names: names, comment: values.comment }, after),
		__("Resolve Alerts"),
		__("Resolve")
	);
};

jxc.alerts.snooze = function (names, after) {
	frappe.prompt(
		[
			{
				fieldname: "until",
				fieldtype: "Date",
				label: __("Ignore Until"),
				reqd: 1,
				default: frappe.datetime.add_days(frappe.datetime.get_today(), 7),
			},
		],
		(values) => jxc.alerts.call("snooze", { names: names, until: values.until }, after),
		__("Ignore Alerts"),
		__("Ignore")
	);
};
