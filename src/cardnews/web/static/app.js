// cardnews web app: paste a summary, see every card, fix, download the zip. Plain JS, no build step.
"use strict";

(function () {
  const $ = (selector) => document.querySelector(selector);
  const SIZE_NAMES = { portrait: "세로형", square: "정사각형", story: "스토리", landscape: "가로형" };
  const SIZE_USES = { portrait: "인스타그램 피드", square: "페이스북·카카오톡 채널", story: "인스타그램·페이스북 스토리", landscape: "X·네이버 블로그" };
  const DEBOUNCE_MS = 300;
  const STORE_KEY = "cardnews.case";

  const source = $("#source");
  const form = $("#settings");
  const statusLine = $("#status");
  const zipButton = $("#download-zip");
  const alertBox = $("#alert");
  const cardsBox = $("#cards");

  // What the user chose; null means "as the file says" (the controls then show what the file uses).
  const chosen = { layout: null, size: null, channel: null };
  let filename = "";
  let format = "auto";
  let last = null; // the last good preview
  let timer = 0;
  let inFlight = false;
  let again = false;

  // --- talking to the server ------------------------------------------------------------------------

  function requestBody() {
    const body = { text: source.value, filename: filename, format: format, image_format: checkedValues("image_format")[0] || "png" };
    for (const key of ["layout", "size", "channel"]) if (chosen[key] !== null) body[key] = chosen[key];
    return body;
  }

  async function post(path, body) {
    return fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  async function errorMessage(response) {
    if (response.status === 413) return "요약이 너무 깁니다. 한 번에 보낼 수 있는 양을 넘었습니다.";
    if (response.status === 503) return "서버가 다른 카드를 만드느라 바쁩니다. 잠시 뒤 다시 눌러 주세요.";
    try {
      const data = await response.json();
      return (data.error && data.error.message) || response.statusText;
    } catch (e) {
      return "서버 오류 (" + response.status + ")";
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
    setStatus("busy", last ? "다시 그리는 중…" : "카드를 만드는 중…");
    try {
      const response = await post("/api/preview", requestBody());
      if (!response.ok) throw new Error(await errorMessage(response));
      showPreview(await response.json());
      hideAlert();
    } catch (error) {
      setStatus("errors", "미리보기를 만들지 못했습니다");
      showAlert(error.message === "Failed to fetch" ? "서버에 연결할 수 없습니다. cardnews serve 가 켜져 있는지 확인하세요." : error.message);
    } finally {
      inFlight = false;
      if (again) { again = false; refresh(); }
    }
  }

  // --- showing a preview ----------------------------------------------------------------------------

  function showPreview(result) {
    $("#empty").hidden = true;
    if (result.status !== "errors") last = result;
    showNotices(result.notices);
    const errors = result.notices.filter((n) => n.level === "error").length;
    const warnings = result.notices.length - errors;
    if (result.status === "errors") {
      setStatus("errors", "오류 " + errors + "건: 고치면 카드가 다시 그려집니다");
      cardsBox.classList.add("stale");
      zipButton.disabled = true;
      $("#zip-name").hidden = true;
      return;
    }
    cardsBox.classList.remove("stale");
    reflectSettings(result.series);
    const first = result.sizes[0];
    const parts = ["카드 " + first.cards.length + "장"];
    parts.push(result.sizes.length === 1 ? (SIZE_NAMES[first.name] || first.name) + " " + first.width + "×" + first.height : "크기 " + result.sizes.length + "가지");
    parts.push(warnings ? "확인할 점 " + warnings + "건" : "문제 없음");
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
  }

  function cardElement() {
    const figure = document.createElement("figure");
    figure.className = "card";
    figure.innerHTML =
      "<button type='button' class='thumb'><img alt=''></button>" +
      "<figcaption><span class='page-no'></span><span class='file'></span></figcaption>" +
      "<ul class='card-notices' hidden></ul>" +
      "<div class='card-actions'>" +
      "<button type='button' class='button ghost small' data-action='download'>받기</button>" +
      "<button type='button' class='button ghost small' data-action='copy-alt'>대체텍스트 복사</button></div>";
    return figure;
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
    figure.querySelector(".thumb").setAttribute("aria-label", card.page + "번 카드 크게 보기");
    figure.querySelector("[data-action=download]").setAttribute("aria-label", card.page + "번 카드 내려받기 (" + card.file + ")");
    figure.querySelector(".page-no").textContent = card.page + "/" + card.total;
    figure.querySelector(".file").textContent = card.file;
    const list = figure.querySelector(".card-notices");
    list.replaceChildren(...notices.map((n) => {
      const item = document.createElement("li");
      item.textContent = (n.line ? n.line + "번째 줄: " : "") + n.message;
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
    $("#notices-title").textContent = "확인할 점 " + notices.length + "건";
  }

  function noticeItem(notice) {
    const item = document.createElement("li");
    item.className = "notice";
    const level = document.createElement("span");
    level.className = "level " + notice.level;
    level.textContent = notice.level === "error" ? "오류" : "경고";
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = notice.message;
    item.append(level, message);
    if (notice.line) item.append(linkButton(notice.line + "번째 줄", () => selectLine(notice.line)));
    if (notice.case && last && notice.level !== "error") {
      const size = notice.size || (last.sizes[0] && last.sizes[0].name);
      const sizeInfo = last.sizes.find((s) => s.name === size);
      const card = sizeInfo && sizeInfo.cards.find((c) => c.case === notice.case && c.kind === "case");
      if (card) item.append(linkButton(card.page + "번 카드", () => showCard(size, card.page)));
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

  function selectLine(number) {
    const lines = source.value.split("\n");
    const start = lines.slice(0, number - 1).reduce((sum, line) => sum + line.length + 1, 0);
    const end = start + (lines[number - 1] || "").length;
    source.focus();
    source.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 22;
    source.scrollTop = Math.max(0, (number - 3) * lineHeight);
  }

  function showCard(size, page) {
    const figure = document.getElementById("card-" + size + "-" + page);
    if (!figure) return;
    figure.scrollIntoView({ behavior: "smooth", block: "center" });
    figure.querySelector(".thumb").focus({ preventScroll: true });
  }

  function showEmpty() {
    last = null;
    cardsBox.replaceChildren();
    $("#empty").hidden = false;
    $("#notices").hidden = true;
    $("#texts").hidden = true;
    $("#zip-name").hidden = true;
    zipButton.disabled = true;
    hideAlert();
    setStatus("", "요약을 붙여 넣으면 카드가 여기에 나타납니다.");
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

  function reflectSettings(series) {
    // Controls show what the build uses; a choice the user made stays as made.
    if (chosen.layout === null) for (const input of form.querySelectorAll('input[name="layout"]')) input.checked = input.value === series.layout;
    if (chosen.size === null) for (const input of form.querySelectorAll('input[name="size"]')) input.checked = series.sizes.includes(input.value);
  }

  form.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name === "layout") chosen.layout = input.value;
    if (input.name === "size" || input.name === "channel") {
      if (checkedValues(input.name).length === 0) input.checked = true; // at least one
      const values = checkedValues(input.name);
      chosen[input.name] = input.name === "channel" && values.join(",") === "instagram" ? null : values.join(",");
    }
    if (input.type === "file") return;
    schedule(0);
  });

  // --- editing, files and the example ---------------------------------------------------------------

  function forgetFile() {
    filename = "";
    format = "auto";
    $("#file-name").hidden = true;
  }

  source.addEventListener("paste", () => {
    // a paste over the whole text is a new case: its kind is read from the text, not the last file's name
    if (source.selectionStart === 0 && source.selectionEnd === source.value.length) forgetFile();
  });

  source.addEventListener("input", () => {
    if (!source.value) forgetFile();
    schedule();
    try { localStorage.setItem(STORE_KEY, JSON.stringify({ text: source.value, filename: filename, format: format })); } catch (e) { /* private mode */ }
  });

  function setText(text, name) {
    source.value = text;
    filename = name || "";
    format = /\.ya?ml$/i.test(filename) ? "yaml" : /\.txt$/i.test(filename) ? "txt" : "auto";
    const chip = $("#file-name");
    chip.textContent = filename;
    chip.hidden = !filename;
    source.dispatchEvent(new Event("input"));
    schedule(0);
  }

  $("#file-input").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const bytes = await file.arrayBuffer();
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      text = new TextDecoder("euc-kr").decode(bytes); // Korean Windows (CP949)
    }
    setText(text.replace(/^\uFEFF/, ""), file.name);
    event.target.value = "";
  });

  async function loadExample() {
    const response = await fetch("/api/example?format=txt");
    if (response.ok) setText(await response.text(), "2024-h1-gangnam.txt");
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
      showAlert(error.message === "Failed to fetch" ? "서버에 연결할 수 없습니다." : error.message);
    } finally {
      button.innerHTML = label;
      button.disabled = false;
    }
  }

  zipButton.addEventListener("click", () => download("/api/render", requestBody(), zipButton, "ZIP 만드는 중…"));

  cardsBox.addEventListener("click", (event) => {
    const figure = event.target.closest(".card");
    if (!figure) return;
    const action = event.target.closest("[data-action]");
    if (action && action.dataset.action === "download") {
      const query = "?page=" + figure.dataset.page + "&card_size=" + encodeURIComponent(figure.dataset.size);
      download("/api/card" + query, requestBody(), action, "받는 중…");
    } else if (action && action.dataset.action === "copy-alt") {
      copyText(figure.querySelector("img").alt, action);
    } else if (event.target.closest(".thumb")) {
      const viewer = $("#viewer");
      $("#viewer-image").src = figure.querySelector("img").src;
      $("#viewer-image").alt = figure.querySelector("img").alt;
      $("#viewer-title").textContent = figure.dataset.page + "번 카드 · " + figure.dataset.file;
      viewer.showModal();
    }
  });

  $("#viewer").addEventListener("click", (event) => { if (event.target.id === "viewer") event.target.close(); });

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
    const label = button.textContent;
    button.textContent = copied ? "복사했습니다 ✓" : "복사하지 못했습니다";
    button.classList.toggle("done", copied);
    setTimeout(() => { button.textContent = label; button.classList.remove("done"); }, 1600);
  }

  // --- start: bring back the last text ----------------------------------------------------------------

  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    if (saved && saved.text) {
      source.value = saved.text;
      filename = saved.filename || "";
      format = saved.format || "auto";
      $("#file-name").textContent = filename;
      $("#file-name").hidden = !filename;
      schedule(0);
    }
  } catch (e) { /* nothing saved */ }
})();
