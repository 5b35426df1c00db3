// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

const STOCKTAKE = "jxc_app.jxc_inventory.stocktake";
// each action in the file of its step
const STOCKTAKE_METHODS = {
	start_counting: `${STOCKTAKE}.snapshot.start_counting`,
	finish_counting: `${STOCKTAKE}.variance.finish_counting`,
	finish_recount: `${STOCKTAKE}.variance.finish_recount`,
	retry_posting: `${STOCKTAKE}.posting.retry_posting`,
	cancel_draft: `${STOCKTAKE}.posting.cancel_draft`,
};

frappe.ui.form.on("Stocktake", {
	setup(frm) {
		frm.set_query("warehouse", "warehouses", () => ({ filters: { company: frm.doc.company, is_group: 0 } }));
	},
	refresh(frm) {
		const manager = frappe.user.has_role("Stock Manager") || frappe.user.has_role("System Manager");
		const call = (method, args, confirm_text) => {
			const run = () =>
				frappe.xcall(STOCKTAKE_METHODS[method], { name: frm.doc.name, ...(args || {}) }).then(() => frm.reload_doc());
			confirm_text ? frappe.confirm(confirm_text, run) : run();
		};
		if (["Counting", "Recount"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Count"), () => frappe.set_route("stocktake-count", { stocktake: frm.doc.name })).addClass(
				"btn-primary"
			);
		}
		if (!manager || frm.is_new()) return;
		if (frm.doc.status === "Draft" && frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Start Counting"), () =>
				call("start_counting", {}, __("Take the book snapshot now and open the count?"))
			);
		}
		if (frm.doc.status === "Counting") {
			frm.add_custom_button(__("Finish Counting"), () =>
				frappe.confirm(__("Lines nobody counted count as 0. Finish the count?"), () =>
					call("finish_counting", { uncounted_as_zero: 1 })
				)
			);
		}
		if (frm.doc.status === "Recount") frm.add_custom_button(__("Finish Recount"), () => call("finish_recount"));
		if (frm.doc.status === "Failed") frm.add_custom_button(__("Retry Posting"), () => call("retry_posting"));
		if (frm.doc.docstatus === 0 && ["Draft", "Counting", "Recount", "Counted", "Rejected"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Call Off"), () => call("cancel_draft", {}, __("Call off this stocktake? Its freeze ends.")));
		}
		if (frm.doc.status === "Posting") {
			frappe.realtime.on("progress", (data) => {
				if (data.docname === frm.doc.name && data.percent === 100) frm.reload_doc();
			});
		}
	},
});
