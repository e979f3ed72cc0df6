// cardnews web app: paste a summary, see every card, fix, download the zip. Plain JS, no build step.
"use strict";

(function () {
  const $ = (selector) => document.querySelector(selector);
  // The page's words, in its language: the server puts them in #page-text (web/page_text.py, CARD_MAKER).
  const TEXT = JSON.parse($("#page-text").textContent);
  const t = (key, values = {}) => {
    const entry = TEXT[key];
    const text = typeof entry === "string" ? entry : values.n === 1 ? entry.one : entry.other;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  };
  const SIZE_NAMES = { portrait: t("size_portrait"), square: t("size_square"), story: t("size_story"), landscape: t("size_landscape") };
  const SIZE_USES = { portrait: t("use_portrait"), square: t("use_square"), story: t("use_story"), landscape: t("use_landscape") };
  const DEBOUNCE_MS = 300;
  const STORE_KEY = "cardnews.case";
  const SETTINGS_KEY = "cardnews.settings";
  const PHOTOS_KEY = "cardnews.photos"; // the draft's photos: name in the text → SHA-256 (their bytes are in IndexedDB)

  const source = $("#source");
  const form = $("#settings");
  const statusLine = $("#status");
  const zipButton = $("#download-zip");
  const alertBox = $("#alert");
  const cardsBox = $("#cards");

  // What the user chose; null means "as the file says" (the controls then show what the file uses).
  const chosen = { layout: null, size: null, compact: null, channel: null };
  let filename = "";
  let format = "auto";
  let last = null; // the last good preview
  const regionsOf = new WeakMap(); // card figure → [x, y, width, height, line] where each source line is drawn
  let timer = 0;
  let inFlight = false;
  let again = false;
  let undo = null; // what the last replacement (예시 넣기, 파일 열기) took away: { text, filename, format, fileNotice }
  let replacing = false; // the page itself is putting text in the editor
  let photos = {}; // the photos the text names, as the server knows them: name → SHA-256

  // --- talking to the server ------------------------------------------------------------------------

  function requestBody() {
    const body = { text: source.value, filename: filename, format: format, image_format: checkedValues("image_format")[0] || "png" };
    for (const key of ["layout", "size", "compact", "channel"]) if (chosen[key] !== null) body[key] = chosen[key];
    const named = Object.keys(photos).filter((name) => source.value.includes(name));
    if (named.length) body.photos = Object.fromEntries(named.map((name) => [name, photos[name]]));
    return body;
  }

  async function post(path, body) {
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  async function errorMessage(response) {
    if (response.status === 413) return t("too_large");
    if (response.status === 503) return t("busy");
    try {
      const data = await response.json();
      return (data.error && data.error.message) || response.statusText;
    } catch (e) {
      return t("server_error", { status: response.status });
    }
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay === undefined ? DEBOUNCE_MS : delay);
  }

  async function refresh() {
    if (!source.value.trim()) {
      showEmpty();
      return;
    }
    if (inFlight) { again = true; return; } // one preview at a time; the latest text goes next
    inFlight = true;
    setStatus("busy", last ? t("redrawing") : t("making"));
    try {
      const response = await post("/api/preview", requestBody());
      if (!response.ok) throw new Error(await errorMessage(response));
      showPreview(await response.json());
      hideAlert();
    } catch (error) {
      setStatus("errors", t("preview_failed"));
      clearCardNotices();
      $("#notices").hidden = true;
      cardsBox.classList.add("stale");
      showAlert(error.message === "Failed to fetch" ? t("no_server_serve") : error.message);
    } finally {
      inFlight = false;
      if (again) { again = false; refresh(); }
    }
  }

  // --- showing a preview ----------------------------------------------------------------------------

  // A text read as a press release (the response's read_as) says so first in the status line;
  // a summary or a YAML file is what the page expects and goes unlabelled.
  const READ_AS = { release: t("read_as_release") };

  function showPreview(result) {
    $("#empty").hidden = true;
    if (result.status !== "errors") last = result;
    showNotices(result.notices);
    const errors = result.notices.filter((n) => n.level === "error").length;
    const warnings = result.notices.length - errors;
    const readAs = READ_AS[result.read_as] ? [READ_AS[result.read_as]] : [];
    if (result.status === "errors") {
      setStatus("errors", readAs.concat([t("errors", { n: errors })]).join(" · "));
      clearCardNotices(); // they were about the earlier text
      cardsBox.classList.add("stale");
      zipButton.disabled = true;
      $("#zip-name").hidden = true;
      return;
    }
    cardsBox.classList.remove("stale");
    reflectSettings(result.series);
    const first = result.sizes[0];
    const parts = readAs.concat([t("cards", { n: first.cards.length })]);
    parts.push(result.sizes.length === 1 ? (SIZE_NAMES[first.name] || first.name) + " " + first.width + "×" + first.height : t("sizes", { n: result.sizes.length }));
    parts.push(warnings ? t("to_check", { n: warnings }) : t("no_problems"));
    setStatus(warnings ? "warnings" : "ok", parts.join(" · "));
    const zipName = $("#zip-name");
    zipName.textContent = result.series.zip;
    zipName.hidden = false;
    zipButton.disabled = false;
    showCards(result);
    $("#caption").value = result.caption;
    $("#alt-text").value = result.alt_text;
    $("#texts").hidden = false;
  }

  function showCards(result) {
    const wanted = result.sizes.map((s) => s.name);
    for (const section of [...cardsBox.children]) if (!wanted.includes(section.dataset.size)) section.remove();
    result.sizes.forEach((size, index) => {
      let section = cardsBox.querySelector('[data-size="' + size.name + '"]');
      if (!section) {
        section = document.createElement("section");
        section.className = "size-section";
        section.dataset.size = size.name;
        section.innerHTML = "<h3></h3><div class='card-grid'></div>";
      }
      cardsBox.insertBefore(section, cardsBox.children[index] || null);
      const heading = section.querySelector("h3");
      heading.textContent = (SIZE_NAMES[size.name] || size.name) + " " + size.width + "×" + size.height + " ";
      const note = document.createElement("small");
      note.textContent = SIZE_USES[size.name] || size.use;
      heading.append(note);
      const grid = section.querySelector(".card-grid");
      grid.classList.toggle("wide", size.width > size.height);
      const notices = result.notices.filter((n) => n.case && (!n.size || n.size === size.name));
      size.cards.forEach((card, i) => {
        let figure = grid.children[i];
        if (!figure) {
          figure = cardElement();
          grid.append(figure);
        }
        updateCard(figure, card, size, notices.filter((n) => n.case === card.case && card.kind === "case"));
      });
      while (grid.children.length > size.cards.length) grid.lastChild.remove();
    });
    markCurrentCard();
  }

  function cardElement() {
    const figure = document.createElement("figure");
    figure.className = "card";
    figure.innerHTML =
      "<button type='button' class='thumb'><img alt=''></button>" +
      "<figcaption><span class='page-no'></span><span class='file'></span>" +
      "<button type='button' class='zoom' data-action='zoom'><span aria-hidden='true'>⤢</span><span class='sr-only'></span></button></figcaption>" +
      "<ul class='card-notices' hidden></ul>" +
      "<div class='card-actions'>" +
      "<button type='button' class='button ghost small' data-action='download'><span class='sr-only'></span></button>" +
      "<button type='button' class='button ghost small' data-action='copy-alt'><span class='sr-only'></span></button>" +
      "<button type='button' class='button ghost small' data-action='photo' hidden><span class='sr-only'></span></button>" +
      "<input type='file' class='photo-input' accept='image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif' hidden tabindex='-1' aria-hidden='true'></div>";
    // the visible word, then what only a screen reader needs
    figure.querySelector("[data-action=download]").prepend(t("download"));
    figure.querySelector("[data-action=copy-alt]").prepend(t("copy_alt"));
    figure.querySelector("[data-action=photo]").prepend(t("add_photo"));
    return figure;
  }

  function clearCardNotices() {
    for (const list of cardsBox.querySelectorAll(".card-notices")) { list.replaceChildren(); list.hidden = true; }
    for (const figure of cardsBox.querySelectorAll(".card.has-notices")) figure.classList.remove("has-notices");
  }

  function updateCard(figure, card, size, notices) {
    const img = figure.querySelector("img");
    if (img.getAttribute("src") !== card.preview) {
      img.width = Math.round(card.width / 2);
      img.height = Math.round(card.height / 2);
      img.src = card.preview;
      figure.classList.remove("is-new");
      void figure.offsetWidth; // restart the fade for a redrawn card
      figure.classList.add("is-new");
    }
    img.alt = card.alt;
    figure.dataset.page = card.page;
    figure.dataset.size = size.name;
    figure.dataset.file = card.file;
    figure.id = "card-" + size.name + "-" + card.page;
    figure.dataset.width = card.width;
    regionsOf.set(figure, card.regions || []);
    figure.dataset.line = card.source ? card.source.line : "";
    figure.dataset.end = card.source && card.source.end ? card.source.end : "";
    const several = (last && last.sizes.length > 1) ? " " + (SIZE_NAMES[size.name] || size.name) : "";
    const which = " " + t("card_n", { n: card.page }) + several;
    // the visible word first, then what only a screen reader needs: the name holds the label (WCAG 2.5.3)
    figure.querySelector("[data-action=download] .sr-only").textContent = which + " (" + card.file + ")";
    figure.querySelector("[data-action=copy-alt] .sr-only").textContent = which;
    const takesPhoto = card.kind === "cover" || (card.kind === "case" && Boolean(card.source));
    figure.dataset.kind = card.kind;
    figure.dataset.photo = takesPhoto ? "1" : "";
    figure.querySelector("[data-action=photo]").hidden = !takesPhoto;
    figure.querySelector("[data-action=photo] .sr-only").textContent = which;
    figure.querySelector(".zoom .sr-only").textContent = t("zoom_card", { n: card.page });
    const name = t("card_n", { n: card.page }) + several;
    figure.querySelector(".thumb").setAttribute("aria-label", card.source ? t("thumb_select", { card: name }) : t("thumb_large", { card: name }));
    figure.querySelector(".page-no").textContent = card.page + "/" + card.total;
    figure.querySelector(".file").textContent = card.file;
    const list = figure.querySelector(".card-notices");
    list.replaceChildren(...notices.map((n) => {
      const item = document.createElement("li");
      item.textContent = (n.line ? t("line_n", { n: n.line }) + ": " : "") + n.message;
      return item;
    }));
    list.hidden = notices.length === 0;
    figure.classList.toggle("has-notices", notices.length > 0);
  }

  function showNotices(notices) {
    const box = $("#notices");
    const list = $("#notice-list");
    list.replaceChildren(...notices.map(noticeItem));
    box.hidden = notices.length === 0;
    box.classList.toggle("has-errors", notices.some((n) => n.level === "error"));
    $("#notices-title").textContent = t("to_check", { n: notices.length });
  }

  function noticeItem(notice) {
    const item = document.createElement("li");
    item.className = "notice";
    const level = document.createElement("span");
    level.className = "level " + notice.level;
    level.textContent = notice.level === "error" ? t("level_error") : t("level_warning");
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = notice.message;
    item.append(level, message);
    if (notice.line) item.append(linkButton(t("line_n", { n: notice.line }), () => selectLine(notice.line)));
    if (notice.case && last && notice.level !== "error") {
      const size = notice.size || (last.sizes[0] && last.sizes[0].name);
      const sizeInfo = last.sizes.find((s) => s.name === size);
      const card = sizeInfo && sizeInfo.cards.find((c) => c.case === notice.case && c.kind === "case");
      if (card) item.append(linkButton(t("card_n", { n: card.page }), () => showCard(size, card.page)));
    }
    return item;
  }

  function linkButton(label, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = label;
    button.addEventListener("click", action);
    return button;
  }

  function selectLine(number, last) {
    const lines = source.value.split("\n");
    let lastLine = Math.min(last || number, lines.length);
    while (lastLine > number && !lines[lastLine - 1].trim()) lastLine--; // not the blank lines after a case
    const start = lines.slice(0, number - 1).reduce((sum, line) => sum + line.length + 1, 0);
    const end = lines.slice(0, lastLine).reduce((sum, line) => sum + line.length + 1, 0) - 1;
    source.focus();
    source.setSelectionRange(start, Math.max(start, end));
    const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 22;
    source.scrollTop = Math.max(0, (number - 3) * lineHeight);
    markCurrentCard();
  }

  // The card made from the line under the caret is marked, so the two can be read side by side.
  function caretLine() {
    return source.value.slice(0, source.selectionStart).split("\n").length;
  }

  // The cards that draw the caret's line; for a line no card draws (a blank line, a header key), the card
  // of the case the line belongs to.
  function markCurrentCard() {
    const line = caretLine();
    const figures = [...cardsBox.querySelectorAll(".card")];
    const draws = (figure) => (regionsOf.get(figure) || []).some((region) => region[4] === line);
    const drawn = figures.some(draws);
    for (const figure of figures) {
      const start = Number(figure.dataset.line);
      const end = Number(figure.dataset.end) || Infinity;
      const current = !cardsBox.classList.contains("stale") && (drawn ? draws(figure) : start > 0 && start <= line && line <= end);
      figure.classList.toggle("is-current", current);
    }
  }

  // The source line of the text under a click on a card's picture, from the regions the server sent; 0 if none.
  function lineAt(figure, event) {
    const rect = figure.querySelector("img").getBoundingClientRect();
    if (!rect.width) return 0;
    const scale = Number(figure.dataset.width) / rect.width;
    const x = (event.clientX - rect.left) * scale;
    const y = (event.clientY - rect.top) * scale;
    const slack = 10; // card pixels around the ink, so a click between letters still counts
    let best = 0, bestDistance = Infinity;
    for (const [left, top, width, height, line] of regionsOf.get(figure) || []) {
      const dx = Math.max(left - slack - x, 0, x - left - width - slack);
      const dy = Math.max(top - slack - y, 0, y - top - height - slack);
      if (dx === 0 && dy === 0) {
        const distance = Math.abs(y - top - height / 2);
        if (distance < bestDistance) { best = line; bestDistance = distance; }
      }
    }
    return best;
  }

  function showCard(size, page) {
    const figure = document.getElementById("card-" + size + "-" + page);
    if (!figure) return;
    figure.scrollIntoView({ behavior: "smooth", block: "center" });
    figure.querySelector(".thumb").focus({ preventScroll: true });
  }

  function showEmpty() {
    last = null;
    cardsBox.classList.remove("stale");
    cardsBox.replaceChildren();
    $("#empty").hidden = false;
    $("#notices").hidden = true;
    $("#texts").hidden = true;
    $("#zip-name").hidden = true;
    zipButton.disabled = true;
    hideAlert();
    setStatus("", t("empty"));
  }

  function setStatus(kind, text) {
    statusLine.className = "status " + kind;
    statusLine.textContent = text;
  }

  function showAlert(text) { alertBox.textContent = text; alertBox.hidden = false; }
  function hideAlert() { alertBox.hidden = true; }

  // --- settings -------------------------------------------------------------------------------------

  function checkedValues(name) {
    return [...form.querySelectorAll('input[name="' + name + '"]:checked')].map((input) => input.value);
  }

  function saveSettings() {
    const settings = { layout: chosen.layout, size: chosen.size, compact: chosen.compact, channel: chosen.channel, image_format: checkedValues("image_format")[0] || "png" };
    try { localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings)); } catch (e) { /* private mode */ }
  }

  function restoreSettings() {
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) || "null"); } catch (e) { saved = null; }
    if (!saved) return;
    const check = (name, values) => {
      const inputs = [...form.querySelectorAll('input[name="' + name + '"]')];
      if (!inputs.some((input) => values.includes(input.value))) return false; // a setting this server no longer offers
      for (const input of inputs) input.checked = values.includes(input.value);
      return true;
    };
    for (const key of ["layout", "size", "compact", "channel"]) {
      if (typeof saved[key] === "string" && check(key, saved[key].split(","))) chosen[key] = saved[key];
    }
    if (saved.image_format) check("image_format", [saved.image_format]);
  }

  function reflectSettings(series) {
    // Controls show what the build uses; a choice the user made stays as made.
    if (chosen.layout === null) for (const input of form.querySelectorAll('input[name="layout"]')) input.checked = input.value === series.layout;
    if (chosen.size === null) for (const input of form.querySelectorAll('input[name="size"]')) input.checked = series.sizes.includes(input.value);
    if (chosen.compact === null) for (const input of form.querySelectorAll('input[name="compact"]')) input.checked = input.value === series.compact;
  }

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name === "layout" || input.name === "compact") chosen[input.name] = input.value;
    if (input.name === "size" || input.name === "channel") {
      if (checkedValues(input.name).length === 0) input.checked = true; // at least one
      const values = checkedValues(input.name);
      chosen[input.name] = input.name === "channel" && values.join(",") === "instagram" ? null : values.join(",");
    }
    if (input.type === "file") return;
    saveSettings();
    schedule(0);
  });

  // --- editing, files and the example ---------------------------------------------------------------
  // Nothing the user wrote is lost: a replacement asks first, can be undone (되돌리기, or Ctrl+Z in the
  // editor), and the browser's saved copy changes only once the user has said yes.

  function showFile(name) {
    filename = name || "";
    format = /\.ya?ml$/i.test(filename) ? "yaml" : /\.txt$/i.test(filename) ? "txt" : "auto";
    const chip = $("#file-name");
    chip.textContent = filename;
    chip.hidden = !filename;
  }

  function showFileNotice(text) {
    const box = $("#file-notice");
    box.textContent = text || "";
    box.hidden = !text;
  }

  function forgetFile() {
    showFile("");
    showFileNotice("");
  }

  function save() {
    try { localStorage.setItem(STORE_KEY, JSON.stringify({ text: source.value, filename: filename, format: format })); } catch (e) { /* private mode */ }
  }

  source.addEventListener("beforeinput", (event) => {
    if (replacing) return;
    // typing or pasting over the whole text starts a new case: its kind is read from the text, not the last file's name
    const all = source.value && source.selectionStart === 0 && source.selectionEnd === source.value.length;
    if (all && event.inputType.startsWith("insert")) forgetFile();
  });

  source.addEventListener("input", (event) => {
    if (!replacing && undo && event.inputType === "historyUndo" && source.value === undo.text) {
      restoreFrom(undo); // Ctrl+Z in the editor brought the earlier text back: its file name comes back with it
      hideUndo();
    } else if (!replacing && undo && event.inputType !== "historyRedo") {
      hideUndo();
    }
    if (!source.value) forgetFile();
    save();
    schedule();
  });

  for (const name of ["keyup", "click", "select", "focus"]) source.addEventListener(name, markCurrentCard);

  function putText(text) {
    // through the editing commands, so that Ctrl+Z in the editor undoes it; plain assignment where they are missing
    replacing = true;
    try {
      source.focus();
      source.select();
      const done = document.execCommand && document.execCommand("insertText", false, text);
      if (!done || source.value !== text) {
        source.value = text;
        source.dispatchEvent(new Event("input"));
      }
    } finally {
      replacing = false;
    }
    source.setSelectionRange(0, 0);
    source.scrollTop = 0;
  }

  function restoreFrom(state) {
    showFile(state.filename);
    format = state.format;
    showFileNotice(state.fileNotice);
    save();
  }

  function askToReplace(what) {
    const dialog = $("#confirm");
    $("#confirm-text").textContent = t("replace_question", { what });
    return new Promise((resolve) => {
      dialog.returnValue = "";
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "replace"), { once: true });
      dialog.showModal();
    });
  }

  async function replaceText(text, name, what, done, notice) {
    const current = source.value;
    if (current === text) { showFile(name); showFileNotice(notice); save(); return true; }
    if (current.trim() && !(await askToReplace(what))) return false;
    const before = { text: current, filename: filename, format: format, fileNotice: $("#file-notice").textContent };
    showFile(name);
    showFileNotice(notice);
    putText(text); // saves the new text: the user has said yes
    if (current.trim()) {
      undo = before;
      $("#undo-text").textContent = done;
      $("#undo-bar").hidden = false;
    }
    schedule(0);
    return true;
  }

  function hideUndo() {
    undo = null;
    $("#undo-bar").hidden = true;
  }

  $("#undo-button").addEventListener("click", () => {
    if (!undo) return;
    const state = undo;
    hideUndo();
    restoreFrom(state);
    putText(state.text);
    schedule(0);
  });

  $("#file-button").addEventListener("click", () => $("#file-input").click());

  $("#file-input").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const body = new FormData();
    body.append("file", file, file.name);
    try {
      // read on the server, by the command line's rules: UTF-16 and binary files are refused, CP949 read with a notice
      const response = await fetch("/api/open", { method: "POST", body: body });
      if (!response.ok) throw new Error(await errorMessage(response));
      const opened = await response.json();
      const notice = opened.notices.map((n) => n.text).join("\n");
      const done = await replaceText(opened.text, opened.filename, t("what_file", { name: opened.filename }),
        t("opened_file", { name: opened.filename }), notice);
      if (done) hideAlert();
    } catch (error) {
      showAlert((error.message === "Failed to fetch" ? t("no_server") : error.message) + "\n" + t("text_kept"));
    }
  });

  async function loadExample() {
    const response = await fetch("/api/example?format=txt");
    if (response.ok) await replaceText(await response.text(), "2024-h1-gangnam.txt", t("what_example"), t("put_example"), "");
  }
  $("#example-button").addEventListener("click", loadExample);
  $("#example-button-2").addEventListener("click", loadExample);

  // --- downloads, copying and the viewer ------------------------------------------------------------

  function nameFrom(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) return decodeURIComponent(encoded[1]);
    const plain = /filename="([^"]+)"/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  async function download(path, body, button, busyLabel) {
    const label = button.innerHTML;
    button.disabled = true;
    button.querySelector("span") ? (button.querySelector("span").textContent = busyLabel) : (button.textContent = busyLabel);
    try {
      const response = await post(path, body);
      if (!response.ok) throw new Error(await errorMessage(response));
      const blob = await response.blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = nameFrom(response, "cardnews.zip");
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      hideAlert();
    } catch (error) {
      showAlert(error.message === "Failed to fetch" ? t("no_server") : error.message);
    } finally {
      button.innerHTML = label;
      button.disabled = false;
    }
  }

  zipButton.addEventListener("click", () => download("/api/render", requestBody(), zipButton, t("making_zip")));

  cardsBox.addEventListener("click", (event) => {
    const figure = event.target.closest(".card");
    if (!figure) return;
    const action = event.target.closest("[data-action]");
    if (action && action.dataset.action === "download") {
      const query = "?page=" + figure.dataset.page + "&card_size=" + encodeURIComponent(figure.dataset.size);
      download("/api/card" + query, requestBody(), action, t("downloading"));
    } else if (action && action.dataset.action === "copy-alt") {
      copyText(figure.querySelector("img").alt, action);
    } else if (action && action.dataset.action === "photo") {
      figure.querySelector(".photo-input").click();
    } else if (event.target.closest(".thumb") && !cardsBox.classList.contains("stale") && event.detail && lineAt(figure, event)) {
      const line = lineAt(figure, event); // a pointer on a text: the line it was read from
      selectLine(line, line);
    } else if (event.target.closest(".thumb") && figure.dataset.line && !cardsBox.classList.contains("stale")) {
      selectLine(Number(figure.dataset.line), Number(figure.dataset.end) || Infinity); // the keyboard: the whole case
    } else if (event.target.closest(".thumb") || (action && action.dataset.action === "zoom")) {
      const viewer = $("#viewer");
      $("#viewer-image").src = figure.querySelector("img").src;
      $("#viewer-image").alt = figure.querySelector("img").alt;
      $("#viewer-title").textContent = t("card_n", { n: figure.dataset.page }) + " · " + figure.dataset.file;
      viewer.showModal();
    }
  });

  $("#viewer").addEventListener("click", (event) => { if (event.target.id === "viewer") event.target.close(); });

  // --- photos: a button on each case card and the cover, or a file dropped on the card -------------------

  cardsBox.addEventListener("change", (event) => {
    const input = event.target.closest(".photo-input");
    if (input && input.files.length) addPhoto(input.closest(".card"), input.files[0]).finally(() => { input.value = ""; });
  });
  cardsBox.addEventListener("dragover", (event) => {
    const figure = event.target.closest(".card");
    if (!figure || figure.dataset.photo !== "1" || ![...event.dataTransfer.types].includes("Files")) return;
    event.preventDefault();
    figure.classList.add("is-drop-target");
  });
  cardsBox.addEventListener("dragleave", (event) => {
    const figure = event.target.closest(".card");
    if (figure && !figure.contains(event.relatedTarget)) figure.classList.remove("is-drop-target");
  });
  cardsBox.addEventListener("drop", (event) => {
    const figure = event.target.closest(".card");
    if (!figure || figure.dataset.photo !== "1") return;
    event.preventDefault();
    figure.classList.remove("is-drop-target");
    if (event.dataTransfer.files.length) addPhoto(figure, event.dataTransfer.files[0]);
  });

  async function addPhoto(figure, file) {
    setStatus("busy", t("uploading_photo"));
    let answer;
    try {
      answer = await sendPhoto(file, file.name);
    } catch (error) {
      setStatus("errors", t("photo_failed"));
      showAlert(error.message);
      return;
    }
    hideAlert();
    photos[answer.name] = answer.sha256;
    savePhotos();
    keepPhoto(answer.sha256, file);
    const line = photoLine(figure, answer.name);
    if (line) putLine(line);
  }

  async function sendPhoto(blob, name) {
    const response = await fetch("/api/photos?filename=" + encodeURIComponent(name), {
      method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: blob,
    });
    if (!response.ok) throw new Error(response.status === 413 ? t("photo_too_large") : await errorMessage(response));
    return response.json();
  }

  // Where the photo goes in the text: for a case, the line under its headline (📷 in a summary, image: in
  // YAML); for the cover, the header block (a summary) or the series mapping (YAML). A photo already
  // there is replaced. Returns { at, remove, text, caret } in lines, or null.
  function photoLine(figure, name) {
    const lines = source.value.split("\n");
    const yaml = /^\ufeff?(series|cases)\s*:/m.test(source.value);
    if (figure.dataset.kind === "cover") {
      if (yaml) {
        const at = lines.findIndex((l) => /^series\s*:\s*$/.test(l));
        if (at < 0) return null;
        let end = lines.findIndex((l, i) => i > at && /^\S/.test(l));
        if (end < 0) end = lines.length;
        const old = lines.findIndex((l, i) => i > at && i < end && /^\s+image\s*:/.test(l));
        return { at: old > at ? old : at + 1, remove: old > at ? 1 : 0, text: "  image: " + name };
      }
      const header = lines.length && /^[a-z_]+\s*:/.test(lines[0]);
      const old = header ? lines.findIndex((l, i) => /^image\s*:/.test(l) && lines.slice(0, i).every((x) => x.trim())) : -1;
      if (old >= 0) return { at: old, remove: 1, text: "image: " + name };
      return { at: 0, remove: 0, text: "image: " + name + (header ? "" : "\n") };
    }
    const start = Number(figure.dataset.line) - 1;
    if (!(start >= 0) || start >= lines.length) return null;
    const end = Math.min(Number(figure.dataset.end) || lines.length, lines.length);
    if (yaml) {
      const first = lines[start];
      const indent = " ".repeat(first.length - first.trimStart().length + (first.trimStart().startsWith("- ") ? 2 : 0));
      const old = lines.findIndex((l, i) => i > start && i < end && l.startsWith(indent + "image:"));
      return old > start ? { at: old, remove: 1, text: indent + "image: " + name } : { at: start + 1, remove: 0, text: indent + "image: " + name };
    }
    const old = lines[start + 1] !== undefined && lines[start + 1].trimStart().startsWith("📷") ? start + 1 : -1;
    return { at: start + 1, remove: old > 0 ? 1 : 0, text: "📷 " + name + " | ", caret: true };
  }

  // The line goes in as an edit the user could have typed: undo takes it back, and the preview follows.
  function putLine(change) {
    const lines = source.value.split("\n");
    const before = lines.slice(0, change.at).join("\n").length + (change.at ? 1 : 0);
    const removed = lines.slice(change.at, change.at + change.remove).join("\n").length + (change.remove ? 1 : 0);
    const insert = change.text + "\n";
    source.focus();
    source.setSelectionRange(before, Math.min(source.value.length, before + removed));
    if (!document.execCommand || !document.execCommand("insertText", false, insert)) {
      source.setRangeText(insert, before, Math.min(source.value.length, before + removed), "end");
      source.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (change.caret) source.setSelectionRange(before + change.text.length, before + change.text.length); // type what it shows
  }

  function savePhotos() {
    try { localStorage.setItem(PHOTOS_KEY, JSON.stringify(photos)); } catch (e) { /* private mode */ }
  }

  // The photos' bytes stay in the browser (IndexedDB) with the draft, so a restarted server gets them again.
  function photoDb() {
    return new Promise((resolve, reject) => {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      const opening = indexedDB.open("cardnews", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("photos");
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }

  async function keepPhoto(digest, blob) {
    try {
      const db = await photoDb();
      db.transaction("photos", "readwrite").objectStore("photos").put(blob, digest);
    } catch (e) { /* private mode: the photo lasts as long as the server keeps it */ }
  }

  async function resendPhotos() {
    let db;
    try { db = await photoDb(); } catch (e) { return; }
    for (const [name, digest] of Object.entries(photos)) {
      const blob = await new Promise((resolve) => {
        const request = db.transaction("photos").objectStore("photos").get(digest);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
      });
      if (blob) { try { await sendPhoto(blob, name); } catch (e) { /* named in the preview's notices */ } }
    }
  }

  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", () => copyText(button.dataset.copy === "caption" ? $("#caption").value : $("#alt-text").value, button));
  });

  async function copyText(text, button) {
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        copied = true;
      }
    } catch (e) { /* fall back below */ }
    if (!copied) { // plain http on an office network has no clipboard API
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "sr-only";
      document.body.append(area);
      area.select();
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      area.remove();
    }
    const label = [...button.childNodes]; // the visible word and, on a card, the screen reader's part: both come back
    button.textContent = copied ? t("copied") : t("not_copied");
    button.classList.toggle("done", copied);
    setTimeout(() => { button.replaceChildren(...label); button.classList.remove("done"); }, 1600);
  }

  // --- start: bring back the last text ----------------------------------------------------------------

  restoreSettings();
  try { photos = JSON.parse(localStorage.getItem(PHOTOS_KEY) || "{}") || {}; } catch (e) { photos = {}; }
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (saved && saved.text) {
      source.value = saved.text;
      showFile(saved.filename);
      format = saved.format || format;
      if (Object.keys(photos).length) resendPhotos().finally(() => schedule(0));
      else schedule(0);
    }
  } catch (e) { /* nothing saved */ }
})();
