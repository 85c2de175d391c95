// Fathom's page: a thin client of the server's own run API (/api/v1/research) and event stream.
// Plain ES module, no build step: it is served as written (see the README on why).

const api = "/api/v1/research";
const $ = (id) => document.getElementById(id);
const keyStore = "fathom.key";
const runStore = "fathom.run";

/** The state of the run on screen; replaced whenever another run is opened. */
let view = null;

// ---- helpers ---------------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function key() { return sessionStorage.getItem(keyStore) || ""; }

function headers(extra = {}) {
  const h = { ...extra };
  if (key()) h.Authorization = "Bearer " + key();
  return h;
}

/** Shows the server's error (or ours) in words; an empty message hides it. */
function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

/** The message of an error response: the API's {"code","message"} JSON, else the status line. */
async function errorText(response) {
  let text = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body && body.message) text = body.message + (body.code ? ` (${body.code})` : "");
  } catch { /* not JSON */ }
  if (response.status === 401) text += " — enter a valid API key above.";
  return text;
}

async function call(method, path, body) {
  const options = { method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (body !== undefined) options.body = JSON.stringify(body);
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new Error("The server cannot be reached: " + e.message);
  }
  if (!response.ok) throw new Error(await errorText(response));
  return response.status === 204 ? null : response.json();
}

function domainOf(url) {
  try { return new URL(url).hostname.replace(/^www\./, ""); } catch { return ""; }
}

function favicon(url) {
  const domain = domainOf(url);
  const letter = el("span", { class: "icon", "aria-hidden": "true", text: (domain[0] || "?").toUpperCase() });
  let origin = "";
  try { origin = new URL(url).origin; } catch { return letter; }
  if (!/^https?:/.test(origin)) return letter;
  // The letter shows until the site's icon has loaded (and stays when it has none).
  const img = el("img", { class: "icon", alt: "", referrerpolicy: "no-referrer" });
  img.addEventListener("load", () => { if (img.naturalWidth > 0) letter.replaceWith(img); }, { once: true });
  img.src = origin + "/favicon.ico";
  return letter;
}

function seconds(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function statusWords(status) {
  return ({ running: "running", completed: "completed", needs_clarification: "waiting for your answers", cancelled: "cancelled",
    failed: "failed", interrupted: "interrupted" })[status] || status;
}

// ---- API key -----------------------------------------------------------------------------------

function showKeyState() {
  $("key-state").textContent = key() ? "Key set for this browser session." : "No key yet.";
}

$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const value = $("api-key").value.trim();
  if (value) sessionStorage.setItem(keyStore, value); else sessionStorage.removeItem(keyStore);
  $("api-key").value = "";
  showKeyState();
  showError("");
  await loadRuns();
});

// ---- past runs ---------------------------------------------------------------------------------

async function loadRuns() {
  if (!key()) { $("runs-list").replaceChildren(); $("runs-empty").hidden = false; return; }
  let list;
  try {
    list = await call("GET", api);
  } catch (e) {
    showError(e.message);
    return;
  }
  const items = list.runs.map((run) => el("li", {},
    el("button", { type: "button", class: "open", "aria-current": view && view.id === run.id ? "true" : "false", onclick: () => openRun(run.id) },
      el("span", { class: "q", text: run.question }),
      el("span", { class: "s", text: `${statusWords(run.status)}${run.live ? " · live" : ""} · ${new Date(run.created_at).toLocaleString()}` })),
    el("button", { type: "button", class: "delete", "aria-label": `Delete the run “${run.question}”`, title: "Delete", text: "✕", onclick: () => deleteRun(run.id, run.question) })));
  $("runs-list").replaceChildren(...items);
  $("runs-empty").hidden = items.length > 0;
}

async function deleteRun(id, question) {
  if (!confirm(`Delete the run “${question}” and its report?`)) return;
  try {
    await call("DELETE", `${api}/${id}/record`);
    if (view && view.id === id) newQuestion();
    await loadRuns();
  } catch (e) { showError(e.message); }
}

$("new-run").addEventListener("click", () => newQuestion());

function newQuestion() {
  stopFollowing();
  view = null;
  sessionStorage.removeItem(runStore);
  history.replaceState(null, "", location.pathname);
  $("run").hidden = true;
  $("ask").hidden = false;
  $("question").focus();
}

// ---- asking ------------------------------------------------------------------------------------

let attachments = [];

