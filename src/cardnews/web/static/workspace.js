// The team workspace's pages: sign-in, the list by week with the admin's kits, layouts and users, and one series
// with autosave, history, compare, restore, and who is editing it. Plain scripts, no framework; the server
// checks everything again, so nothing here is trusted.
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
const $ = (selector) => document.querySelector(selector);
const AUTOSAVE_MS = 2000; // a save a couple of seconds after typing stops
const PREVIEW_MS = 700;
const HEARTBEAT_MS = 30000;

// The page's words, in its language: the server puts them in #page-text (web/page_text.py, WORKSPACE).
const TEXT = JSON.parse(document.getElementById("page-text").textContent);
function t(key, values = {}) {
  const entry = TEXT[key];
  const text = typeof entry === "string" ? entry : values.n === 1 ? entry.one : entry.other;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
const LOCALE = document.documentElement.lang === "en" ? "en-GB" : "ko-KR";

async function api(method, path, body, form) {
  const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (method !== "GET") options.headers["X-CSRF-Token"] = csrf();
  if (form) options.body = form;
  else if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
  const response = await fetch(path, options);
  let data = null;
  try { data = await response.json(); } catch (_) { data = null; }
  if (response.status === 401 && !path.endsWith("/login")) { location.href = "/login?next=" + encodeURIComponent(location.pathname); }
  return { ok: response.ok, status: response.status, data };
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "color") node.style.backgroundColor = value; // through the CSSOM: the page's CSP allows no inline styles
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const when = (iso) => new Date(iso).toLocaleString(LOCALE, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });
const KINDS = { start: t("kind_start"), auto: t("kind_auto"), named: t("kind_named"), restore: t("kind_restore") };
// A refused save, said in the page's language.
const conflictText = (error) => error.editor
  ? t("taken_over", { name: error.editor })
  : t("saved_since", { head: error.head ?? "?" });
const message = (result) => (result.data && result.data.error && result.data.error.message) || t("error_status", { status: result.status });

function signOut() {
  const button = $("#sign-out");
  if (!button) return;
  button.addEventListener("click", async () => {
    await api("POST", "/api/ws/logout");
    location.href = "/login";
  });
}

// --- sign-in ---------------------------------------------------------------------------------------

function loginPage() {
  const form = $("#login-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api("POST", "/api/ws/login", { name: $("#login-name").value, password: $("#login-password").value });
    if (result.ok) { location.href = form.dataset.next || "/workspace"; return; }
    const error = $("#login-error");
    error.textContent = result.status === 429 ? t("too_many_sign_ins") :
      result.status === 401 ? t("wrong_password") : message(result);
    error.hidden = false;
  });
}

// --- the list by week, and the admin's sections ------------------------------------------------------

async function homePage() {
  const role = document.body.dataset.role;
  const list = async () => {
    const query = $("#search").value.trim();
    const result = await api("GET", "/api/ws/series" + (query ? "?q=" + encodeURIComponent(query) : ""));
    const weeks = $("#weeks");
    weeks.replaceChildren();
    if (!result.ok) { $("#list-status").textContent = message(result); return; }
    $("#list-status").textContent = result.data.weeks.length ? "" : (query ? t("nothing_found", { query }) : t("no_series"));
    for (const week of result.data.weeks) {
      weeks.append(el("section", { class: "ws-week" }, el("h3", {}, weekLabel(week.week)),
        el("ul", { class: "ws-list" }, week.series.map((s) => el("li", { class: "ws-series-row" },
          el("a", { href: s.url, class: "ws-series-link" }, s.title),
          el("span", { class: "ws-meta" }, `r${s.head} · ${when(s.updated_at)} · ${s.created_by}`),
          s.editor ? el("span", { class: "ws-editing" }, t("editing", { name: s.editor.name })) : null,
          el("a", { class: "ws-button ghost small", href: `/api/ws/series/${s.id}/zip`, download: "" }, "ZIP"))))));
    }
  };
  $("#search-form").addEventListener("submit", (event) => { event.preventDefault(); list(); });
  const create = $("#new-series");
  if (create) create.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api("POST", "/api/ws/series", { title: $("#new-title").value, source: "" });
    if (result.ok) location.href = result.data.url; else $("#list-status").textContent = message(result);
  });
  await list();
  if (role === "admin") await adminSections();
}

function weekLabel(week) {
  const [year, number] = week.split("-W").map(Number);
  const monday = new Date(Date.UTC(year, 0, 4));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7) + (number - 1) * 7);
  return t("week", { year, number, month: monday.getUTCMonth() + 1, day: monday.getUTCDate() });
}

