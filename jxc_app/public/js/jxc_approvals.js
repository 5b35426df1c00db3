// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt
//
// Approval chain and buttons on the form of every document type an approval rule covers.

frappe.provide("jxc_app.approvals");

jxc_app.approvals.METHOD = "jxc_app.jxc_approvals.actions.";
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

// nothing to approve, or approved: ERPNext's own "Submit this document to confirm" (unless another
// message took the headline meanwhile)
jxc_app.approvals.show_submit_message = (frm) => {
	if (frm.doc.docstatus === 0 && frm.layout.message.hasClass("hidden")) frm.show_submit_message();
};

jxc_app.approvals.render = (frm, state) => {
	const request = state.request;
	const group = __("Approval");
	if (!request && !state.covered && !state.can_request_change) {
		jxc_app.approvals.show_submit_message(frm);
		return;
	}

	if (request) {
		const rows = request.steps
			.map((row) => {
				const color = jxc_app.approvals.STATUS_COLORS[row.status] || "gray";
				// people by their names (王强), not their logins
				const name = (user, full_name) => (user ? full_name || frappe.user.full_name(user) : "");
				const who = row.acted_by && row.on_behalf_of
					? __("{0} on behalf of {1}", [
							name(row.acted_by, row.acted_by_name),
							name(row.on_behalf_of, row.on_behalf_of_name),
					  ])
					: name(row.approver, row.approver_name);
				const comment = row.comment ? ` — ${frappe.utils.escape_html(row.comment)}` : "";
				return `<div>${__("Step")} ${row.step_no} · ${frappe.utils.escape_html(__(row.step_name))}
					(${__(row.mode)}): ${frappe.utils.escape_html(who)}
					<span class="indicator-pill ${color}">${__(row.status)}</span>${comment}</div>`;
			})
			.join("");
		const color = jxc_app.approvals.STATUS_COLORS[request.status] || "gray";
		const requester = request.requester
			? " · " + __("Requested by {0}", [
					frappe.utils.escape_html(request.requester_name || frappe.user.full_name(request.requester)),
			  ])
			: "";
		frm.dashboard.set_headline_alert(
			`<div><span class="indicator-pill ${color}">${__(request.status)}</span>
			<a href="/app/approval-request/${request.name}">${request.name}</a>${requester}</div>${rows}`
		);
	} else if (frm.doc.docstatus === 0 && !state.approved) {
		frm.dashboard.set_headline_alert(
			__("This document needs approval ({0}) before it can be submitted.", [state.rule]),
			"orange"
		);
	}

	const pending = request && request.status === "Pending Approval";
	if (frm.doc.docstatus === 0 && state.rule && !state.approved) {
		// not ERPNext's "Draft" as if it could be submitted now: say what it waits for
		frm.page.set_indicator(pending ? __("Pending Approval") : __("Needs Approval"), "orange");
	} else if (!request) {
		jxc_app.approvals.show_submit_message(frm);
	}
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
	if (state.can_request_change && !pending) {
		frm.add_custom_button(__("Request Change Approval"), () => jxc_app.approvals.change_dialog(frm), group);
	}
	if (pending && request.is_requester) {
		frm.add_custom_button(
			__("Withdraw"),
			() => jxc_app.approvals.call(frm, "withdraw", {}, __("Withdrawn")),
			group
		);
	}
};

// Update Items for a covered order: the same lines ERPNext's dialog sends, held for approval.
jxc_app.approvals.change_dialog = (frm) => {
	const date_field = frm.doctype === "Sales Order" ? "delivery_date" : "schedule_date";
	const dialog = new frappe.ui.Dialog({
		title: __("Request Change Approval"),
		size: "large",
		fields: [
			{
				fieldname: "items",
				fieldtype: "Table",
				label: __("Items"),
				cannot_add_rows: true,
				in_place_edit: true,
				data: frm.doc.items.map((row) => ({
					docname: row.name,
					item_code: row.item_code,
					qty: row.qty,
					rate: row.rate,
					uom: row.uom,
					conversion_factor: row.conversion_factor,
					[date_field]: row[date_field],
				})),
				fields: [
					{ fieldname: "docname", fieldtype: "Data", hidden: 1 },
					{ fieldname: "item_code", fieldtype: "Link", options: "Item", label: __("Item Code"), read_only: 1, in_list_view: 1 },
					{ fieldname: "qty", fieldtype: "Float", label: __("Quantity"), in_list_view: 1, reqd: 1 },
					{ fieldname: "rate", fieldtype: "Currency", label: __("Rate"), in_list_view: 1 },
					{ fieldname: "uom", fieldtype: "Link", options: "UOM", hidden: 1 },
					{ fieldname: "conversion_factor", fieldtype: "Float", hidden: 1 },
					{ fieldname: date_field, fieldtype: "Date", hidden: 1 },
				],
			},
			{ fieldname: "comment", fieldtype: "Small Text", label: __("Comment") },
		],
		primary_action_label: __("Request Approval"),
		primary_action(values) {
			dialog.hide();
			jxc_app.approvals.call(
				frm,
				"request_change_approval",
				{ trans_items: JSON.stringify(values.items), comment: values.comment },
				__("Sent for approval")
			);
		},
	});
	dialog.show();
};

$(document).on("form-refresh", (event, frm) => {
	const covered = frappe.boot.jxc_approval_doctypes || [];
	if (!frm || frm.is_new() || !covered.includes(frm.doctype)) return;
	// a draft an approval rule covers may not be submittable: ERPNext's "Submit this document to
	// confirm" waits until its approval state says it is (render shows it, or what it waits for)
	if (frm.doc.docstatus === 0) frm.dashboard.clear_headline();
	frappe
		.xcall("jxc_app.jxc_approvals.api.get_approval_state", {
			doctype: frm.doctype,
			name: frm.docname,
		})
		.then((state) => jxc_app.approvals.render(frm, state));
});