$("images").addEventListener("change", async () => {
  attachments = [];
  const list = $("image-list");
  list.replaceChildren();
  for (const file of $("images").files) {
    const data = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    attachments.push(data);
    list.append(el("li", {}, el("img", { src: data, alt: file.name }), el("span", { text: file.name })));
  }
});

$("ask-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showError("");
  const question = $("question").value.trim();
  if (!question) { showError("Write a question first."); return; }
  if (!key()) { showError("Enter your API key above first."); $("api-key").focus(); return; }
  try {
    const started = await call("POST", api, {
      question, images: attachments, clarify: $("clarify").checked, review_plan: $("review-plan").checked,
    });
    await openRun(started.id, started.notice);
    await loadRuns();
  } catch (e) { showError(e.message); }
});

// ---- one run: open, follow, render ------------------------------------------------------------

function freshView(id) {
  return { id, question: "", started: null, finished: null, status: "running", plan: null, planApproved: false,
    rounds: new Map(), sources: new Map(), usage: null, last: 0, controller: null, timer: null, clarification: null };
}

async function openRun(id, notice) {
  stopFollowing();
  showError("");
  view = freshView(id);
  sessionStorage.setItem(runStore, id);
  history.replaceState(null, "", `#run=${encodeURIComponent(id)}`);
  $("ask").hidden = true;
  $("run").hidden = false;
  for (const panel of ["clarify-panel", "plan-panel", "live-panel", "report-panel"]) $(panel).hidden = true;
  $("rounds").replaceChildren();
  $("report").replaceChildren();
  $("notice").hidden = !notice;
  $("notice").textContent = notice || "";
  $("run-title").textContent = "Loading…";
  $("run-meta").textContent = "";
  try {
    const run = await call("GET", `${api}/${id}`);
    view.question = run.question;
    view.status = run.status;
    view.live = run.live;
    $("run-title").textContent = run.question;
  } catch (e) { showError(e.message); return; }
  view.timer = setInterval(tick, 1000);
  follow(view);
  $("main").focus();
}

function stopFollowing() {
  if (!view) return;
  if (view.controller) view.controller.abort();
  if (view.timer) clearInterval(view.timer);
  view.stopped = true;
}

/** Follows the run's events from the last one seen, reconnecting with Last-Event-ID until the run ends. */
async function follow(current) {
  while (!current.stopped) {
    current.controller = new AbortController();
    let response;
    try {
      response = await fetch(`${api}/${current.id}/events`, {
        headers: headers({ "Last-Event-ID": String(current.last), Accept: "text/event-stream" }), signal: current.controller.signal,
      });
    } catch (e) {
      if (current.stopped) return;
      setStatus("reconnecting…");
      await new Promise((r) => setTimeout(r, 1500));
      continue;
    }
    if (!response.ok) { showError(await errorText(response)); return; }
    try {
      await readEvents(response.body, (e) => { if (!current.stopped) apply(current, e); });
    } catch (e) {
      if (current.stopped) return;
    }
    if (current.finished || current.stopped) return;
    // The stream ended before the run did (the run is not live here, or the connection dropped).
    const run = await call("GET", `${api}/${current.id}`).catch(() => null);
    if (!run || !run.live) { setStatus(statusWords(run ? run.status : "interrupted")); render(current); return; }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function readEvents(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5)).join("\n");
      if (data) onEvent(JSON.parse(data));
    }
  }
}

function apply(v, e) {
  if (e.sequence <= v.last) return;
  v.last = e.sequence;
  switch (e.type) {
    case "run_started":
      if (!v.started) v.started = new Date(e.timestamp);
      v.finished = null;
      v.status = "running";
      break;
    case "clarification_requested":
      v.clarification = e;
      break;
    case "plan_created":
      v.plan = { brief: e.brief, outline: [...e.outline] };
      break;
    case "plan_approved":
      v.plan = { brief: e.brief, outline: [...e.outline] };
      v.planApproved = true;
      break;
    case "round_started":
      v.rounds.set(e.round, { round: e.round, goal: e.goal, queries: e.queries, sites: new Map(), done: false });
      break;
    case "sources_found": {
      const round = v.rounds.get(e.round);
      for (const s of e.sources) {
        v.sources.set(s.number, s);
        if (round) round.sites.set(s.number, { card: s, learned: null, skipped: null });
      }
      break;
    }
    case "page_learned": {
      const site = v.rounds.get(e.round)?.sites.get(e.source_number);
      if (site) site.learned = e;
      break;
    }
    case "page_skipped": {
      const site = v.rounds.get(e.round)?.sites.get(e.source_number);
      if (site) site.skipped = e.reason;
      break;
    }
    case "round_finished": {
      const round = v.rounds.get(e.round);
      if (round) { round.done = true; round.reflection = e.reflection; }
      break;
    }
    case "usage_updated":
      v.usage = e.usage;
      break;
    case "run_finished":
      v.finished = new Date(e.timestamp);
      v.status = String(e.status).toLowerCase().replace(/([a-z])([A-Z])/g, "$1_$2");
      v.error = e.error;
      break;
  }
  render(v);
}