function showProblems(list, result) {
  list.replaceChildren();
  const problems = (result.data && result.data.error && result.data.error.problems) || [message(result)];
  for (const line of problems) list.append(el("li", {}, line));
  list.hidden = false;
}

async function adminSections() {
  const kits = async () => {
    const result = await api("GET", "/api/ws/kits");
    if (!result.ok) return;
    $("#kit-list").replaceChildren(...result.data.kits.map((kit) => el("li", { class: "ws-kit" },
      kit.logo ? el("img", { src: kit.logo, alt: t("logo_of", { name: kit.name }), height: 32 }) : el("span", { class: "ws-nologo" }, t("no_logo")),
      el("strong", {}, kit.name), el("span", { class: "ws-meta" }, [kit.organisation, kit.handle].filter(Boolean).join(" · ")),
      ...Object.entries(kit.colors).map(([name, value]) => el("span", { class: "ws-swatch", color: value, title: `${name} ${value}` })))));
    $("#layout-list").replaceChildren(...result.data.layouts.filter((l) => l.team).map((layout) => el("li", {},
      el("strong", {}, layout.name.replace(/^team:/, "")), el("span", { class: "ws-meta" }, `${layout.label} · ${layout.sha256.slice(0, 12)}`))));
  };
  const users = async () => {
    const result = await api("GET", "/api/ws/users");
    if (!result.ok) return;
    const names = { admin: t("role_admin"), editor: t("role_editor"), viewer: t("role_viewer") };
    const status = $("#user-status");
    const done = async (answer) => {
      if (answer.ok) status.hidden = true; else { status.textContent = message(answer); status.hidden = false; }
      await users(); await audit();
    };
    $("#user-list").replaceChildren(...result.data.users.filter((u) => u.active).map((u) => {
      const role = el("select", { "aria-label": t("role_of", { name: u.name }) }, ...Object.entries(names).map(([value, label]) =>
        el("option", value === u.role ? { value, selected: "" } : { value }, label)));
      role.addEventListener("change", async () => done(await api("PATCH", `/api/ws/users/${u.id}`, { role: role.value })));
      const remove = el("button", { type: "button", class: "ws-button ghost small" }, t("remove"));
      remove.addEventListener("click", async () => {
        if (confirm(t("remove_question", { name: u.name }))) done(await api("DELETE", `/api/ws/users/${u.id}`));
      });
      return el("li", {}, el("strong", {}, u.name), role, remove);
    }));
  };
  const audit = async () => {
    const result = await api("GET", "/api/ws/audit?limit=30");
    if (!result.ok) return;
    $("#audit-rows").replaceChildren(...result.data.entries.map((e) => el("tr", {},
      el("td", {}, when(e.at)), el("td", {}, e.user || "—"), el("td", {}, e.action), el("td", {}, e.target))));
  };
  $("#kit-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    if (!form.get("logo") || !form.get("logo").name) form.delete("logo");
    const result = await api("POST", "/api/ws/kits", undefined, form);
    if (result.ok) { $("#kit-problems").hidden = true; event.target.reset(); await kits(); await audit(); }
    else showProblems($("#kit-problems"), result);
  });
  $("#layout-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api("POST", "/api/ws/layouts", undefined, new FormData(event.target));
    if (result.ok) { $("#layout-problems").hidden = true; event.target.reset(); await kits(); await audit(); }
    else showProblems($("#layout-problems"), result);
  });
  $("#user-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const result = await api("POST", "/api/ws/users", { name: form.get("name"), role: form.get("role"), password: form.get("password") });
    const problem = $("#user-problems");
    if (result.ok) { problem.hidden = true; event.target.reset(); await users(); await audit(); }
    else { problem.textContent = message(result); problem.hidden = false; }
  });
  await Promise.all([kits(), users(), audit()]);
}

// --- one series ------------------------------------------------------------------------------------

