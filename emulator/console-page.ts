/**
 * The emulator's console: one page served at `/__emulator/`, with no framework and nothing fetched from elsewhere.
 * It reads the admin routes (`/app`, `/overview`, `/messages`, `/stats`, `/history`, `/faults`) and changes nothing
 * but the fault rules and, after a confirmation, a reset. A group's messages come a page at a time, newest first:
 * the console never loads a whole history. Every value from the state is put in the page as text (textContent),
 * never as markup: group names and nicknames come from the migrated data. Its icon is empty inline, so a browser's
 * favicon request never shows in the emulator's own call counts.
 */
export const CONSOLE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tencent Chat emulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
  :root { --ink: #1d2733; --muted: #66717d; --line: #dde3ea; --accent: #0b6bcb; --bad: #c62828; --bg: #f6f8fa; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: var(--ink); background: var(--bg); }
  header { display: flex; align-items: center; gap: 16px; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 17px; margin: 0; }
  header .totals { color: var(--muted); flex: 1; }
  nav { display: flex; gap: 4px; padding: 8px 20px 0; }
  nav button { border: 1px solid var(--line); border-bottom: none; background: #eef2f6; padding: 6px 14px; border-radius: 6px 6px 0 0; cursor: pointer; }
  nav button[aria-selected="true"] { background: #fff; font-weight: 600; }
  main { background: #fff; margin: 0 20px 20px; border: 1px solid var(--line); padding: 16px; min-height: 60vh; }
  section[hidden] { display: none; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; }
  tbody tr.pick { cursor: pointer; }
  tbody tr.pick:hover, tbody tr.selected { background: #eaf2fb; }
  .row { display: flex; gap: 16px; align-items: flex-start; }
  .row > * { flex: 1; min-width: 0; }
  .tools { display: flex; gap: 8px; margin-bottom: 10px; align-items: center; }
  .muted { color: var(--muted); }
  .bad { color: var(--bad); }
  textarea { width: 100%; min-height: 160px; font: 12px/1.4 ui-monospace, monospace; }
  pre { background: var(--bg); padding: 8px; overflow: auto; font-size: 12px; }
  button.danger { color: #fff; background: var(--bad); border: none; padding: 6px 12px; border-radius: 4px; cursor: pointer; }
  button.action { color: #fff; background: var(--accent); border: none; padding: 6px 12px; border-radius: 4px; cursor: pointer; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; }
  dt { color: var(--muted); }
  canvas { width: 100%; height: 220px; border: 1px solid var(--line); }
  .legend span { margin-right: 14px; }
</style>
</head>
<body>
<header>
  <h1>Tencent Chat emulator</h1>
  <span class="totals" id="totals">loading...</span>
  <button id="refresh">Refresh</button>
  <button class="danger" id="reset">Reset everything</button>
</header>
<nav role="tablist">
  <button role="tab" data-tab="groups" aria-selected="true">Groups</button>
  <button role="tab" data-tab="accounts">Accounts</button>
  <button role="tab" data-tab="calls">Calls</button>
  <button role="tab" data-tab="faults">Faults</button>
</nav>
<main>
  <section id="tab-groups">
    <div class="tools">
      <label>Type <select id="group-type"><option value="">all</option><option>Private</option><option>Public</option><option>ChatRoom</option><option>AVChatRoom</option><option>Community</option></select></label>
      <input id="group-search" placeholder="GroupId or name" size="28">
      <span class="muted" id="groups-count"></span>
    </div>
    <div class="row">
      <table id="groups-table"><thead><tr><th>GroupId</th><th>Type</th><th>Name</th><th>Members</th><th>Topics</th><th>Messages</th></tr></thead><tbody></tbody></table>
      <div id="group-detail"><p class="muted">Pick a group to see its members and topics.</p></div>
    </div>
  </section>
  <section id="tab-accounts" hidden>
    <div class="tools"><input id="account-search" placeholder="UserID or nick" size="28"><span class="muted" id="accounts-count"></span></div>
    <table id="accounts-table"><thead><tr><th>UserID</th><th>Nick</th><th>Face URL</th><th>Groups</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="tab-calls" hidden>
    <p class="legend"><span style="color:#0b6bcb">&#9632; calls per second</span><span style="color:#c62828">&#9632; rejected per second</span><span class="muted">last 120 s, live</span></p>
    <canvas id="calls-chart" width="960" height="220"></canvas>
    <table id="calls-table"><thead><tr><th>Command</th><th>Calls</th><th>Rejected</th><th>Rate-limited</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="tab-faults" hidden>
    <div class="row">
      <div>
        <h3>Active rules</h3>
        <table id="faults-table"><thead><tr><th>Command</th><th>Probability</th><th>Times</th><th>Action</th><th>Fired</th></tr></thead><tbody></tbody></table>
        <p class="muted" id="faults-seed"></p>
        <h3>Injected</h3>
        <pre id="faults-injected">{}</pre>
      </div>
      <div>
        <h3>Set rules</h3>
        <textarea id="faults-editor">{"seed": 1, "rules": [{"command": "*", "probability": 0.1, "action": {"type": "error", "code": 10002}}]}</textarea>
        <div class="tools"><button class="action" id="faults-apply">Apply rules</button><button id="faults-clear">Clear rules</button><span id="faults-message"></span></div>
      </div>
    </div>
  </section>
</main>
<script>
"use strict";
const BASE = location.pathname.replace(/\\/$/, "");
let token = sessionStorage.getItem("emulator-admin-token") || "";
let state = { accounts: {}, groups: {}, messageCounts: { groups: {}, conversations: 0, c2c: 0 } };
let selected = "";
// The selected group's message pages: the "before" of each page shown so far (the first is the newest page).
let messagePages = [0];

async function api(path, init) {
  const headers = Object.assign({ "content-type": "application/json" }, token ? { authorization: "Bearer " + token } : {});
  const res = await fetch(BASE + path, Object.assign({ headers }, init || {}));
  if (res.status === 401) {
    token = prompt("This emulator's admin interface needs its token (--admin-token):") || "";
    sessionStorage.setItem("emulator-admin-token", token);
    return api(path, init);
  }
  const body = await res.json();
  if (!res.ok) throw new Error((body.error || [res.statusText]).join("; "));
  return body;
}

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}
function row(cells, attrs) {
  const tr = el("tr", undefined, attrs);
  for (const c of cells) tr.appendChild(el("td", c));
  return tr;
}
function fill(tableId, rows) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren(...rows);
}

function renderGroups() {
  const type = document.getElementById("group-type").value;
  const q = document.getElementById("group-search").value.toLowerCase();
  const groups = Object.values(state.groups).filter((g) => (!type || g.type === type) && (!q || g.groupId.toLowerCase().includes(q) || g.name.toLowerCase().includes(q)));
  groups.sort((a, b) => a.groupId.localeCompare(b.groupId));
  const shown = groups.slice(0, 500);
  document.getElementById("groups-count").textContent = groups.length + " group(s)" + (groups.length > shown.length ? ", first 500 shown" : "");
  fill("groups-table", shown.map((g) => {
    const tr = row([g.groupId, g.type, g.name, Object.keys(g.members).length, Object.keys(g.topics).length, messageCount(g.groupId)], { class: "pick" + (g.groupId === selected ? " selected" : ""), "data-group": g.groupId });
    tr.addEventListener("click", () => { if (selected !== g.groupId) messagePages = [0]; selected = g.groupId; renderGroups(); renderDetail(); });
    return tr;
  }));
}

function renderDetail() {
  const box = document.getElementById("group-detail");
  const g = state.groups[selected];
  if (!g) { box.replaceChildren(el("p", "Pick a group to see its members and topics.", { class: "muted" })); return; }
  const dl = el("dl");
  const fields = [["GroupId", g.groupId], ["Type", g.type], ["Name", g.name], ["Owner", g.ownerAccount || "(none)"], ["Created", new Date(g.createTime * 1000).toISOString()], ["Max members", g.maxMemberCount], ["Join option", g.applyJoinOption || "-"], ["Topics enabled", g.supportTopic ? "yes" : "no"], ["Mute all", g.muteAllMember || "Off"], ["Introduction", g.introduction || ""], ["Notice", g.notification || ""]];
  for (const [k, v] of fields) { dl.appendChild(el("dt", k)); dl.appendChild(el("dd", v)); }
  const members = el("table", undefined, { id: "members-table" });
  members.appendChild(el("thead")).appendChild(row(["Member", "Role", "Joined", "Unread"]));
  const mb = members.appendChild(el("tbody"));
  for (const m of Object.values(g.members)) mb.appendChild(row([m.account, m.role, new Date(m.joinTime * 1000).toISOString(), m.unreadMsgNum]));
  const topics = el("table", undefined, { id: "topics-table" });
  topics.appendChild(el("thead")).appendChild(row(["TopicId", "Name", "Creator"]));
  const tb = topics.appendChild(el("tbody"));
  for (const t of Object.values(g.topics)) tb.appendChild(row([t.topicId, t.topicName, t.fromAccount || ""]));
  const messages = el("div", undefined, { id: "group-messages" });
  box.replaceChildren(el("h3", g.name), dl, el("h4", "Members (" + Object.keys(g.members).length + ")"), members, el("h4", "Topics (" + Object.keys(g.topics).length + ")"), topics, el("h4", "Messages (" + messageCount(g.groupId) + ")"), messages);
  loadMessages(g.groupId).catch((e) => { messages.replaceChildren(el("p", "cannot read the messages: " + e.message, { class: "bad" })); });
}

function messageCount(groupId) {
  return (state.messageCounts && state.messageCounts.groups[groupId]) || 0;
}

/** What a message says: the text of its TIMTextElem elements; any other element by its type, e.g. [TIMImageElem]. */
function messageText(body) {
  return body.map((e) => (e.MsgType === "TIMTextElem" && e.MsgContent ? String(e.MsgContent.Text) : "[" + e.MsgType + "]")).join(" ");
}

async function loadMessages(groupId) {
  const before = messagePages[messagePages.length - 1];
  const page = await api("/messages?group=" + encodeURIComponent(groupId) + "&limit=50" + (before ? "&before=" + before : ""));
  if (selected !== groupId) return;
  const box = document.getElementById("group-messages");
  if (!box) return;
  const table = el("table", undefined, { id: "messages-table" });
  table.appendChild(el("thead")).appendChild(row(["MsgSeq", "Time", "Sender", "Message"]));
  const tb = table.appendChild(el("tbody"));
  for (const m of page.messages) tb.appendChild(row([m.msgSeq, new Date(m.msgTimeStamp * 1000).toISOString(), m.fromAccount, messageText(m.msgBody)]));
  const newer = el("button", "Newer", { id: "messages-newer" });
  const older = el("button", "Older", { id: "messages-older" });
  newer.disabled = messagePages.length === 1;
  older.disabled = page.next === 0;
  newer.addEventListener("click", () => { messagePages.pop(); renderDetail(); });
  older.addEventListener("click", () => { messagePages.push(page.next); renderDetail(); });
  const first = page.messages[0];
  const last = page.messages[page.messages.length - 1];
  const where = el("span", page.messages.length ? "MsgSeq " + first.msgSeq + " to " + last.msgSeq + " of " + page.total + ", newest first" : "no messages", { class: "muted", id: "messages-page" });
  const tools = el("div", undefined, { class: "tools" });
  tools.append(newer, older, where);
  box.replaceChildren(tools, table);
}

function renderAccounts() {
  const q = document.getElementById("account-search").value.toLowerCase();
  const memberships = {};
  for (const g of Object.values(state.groups)) for (const a of Object.keys(g.members)) memberships[a] = (memberships[a] || 0) + 1;
  const accounts = Object.values(state.accounts).filter((a) => !q || a.userId.toLowerCase().includes(q) || (a.nick || "").toLowerCase().includes(q));
  accounts.sort((a, b) => a.userId.localeCompare(b.userId));
  document.getElementById("accounts-count").textContent = accounts.length + " account(s)";
  fill("accounts-table", accounts.slice(0, 1000).map((a) => row([a.userId, a.nick || "", a.faceUrl || "", memberships[a.userId] || 0])));
}

function renderTotals(app) {
  const groups = Object.values(state.groups);
  const members = groups.reduce((n, g) => n + Object.keys(g.members).length, 0);
  const topics = groups.reduce((n, g) => n + Object.keys(g.topics).length, 0);
  const counts = state.messageCounts || { groups: {}, c2c: 0 };
  const messages = Object.values(counts.groups).reduce((n, c) => n + c, 0) + counts.c2c;
  document.getElementById("totals").textContent = "SDKAppID " + app.sdkAppId + " (" + (app.strict ? "strict" : "loose") + ") - " + Object.keys(state.accounts).length + " accounts, " + groups.length + " groups, " + members + " members, " + topics + " topics, " + messages + " messages";
}

function drawChart(seconds) {
  const canvas = document.getElementById("calls-chart");
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height, left = 40, bottom = 20;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(1, ...seconds.map((s) => s.calls));
  ctx.strokeStyle = "#dde3ea"; ctx.fillStyle = "#66717d"; ctx.font = "11px sans-serif";
  for (const f of [0, 0.5, 1]) {
    const y = h - bottom - f * (h - bottom - 10);
    ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(w, y); ctx.stroke();
    ctx.fillText(String(Math.round(f * max)), 4, y + 4);
  }
  const x = (i) => left + (i / Math.max(1, seconds.length - 1)) * (w - left - 4);
  const y = (v) => h - bottom - (v / max) * (h - bottom - 10);
  for (const [key, color] of [["calls", "#0b6bcb"], ["rejected", "#c62828"]]) {
    ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.beginPath();
    seconds.forEach((s, i) => (i ? ctx.lineTo(x(i), y(s[key])) : ctx.moveTo(x(i), y(s[key]))));
    ctx.stroke();
  }
  ctx.fillStyle = "#66717d"; ctx.fillText("-120 s", left, h - 4); ctx.fillText("now", w - 28, h - 4);
  canvas.dataset.points = String(seconds.filter((s) => s.calls > 0).length);
  canvas.dataset.total = String(seconds.reduce((n, s) => n + s.calls, 0));
}

async function refreshCalls() {
  const [stats, history] = await Promise.all([api("/stats"), api("/history")]);
  fill("calls-table", Object.entries(stats.commands).sort().map(([c, v]) => {
    const tr = row([c, v.calls, v.rejected, v.rateLimited]);
    if (v.rejected > 0) tr.children[2].className = "bad";
    return tr;
  }));
  drawChart(history.seconds);
}

async function refreshFaults() {
  const faults = await api("/faults");
  fill("faults-table", faults.rules.map((r) => row([r.command, r.probability, r.times === undefined ? "unlimited" : r.times, JSON.stringify(r.action), r.fired])));
  document.getElementById("faults-seed").textContent = faults.rules.length ? "seed " + faults.seed : "No fault rules: every call is answered normally.";
  document.getElementById("faults-injected").textContent = JSON.stringify(faults.injected, null, 2);
}

async function refreshState() {
  const [app, s] = await Promise.all([api("/app"), api("/overview")]);
  state = s;
  renderTotals(app);
  renderGroups();
  renderDetail();
  renderAccounts();
}

async function refreshAll() {
  await Promise.all([refreshState(), refreshCalls(), refreshFaults()]);
  document.body.dataset.loaded = "true";
}

function message(text, bad) {
  const m = document.getElementById("faults-message");
  m.textContent = text;
  m.className = bad ? "bad" : "muted";
}

document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => {
  document.querySelectorAll("nav button").forEach((o) => o.setAttribute("aria-selected", String(o === b)));
  document.querySelectorAll("main section").forEach((s) => (s.hidden = s.id !== "tab-" + b.dataset.tab));
}));
document.getElementById("group-type").addEventListener("change", renderGroups);
document.getElementById("group-search").addEventListener("input", renderGroups);
document.getElementById("account-search").addEventListener("input", renderAccounts);
document.getElementById("refresh").addEventListener("click", refreshAll);
document.getElementById("reset").addEventListener("click", async () => {
  if (!confirm("Reset the emulator? Every account, group, member and topic, and the call counts, are deleted.")) return;
  await api("/reset", { method: "POST" });
  selected = "";
  messagePages = [0];
  await refreshAll();
});
document.getElementById("faults-apply").addEventListener("click", async () => {
  let config;
  try { config = JSON.parse(document.getElementById("faults-editor").value); } catch (e) { return message("not JSON: " + e.message, true); }
  try { const r = await api("/faults", { method: "POST", body: JSON.stringify(config) }); message(r.rules + " rule(s) active", false); } catch (e) { message(e.message, true); }
  await refreshFaults();
});
document.getElementById("faults-clear").addEventListener("click", async () => {
  await api("/faults", { method: "POST", body: JSON.stringify({ rules: [] }) });
  message("rules cleared", false);
  await refreshFaults();
});

refreshAll().catch((e) => { document.getElementById("totals").textContent = "cannot read the emulator: " + e.message; });
setInterval(() => refreshCalls().catch(() => {}), 1000);
setInterval(() => refreshFaults().catch(() => {}), 3000);
setInterval(() => refreshState().catch(() => {}), 5000);
</script>
</body>
</html>
`;
