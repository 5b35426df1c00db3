// Copyright (c) 2026, jxc_app contributors
// License: GNU General Public License v3. See license.txt

// 销售出库: the order's 已发货 / 已开票 / 已收款 progress in the dashboard, and on a submitted order not
// fully delivered a 缺货检查 dialog (shortfall per line, other warehouses, 生成调拨单 in one click).
const JXC_DELIVERY = "jxc_app.jxc_selling.delivery";

frappe.ui.form.on("Sales Order", {
	refresh(frm) {
		jxc_render_order_progress(frm);
		if (
			frm.doc.docstatus === 1 &&
			flt(frm.doc.per_delivered) < 100 &&
			!["Closed", "On Hold", "Completed"].includes(frm.doc.status)
		) {
			frm.add_custom_button(__("Check Shortfalls"), () => jxc_show_shortfalls(frm));
		}
	},
});

function jxc_render_order_progress(frm) {
	frm.layout.wrapper.find(".jxc-order-progress").remove();
	if (frm.is_new() || frm.doc.docstatus !== 1) return;
	const name = frm.doc.name;
	frappe.call({
		method: `${JXC_DELIVERY}.get_order_progress`,
		type: "GET",
		args: { sales_order: name },
		callback(r) {
			const p = r.message;
			if (!p || frm.doc.name !== name) return;
			frm.layout.wrapper.find(".jxc-order-progress").remove();
			const money = (value) => format_currency(value, p.currency);
			const bar = (label, amount, percent, color) => `
				<div class="col-sm-4" style="margin-bottom: 8px">
					<div class="small text-muted">${label}</div>
					<div><b>${money(amount)}</b> <span class="text-muted">(${flt(percent, 2)}%)</span></div>
					<div class="progress" style="height: 6px; margin-top: 4px">
						<div class="progress-bar ${color}" role="progressbar"
							style="width: ${Math.min(100, flt(percent))}%"></div>
					</div>
				</div>`;
			const html = `<div class="row">
				${bar(__("Delivered to Date"), p.delivered_amount, p.per_delivered, "bg-info")}
				${bar(__("Invoiced to Date"), p.billed_amount, p.per_billed, "bg-warning")}
				${bar(__("Collected to Date"), p.paid_amount, p.per_paid, "bg-success")}
			</div>`;
			// above the tabs' content, so it shows on every tab (the dashboard is in the Connections tab)
			const block = $(`<div class="jxc-order-progress" style="padding: 12px 20px; border-bottom: 1px solid var(--border-color)">
				<div class="section-head" style="margin-bottom: 8px">${__("Order Progress")}</div>
				${html}
			</div>`);
			const tabs = frm.layout.tabs_content;
			const page = frm.layout.wrapper.find(".form-page").first();
			if (tabs && tabs.length) {
				block.insertBefore(tabs);
			} else if (page.length) {
				block.prependTo(page);
			} else {
				frm.dashboard.add_section(html, __("Order Progress"), "custom jxc-order-progress");
			}
		},
	});
}

function jxc_show_shortfalls(frm) {
	frappe.call({
		method: `${JXC_DELIVERY}.get_shortfalls`,
		type: "GET",
		args: { sales_order: frm.doc.name },
		freeze: true,
		callback(r) {
			const result = r.message;
			if (!result) return;
			const dialog = new frappe.ui.Dialog({
				title: __("Stock Shortfalls of {0}", [frm.doc.name]),
				size: "extra-large",
				fields: [{ fieldtype: "HTML", fieldname: "table" }],
			});
			dialog.fields_dict.table.$wrapper.html(jxc_shortfall_html(result));
			dialog.$wrapper.on("click", "[data-jxc-transfer]", function () {
				const button = $(this);
				button.prop("disabled", true);
				frappe
					.call({
						method: `${JXC_DELIVERY}.make_transfer_order`,
						args: {
							sales_order: frm.doc.name,
							from_warehouse: button.attr("data-from"),
							to_warehouse: button.attr("data-to"),
						},
						freeze: true,
					})
					.then((answer) => {
						dialog.hide();
						frappe.show_alert({
							message: __("Stock Transfer Order {0} created", [answer.message]),
							indicator: "green",
						});
						frappe.set_route("Form", "Stock Transfer Order", answer.message);
					})
					.catch(() => button.prop("disabled", false));
			});
			dialog.show();
		},
	});
}