async function seriesPage() {
  const id = document.body.dataset.series;
  const canEdit = document.body.dataset.role !== "viewer";
  const source = $("#source");
  const state = { head: 0, editing: false, saving: false, dirty: false, saveTimer: 0, previewTimer: 0, previewSeq: 0 };

  const settings = () => {
    const out = {};
    if ($("#layout").value) out.layout = $("#layout").value;
    if ($("#size").value) out.size = $("#size").value;
    if ($("#kit").value) out.kit = Number($("#kit").value);
    return out;
  };
  const status = (text) => { $("#save-status").textContent = text; };

  const choices = await api("GET", "/api/ws/kits");
  if (choices.ok) {
    for (const layout of choices.data.layouts) $("#layout").append(el("option", { value: layout.name }, layout.team ? t("team_layout", { label: layout.label }) : layout.name));
    for (const kit of choices.data.kits) $("#kit").append(el("option", { value: String(kit.id) }, kit.name));
  }

  const setEditing = (editing, holder) => {
    state.editing = editing;
    source.readOnly = !editing;
    for (const control of ["#layout", "#size", "#kit", "#version-name", "#name-button"]) $(control).disabled = !editing;
    document.querySelectorAll("[data-restore]").forEach((b) => { b.disabled = !editing; });
    const banner = $("#holder");
    if (holder) {
      $("#holder-text").textContent = t("holder", { name: holder });
      banner.hidden = false;
    } else banner.hidden = true;
    $("#take-over").hidden = !canEdit || !holder;
  };

  const load = async () => {
    const result = await api("GET", `/api/ws/series/${id}`);
    if (!result.ok) { status(message(result)); return null; }
    const series = result.data;
    state.head = series.head;
    source.value = series.revision.source;
    const s = series.revision.settings;
    $("#layout").value = s.layout || ""; $("#size").value = s.size || ""; $("#kit").value = s.kit ? String(s.kit) : "";
    status(`r${series.head} · ${when(series.revision.created_at)} · ${series.revision.author}`);
    return series;
  };

  const take = async (takeOver) => {
    const result = await api("POST", `/api/ws/series/${id}/lock`, { take_over: takeOver });
    if (result.ok) {
      if (result.data.head !== state.head) await load();
      setEditing(true, null);
      return true;
    }
    if (result.status === 409) setEditing(false, result.data.error.editor);
    else status(message(result));
    return false;
  };

  const renderRevisions = async () => {
    const result = await api("GET", `/api/ws/series/${id}/revisions`);
    if (!result.ok) return;
    $("#revisions").replaceChildren(...result.data.revisions.map((r) => el("li", { class: r.number === result.data.head ? "current" : "" },
      el("span", { class: "ws-rev-head" }, el("strong", {}, `r${r.number}`), ` ${r.name || KINDS[r.kind] || r.kind}`),
      el("span", { class: "ws-meta" }, `${when(r.created_at)} · ${r.author}`),
      el("span", { class: "ws-rev-tools" },
        r.number !== result.data.head ? el("button", { type: "button", class: "ws-button ghost tiny", "data-compare": r.number, onclick: () => compare(r.number, result.data.head) }, t("compare")) : null,
        r.number !== result.data.head && canEdit ? el("button", { type: "button", class: "ws-button ghost tiny", "data-restore": r.number, disabled: !state.editing, onclick: () => restore(r.number) }, t("restore")) : null,
        el("a", { class: "ws-button ghost tiny", href: `/api/ws/series/${id}/zip?revision=${r.number}`, download: "" }, "ZIP")))));
  };

  const compare = async (a, b) => {
    const result = await api("GET", `/api/ws/series/${id}/diff?a=${a}&b=${b}`);
    if (!result.ok) return;
    $("#diff-title").textContent = `r${a} → r${b}`;
    const box = $("#diff");
    box.replaceChildren(...result.data.diff.split("\n").map((line) => el("span", { class: line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "" }, line + "\n")));
    if (!result.data.diff) box.textContent = t("same_versions");
    $("#diff-box").hidden = false;
  };

  const save = async (name = "") => {
    clearTimeout(state.saveTimer);
    if (!state.editing || state.saving) { if (state.saving) state.saveTimer = setTimeout(() => save(name), 300); return; }
    state.saving = true;
    const body = { base: state.head, source: source.value, settings: settings() };
    if (name) body.name = name;
    status(t("saving"));
    const result = await api("POST", `/api/ws/series/${id}/revisions`, body);
    state.saving = false;
    if (result.ok) {
      state.dirty = false;
      state.head = result.data.number;
      status(t("saved", { number: result.data.number, when: when(result.data.created_at) }));
      await renderRevisions();
    } else if (result.status === 409) {
      status(conflictText(result.data.error));
      setEditing(false, result.data.error.editor || null);
    } else status(t("not_saved", { message: message(result) }));
  };

  const preview = async () => {
    const seq = ++state.previewSeq;
    $("#preview-status").textContent = t("drawing");
    const result = await api("POST", `/api/ws/series/${id}/preview`, { source: source.value, settings: settings() });
    if (seq !== state.previewSeq) return;
    const notices = $("#notices");
    if (!result.ok) { $("#preview-status").textContent = message(result); $("#cards").replaceChildren(); return; }
    const data = result.data;
    notices.replaceChildren(...data.notices.map((n) => el("li", { class: n.level }, n.text)));
    notices.hidden = !data.notices.length;
    const cards = data.sizes.flatMap((size) => size.cards.map((card) => el("figure", { class: "ws-card" },
      el("img", { src: card.preview, alt: card.alt, width: card.width / 4, height: card.height / 4, loading: "lazy" }),
      el("figcaption", {}, `${card.page}/${card.total}${data.sizes.length > 1 ? " · " + size.name : ""}`))));
    $("#cards").replaceChildren(...cards);
    const count = data.sizes.reduce((sum, size) => sum + size.cards.length, 0);
    $("#preview-status").textContent = count
      ? [t("cards", { n: count })].concat(data.notices.length ? [t("notices", { n: data.notices.length })] : []).join(" · ")
      : t("cannot_build");
  };

  const restore = async (number) => {
    clearTimeout(state.saveTimer);
    const result = await api("POST", `/api/ws/series/${id}/restore`, { number, base: state.head });
    if (!result.ok) {
      status(result.status === 409 ? conflictText(result.data.error) : t("not_restored", { message: message(result) }));
      if (result.status === 409) setEditing(false, result.data.error.editor || null);
      return;
    }
    state.head = result.data.number;
    source.value = result.data.source;
    const s = result.data.settings;
    $("#layout").value = s.layout || ""; $("#size").value = s.size || ""; $("#kit").value = s.kit ? String(s.kit) : "";
    status(t("restored", { number, new: result.data.number }));
    await renderRevisions();
    preview();
  };

  const changed = () => {
    if (!state.editing) return;
    state.dirty = true;
    status(t("typing"));
    clearTimeout(state.saveTimer);
    state.saveTimer = setTimeout(() => save(), AUTOSAVE_MS);
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(preview, PREVIEW_MS);
  };
  source.addEventListener("input", changed);
  for (const control of ["#layout", "#size", "#kit"]) $(control).addEventListener("change", changed);
  $("#name-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("#version-name").value.trim();
    if (!name) return;
    await save(name);
    $("#version-name").value = "";
  });
  $("#take-over").addEventListener("click", async () => { if (await take(true)) status(t("took_over")); });
  if (canEdit) {
    $("#rename-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = await api("PATCH", `/api/ws/series/${id}`, { title: $("#rename-title").value });
      if (!result.ok) { status(message(result)); return; }
      $("#series-title").textContent = document.title = result.data.title;
      status(t("renamed"));
    });
    $("#delete-series").addEventListener("click", async () => {
      if (!confirm(t("delete_question"))) return;
      const result = await api("DELETE", `/api/ws/series/${id}`);
      if (!result.ok) { status(message(result)); return; }
      state.editing = false; state.dirty = false;
      location.href = "/workspace";
    });
  }
  $("#next-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api("POST", `/api/ws/series/${id}/next`, { title: $("#next-title").value });
    if (result.ok) location.href = result.data.url; else status(message(result));
  });
  window.addEventListener("beforeunload", () => {
    if (state.dirty && state.editing) {  // the last keystrokes, saved even as the page goes
      fetch(`/api/ws/series/${id}/revisions`, { method: "POST", keepalive: true, credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
        body: JSON.stringify({ base: state.head, source: source.value, settings: settings() }) });
    }
    if (state.editing) {  // let go at once rather than when the hold runs out
      fetch(`/api/ws/series/${id}/lock`, { method: "DELETE", keepalive: true, credentials: "same-origin", headers: { "X-CSRF-Token": csrf() } });
    }
  });

  const series = await load();
  if (!series) return;
  if (canEdit) await take(false);
  else setEditing(false, series.editor ? series.editor.name : null);
  if (!canEdit) $("#next-form").hidden = true;
  setInterval(() => { if (state.editing) take(false); else if (canEdit) refreshHolder(); }, HEARTBEAT_MS);
  await renderRevisions();
  preview();

  async function refreshHolder() {
    const result = await api("GET", `/api/ws/series/${id}`);
    if (!result.ok) return;
    if (!result.data.editor) { $("#holder-text").textContent = t("nobody_editing"); }
    if (result.data.head !== state.head && !state.editing) { await load(); await renderRevisions(); preview(); }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  signOut();
  const page = document.body.dataset.page;
  if (page === "login") loginPage();
  else if (page === "home") homePage();
  else if (page === "series") seriesPage();
});
