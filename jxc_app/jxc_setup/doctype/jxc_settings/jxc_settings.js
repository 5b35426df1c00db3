// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

frappe.ui.form.on("JXC Settings", {
	refresh(frm) {
		frm.set_intro(__("Changes apply to documents saved from now on."));
		if (frm.doc.enable_pinyin_search) {
			// a background job (long queue): its progress shows while it runs
			frm.add_custom_button(__("Refill Pinyin Initials"), () => {
				frappe.xcall("jxc_app.utils.pinyin_search.refill_pinyin_initials").then((job_id) => {
					frappe.show_alert({
						message: __("Queued: the pinyin initials are refilled in the background (job {0}).", [job_id]),
						indicator: "blue",
					});
				});
			});
		}
	},
});