function jxc_shortfall_html(result) {
	const esc = (value) => frappe.utils.escape_html(String(value ?? ""));
	if (!result.lines.length) {
		return `<p class="text-muted">${__("Nothing remains to be delivered from stock.")}</p>`;
	}
	const rows = result.lines
		.map((line) => {
			const short = flt(line.shortfall) > 0;
			const others = line.alternatives.length
				? line.alternatives
						.map(
							(alt) => `<div style="margin-bottom: 4px">
								${esc(alt.warehouse)}: <b>${flt(alt.qty)}</b>
								${
									short
										? `<button class="btn btn-xs btn-default" data-jxc-transfer="1"
											data-from="${esc(alt.warehouse)}" data-to="${esc(line.warehouse)}">
											${__("Make Transfer Order")}</button>`
										: ""
								}
							</div>`
						)
						.join("")
				: `<span class="text-muted">${__("No other warehouse has it")}</span>`;
			return `<tr>
				<td>${line.idx}</td>
				<td>${esc(line.item_code)}<div class="small text-muted">${esc(line.item_name)}</div></td>
				<td>${esc(line.warehouse)}</td>
				<td class="text-right">${flt(line.required)} ${esc(__(line.stock_uom))}</td>
				<td class="text-right">${flt(line.available)}</td>
				<td class="text-right">${flt(line.incoming)}${(line.incoming_transfers || [])
					.map(
						(name) =>
							`<div class="small"><a href="/app/stock-transfer-order/${encodeURIComponent(
								name
							)}">${esc(name)}</a></div>`
					)
					.join("")}</td>
				<td class="text-right ${short ? "text-danger" : "text-success"}"><b>${flt(
				line.shortfall
			)}</b></td>
				<td>${others}</td>
			</tr>`;
		})
		.join("");
	const transfers = (result.transfer_orders || [])
		.map(
			(order) =>
				`<a href="/app/stock-transfer-order/${encodeURIComponent(order.name)}">${esc(
					order.name
				)}</a> (${esc(__(order.status))}, ${esc(order.from_warehouse)} → ${esc(order.to_warehouse)})`
		)
		.join("<br>");
	return `
		${result.has_shortfall ? "" : `<p class="text-success">${__("Stock covers every line.")}</p>`}
		<table class="table table-bordered table-condensed">
			<thead><tr>
				<th>#</th><th>${__("Item")}</th><th>${__("Warehouse")}</th>
				<th class="text-right">${__("Qty Required")}</th><th class="text-right">${__("Qty on Hand")}</th>
				<th class="text-right">${__("Incoming on Transfer Orders")}</th>
				<th class="text-right">${__("Qty Short")}</th><th>${__("Other Warehouses")}</th>
			</tr></thead>
			<tbody>${rows}</tbody>
		</table>
		<p class="small text-muted">${__(
			"Quantities in stock units; available is the quantity on hand (other orders' reservations are not deducted)."
		)} ${__(
			"The shortfall is net of what open Stock Transfer Orders to the warehouse still bring."
		)}</p>
		${transfers ? `<p><b>${__("Transfer Orders for this order")}</b><br>${transfers}</p>` : ""}`;
}

// 信用管控: on a draft over its customer's credit, or with invoices overdue beyond the settings' days, the
// 信用检查 field of the 信用管控 section says by how much (the approval engine's headline names the rule).
frappe.ui.form.on("Sales Order", {
	refresh(frm) {
		const df = frm.get_docfield("jxc_credit_check");
		if (!df) return;
		if (frm.jxc_credit_description === undefined) frm.jxc_credit_description = df.description || "";
		const check = frm.doc.jxc_credit_check;
		let description = frm.jxc_credit_description;
		if (frm.doc.docstatus === 0 && check && check !== "OK") {
			const currency = erpnext.get_currency(frm.doc.company);
			const label =
				check === "Over Limit"
					? __("Over credit limit: {0} available, order {1}", [
							format_currency(frm.doc.jxc_credit_available, currency),
							format_currency(frm.doc.base_grand_total, currency),
					  ])
					: __("Invoices overdue {0} days: {1}", [
							frm.doc.jxc_max_overdue_days,
							format_currency(frm.doc.jxc_overdue_amount, currency),
					  ]);
			description = `<span class="indicator-pill orange">${label} · ${__("Needs credit approval")}</span>`;
		}
		frm.set_df_property("jxc_credit_check", "description", description);
	},
});
