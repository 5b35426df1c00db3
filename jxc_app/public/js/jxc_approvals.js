// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt
//
// Approval chain and buttons on the form of every document type an approval rule covers.

frappe.provide("jxc_app.approvals");

jxc_app.approvals.METHOD = "jxc_app.jxc_approvals.engine.";
jxc_app.approvals.STATUS_COLORS = {
	"Pending Approval": "orange",
	Approved: "green",
	Rejected: "red",
	Withdrawn: "gray",
	Waiting: "gray",
	Pending: "orange",
	Skipped: "gray",
	Transferred: "blue",
	Cancelled: "gray",
};

jxc_app.approvals.call = (frm, method, args, message) =>
	frappe
		.call({
			method: jxc_app.approvals.METHOD + method,
			args: Object.assign({ doctype: frm.doctype, name: frm.docname }, args || {}),
			freeze: true,
		})
		.then(() => {
			if (message) frappe.show_alert({ message: message, indicator: "green" });
			frm.reload_doc();
		});

jxc_app.approvals.render = (frm, state) => {
	const request = state.request;
	const group = __("Approval");
	if (!request && !state.covered) return;

	if (request) {
		const rows = request.steps
			.map((row) => {
				const color = jxc_app.approvals.STATUS_COLORS[row.status] || "gray";
				const who = row.acted_by && row.on_behalf_of
					? __("{0} on behalf of {1}", [row.acted_by, row.on_behalf_of])
					: row.approver || "";
				const comment = row.comment ? ` — ${frappe.utils.escape_html(row.comment)}` : "";
				return `<div>${__("Step")} ${row.step_no} · ${frappe.utils.escape_html(__(row.step_name))}
					(${__(row.mode)}): ${frappe.utils.escape_html(who)}
					<span class="indicator-pill ${color}">${__(row.status)}</span>${comment}</div>`;
			})
			.join("");
		const color = jxc_app.approvals.STATUS_COLORS[request.status] || "gray";
		frm.dashboard.set_headline_alert(
			`<div><span class="indicator-pill ${color}">${__(request.status)}</span>
			<a href="/app/approval-request/${request.name}">${request.name}</a></div>${rows}`
		);
	} else if (frm.doc.docstatus === 0 && !state.approved) {
		frm.dashboard.set_headline_alert(
			__("This document needs approval ({0}) before it can be submitted.", [state.rule]),
			"orange"
		);
	}

	const pending = request && request.status === "Pending Approval";
	if (frm.doc.docstatus === 0 && state.rule && !state.approved && !frm.is_dirty()) {
		// Submit would be refused: offer what can be done instead
		if (pending) {
			frm.page.clear_primary_action();
		} else {
			frm.page.set_primary_action(__("Request Approval"), () =>
				jxc_app.approvals.call(frm, "request_approval", {}, __("Sent for approval"))
			);
		}
	}
	if (pending && request.can_act) {
		frm.add_custom_button(
			__("Approve"),
			() => {
				frappe.prompt(
					{ fieldname: "comment", fieldtype: "Small Text", label: __("Comment") },
					(values) => jxc_app.approvals.call(frm, "approve", values, __("Approved")),
					__("Approve")
				);
			},
			group
		);
		const earlier = [...new Set(request.steps.filter((r) => r.step_no < request.current_step && r.status !== "Skipped").map((r) => String(r.step_no)))];
		frm.add_custom_button(
			__("Reject"),
			() => {
				frappe.prompt(
					[
						{ fieldname: "comment", fieldtype: "Small Text", label: __("Comment"), reqd: 1 },
						{
							fieldname: "send_back_to_step",
							fieldtype: "Select",
							label: __("Send Back to Step"),
							options: [""].concat(earlier),
							description: __("Empty: back to the requester"),
						},
					],
					(values) => jxc_app.approvals.call(frm, "reject", values, __("Rejected")),
					__("Reject")
				);
			},
			group
		);
		frm.add_custom_button(
			__("Transfer"),
			() => {
				frappe.prompt(
					[
						{ fieldname: "to_user", fieldtype: "Link", options: "User", label: __("To User"), reqd: 1 },
						{ fieldname: "comment", fieldtype: "Small Text", label: __("Comment") },
					],
					(values) => jxc_app.approvals.call(frm, "transfer", values, __("Transferred")),
					__("Transfer")
				);
			},
			group
		);
	}
	if (pending && request.is_requester) {
		frm.add_custom_button(
			__("Withdraw"),
			() => jxc_app.approvals.call(frm, "withdraw", {}, __("Withdrawn")),
			group
		);
	}
};

$(document).on("form-refresh", (event, frm) => {
	const covered = frappe.boot.jxc_approval_doctypes || [];
	if (!frm || frm.is_new() || !covered.includes(frm.doctype)) return;
	frappe
		.xcall("jxc_app.jxc_approvals.api.get_approval_state", {
			doctype: frm.doctype,
			name: frm.docname,
		})
		.then((state) => jxc_app.approvals.render(frm, state));
});
