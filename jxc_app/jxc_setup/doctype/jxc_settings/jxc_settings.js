// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.ui.form.on("JXC Settings", {
	refresh(frm) {
		frm.set_intro(__("Changes apply to documents saved from now on."));
		if (frm.doc.enable_pinyin_search) {
			frm.add_custom_button(__("Refill Pinyin Initials"), () => {
				frappe.call({
					method: "jxc_app.utils.pinyin_search.refill_pinyin_initials",
					freeze: true,
					freeze_message: __("Refilling Pinyin Initials..."),
					callback: (r) => {
						const changed = Object.values(r.message || {}).reduce((a, b) => a + b, 0);
						frappe.show_alert({
							message: __("{0} records updated", [changed]),
							indicator: "green",
						});
					},
				});
			});
		}
	},
});