function setStatus(text) { $("stat-status").textContent = text; }

function tick() {
  if (!view || !view.started) return;
  $("stat-elapsed").textContent = seconds((view.finished || new Date()) - view.started);
}

function render(v) {
  const waitingForPlan = v.plan && !v.planApproved && !v.finished && v.rounds.size === 0;
  if (waitingForPlan && v.planWaiting === undefined) {
    // Ask the server whether this run waits for its plan to be approved (it does when it was started with review).
    v.planWaiting = null;
    call("GET", `${api}/${v.id}/plan`).then((plan) => {
      v.planWaiting = plan.waiting;
      if (plan.waiting) v.plan = { brief: plan.brief, outline: plan.outline };
      if (view === v) render(v);
    }).catch((e) => showError(e.message));
  }
  const needsAnswer = v.finished && v.status.startsWith("needs") && v.clarification;
  $("run-meta").textContent = `Run ${v.id} · ${statusWords(v.status)}`;

  $("clarify-panel").hidden = !needsAnswer;
  if (needsAnswer && $("clarify-questions").dataset.for !== v.id) {
    $("clarify-questions").dataset.for = v.id;
    $("clarify-questions").replaceChildren(...v.clarification.questions.map((q) => el("li", { text: q })));
  }

  const showPlanEditor = waitingForPlan && v.planWaiting === true;
  $("plan-panel").hidden = !showPlanEditor;
  if (showPlanEditor && !v.planDrawn) { drawPlan(v.plan); v.planDrawn = true; }

  $("live-panel").hidden = needsAnswer || showPlanEditor || !v.started;
  $("cancel").hidden = !!v.finished;
  setStatus(v.finished ? statusWords(v.status) + (v.error ? `: ${v.error}` : "") : v.rounds.size ? `round ${Math.max(...v.rounds.keys())}` : "planning");
  $("stat-sources").textContent = String(v.sources.size);
  if (v.usage) {
    $("stat-tokens").textContent = (v.usage.input_tokens + v.usage.output_tokens).toLocaleString();
    $("stat-cost").textContent = "$" + Number(v.usage.cost || 0).toFixed(4);
  }
  tick();
  drawRounds(v);

  if (v.finished && v.status === "completed" && !v.reportLoaded) { v.reportLoaded = true; loadReport(v.id); }
  if (v.finished && v.status === "failed" && v.error) showError(`The run failed: ${v.error}`);
}

function drawRounds(v) {
  const items = [...v.rounds.values()].map((r) => el("li", { class: "round" },
    el("h4", { text: `Round ${r.round}: ${r.goal}` }),
    el("ul", { class: "queries", "aria-label": "Queries" }, ...r.queries.map((q) => el("li", { text: q }))),
    el("ul", { class: "sites", "aria-label": "Sites" }, ...[...r.sites.values()].map((s) => el("li", { class: "site" },
      favicon(s.card.url),
      el("div", {},
        el("a", { class: "title", href: s.card.url, target: "_blank", rel: "noopener noreferrer", text: s.card.title || s.card.url }),
        el("span", { class: "domain", text: domainOf(s.card.url) }),
        s.learned ? el("p", { class: "learned", text: `Learned ${s.learned.findings.length} ${s.learned.findings.length === 1 ? "thing" : "things"}: ${s.learned.summary || s.learned.findings.map((f) => f.claim).join(" ")}` }) : null,
        s.skipped ? el("p", { class: "skipped", text: `Skipped: ${s.skipped}` }) : null,
        !s.learned && !s.skipped ? el("p", { class: "skipped", text: "reading…" }) : null)))),
    r.done && r.reflection ? el("p", { class: "muted", text: r.reflection }) : null));
  $("rounds").replaceChildren(...items);
}

