// 预警 list: status colours, and acknowledge / assign / resolve / ignore for the selected alerts.
frappe.listview_settings["JXC Alert"] = {
	add_fields: ["status", "severity", "alert_type"],
	get_indicator(doc) {
		const colours = {
			New: "red",
			Acknowledged: "orange",
			"In Progress": "blue",
			Resolved: "green",
			Ignored: "gray",
		};
		return [__(doc.status), colours[doc.status] || "gray", "status,=," + doc.status];
	},
	onload(listview) {
		const selected = () => listview.get_checked_items(true);
		const refresh = () => listview.refresh();
		const bulk = (label, action) =>
			listview.page.add_actions_menu_item(label, () => {
				const names = selected();
				if (!names.length) {
					frappe.msgprint(__("Select the alerts first."));
					return;
				}
				action(names);
			});
		bulk(__("Acknowledge"), (names) => jxc.alerts.call("acknowledge", { names: names }, refresh));
		bulk(__("Assign"), (names) => jxc.alerts.assign(names, refresh));
		bulk(__("Resolve"), (names) => jxc.alerts.resolve(names, refresh));
		bulk(__("Ignore"), (names) => jxc.alerts.snooze(names, refresh));
		listview.page.add_inner_button(__("Alert Center"), () => frappe.set_route("alert-center"));
	},
};