// ---- clarification -----------------------------------------------------------------------------

async function answer(text) {
  try {
    const next = await call("POST", `${api}/${view.id}/answer`, { answer: text });
    $("clarify-answer").value = "";
    await openRun(next.id);
    await loadRuns();
  } catch (e) { showError(e.message); }
}

$("clarify-form").addEventListener("submit", (event) => { event.preventDefault(); answer($("clarify-answer").value); });
$("clarify-skip").addEventListener("click", () => answer(""));

// ---- plan review -------------------------------------------------------------------------------

function drawPlan(plan) {
  $("plan-brief").textContent = plan.brief;
  $("plan-sections").replaceChildren(...plan.outline.map(sectionRow));
  const first = $("plan-sections").querySelector("input");
  if (first) first.focus();
}

function sectionRow(title) {
  const li = el("li", {});
  const input = el("input", { type: "text", value: title, "aria-label": "Section title" });
  const move = (delta) => {
    const list = $("plan-sections");
    const rows = [...list.children];
    const at = rows.indexOf(li) + delta;
    if (at < 0 || at >= rows.length) return;
    if (delta < 0) list.insertBefore(li, rows[at]); else list.insertBefore(li, rows[at].nextSibling);
    relabel();
    input.focus();
  };
  li.append(el("div", { class: "row" }, input,
    el("button", { type: "button", class: "up", text: "↑", onclick: () => move(-1) }),
    el("button", { type: "button", class: "down", text: "↓", onclick: () => move(1) }),
    el("button", { type: "button", class: "drop", text: "✕", onclick: () => {
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      relabel();
      if (next) next.querySelector("input").focus(); else $("plan-add").focus();
    } })));
  queueMicrotask(relabel);
  return li;
}

/** Names each row's buttons after its section, so a screen reader says what they move. */
function relabel() {
  for (const li of $("plan-sections").children) {
    const title = li.querySelector("input").value || "this section";
    li.querySelector(".up").setAttribute("aria-label", `Move “${title}” up`);
    li.querySelector(".down").setAttribute("aria-label", `Move “${title}” down`);
    li.querySelector(".drop").setAttribute("aria-label", `Drop “${title}”`);
  }
}

$("plan-add").addEventListener("click", () => {
  const row = sectionRow("");
  $("plan-sections").append(row);
  row.querySelector("input").focus();
});

$("plan-start").addEventListener("click", async () => {
  const outline = [...$("plan-sections").querySelectorAll("input")].map((i) => i.value.trim()).filter((t) => t);
  try {
    await call("POST", `${api}/${view.id}/plan`, { outline });
    view.planWaiting = false;
    view.planApproved = true;
    render(view);
    $("cancel").focus();
  } catch (e) { showError(e.message); }
});

// ---- cancel, report, exports ------------------------------------------------------------------

$("cancel").addEventListener("click", async () => {
  try { await call("DELETE", `${api}/${view.id}`); } catch (e) { showError(e.message); }
});

async function loadReport(id) {
  try {
    const report = await call("GET", `${api}/${id}/report`);
    if (!view || view.id !== id) return;
    const doc = new DOMParser().parseFromString(report.html, "text/html");
    $("report").replaceChildren(...doc.body.childNodes);
    $("report-panel").hidden = false;
    $("run-title").textContent = report.title;
    loadRuns();
  } catch (e) { showError(e.message); }
}

for (const button of document.querySelectorAll(".exports button")) {
  button.addEventListener("click", async () => {
    const format = button.dataset.format;
    showError("");
    button.disabled = true;
    try {
      const response = await fetch(`${api}/${view.id}/export?format=${format}`, { headers: headers() });
      if (!response.ok) throw new Error(await errorText(response));
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const name = (/filename="([^"]+)"/.exec(disposition) || [])[1] || `report.${format}`;
      const link = el("a", { href: URL.createObjectURL(blob), download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (e) { showError(e.message); } finally { button.disabled = false; }
  });
}

// ---- start -------------------------------------------------------------------------------------

showKeyState();
loadRuns();
const fromHash = /#run=([^&]+)/.exec(location.hash);
const reopen = fromHash ? decodeURIComponent(fromHash[1]) : sessionStorage.getItem(runStore);
if (reopen && key()) openRun(reopen);
