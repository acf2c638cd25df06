/* minwon chat widget. Embed with one line:
 *   <script src="https://gateway.example/static/widget.js" data-lang="ko" defer></script>
 * The gateway address comes from this script's own src, so any site can embed it.
 * Safety: every bot or user text is inserted with textContent / createTextNode, never as HTML,
 * and only http(s) links are made clickable. */
(function () {
  "use strict";
  if (window.minwonWidget) { return; }
  window.minwonWidget = true;

  var script = document.currentScript || document.querySelector("script[src*='widget.js']");
  var src = new URL(script.src, location.href);
  var prefix = src.pathname.match(/^(.*)\/static\/[^\/]*$/);
  var API = src.origin + (prefix ? prefix[1] : "");
  var KEY = { session: "minwon.session", log: "minwon.log", lang: "minwon.lang", large: "minwon.large",
    live: "minwon.live", seen: "minwon.notices" };
  var SLOW_MS = 8000, GIVE_UP_MS = 20000, MAX_ITEMS = 60;
  var SVG = "http://www.w3.org/2000/svg";
  var ICON = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    close: "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z",
    thumb: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 " +
      "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z"
  };
  var TEXT = {
    ko: {
      region: "챗봇 상담", launcher: "챗봇 상담", title: "주민 안내 챗봇", close: "챗봇 닫기", lang: "언어 (Language)",
      large: "큰 글씨", restart: "처음부터", topics: "자주 찾는 주제", log: "대화 내용", inputLabel: "질문 입력",
      placeholder: "질문을 쓰세요", send: "보내기", you: "나: ", bot: "챗봇: ",
      typing: "답변을 준비하고 있어요", slow: "조금만 기다려 주세요",
      fail: "연결이 원활하지 않아요. 잠시 후 다시 시도해 주세요.",
      busy: "지금 문의가 많아 바빠요. 잠시 후 다시 시도해 주세요. 급한 일은 다산콜센터 120으로 전화해 주세요.",
      retry: "다시 보내기", source: "출처:", newTab: " (새 창)", up: "도움이 됐어요", down: "도움이 안 됐어요",
      what: "무엇이 잘못됐나요?", fbSend: "의견 보내기", thanks: "고마워요", fbFail: "의견을 보내지 못했어요. 다시 눌러 주세요.",
      waste: "쓰레기·재활용", welfare: "복지", events: "행사", file: "민원 접수", status: "민원 조회",
      staff: "상담 직원: ", staffName: "상담 직원", notice: "알림",
      attach: "민원에 첨부", photo: "사진 보내기", locate: "현재 위치 보내기", photoSent: "사진 보냄: ",
      locSent: "현재 위치를 보냈어요", useGps: "이 위치 쓰기",
      locFail: "위치를 가져오지 못했어요. 주소나 가까운 건물 이름을 글로 알려 주세요."
    },
    en: {
      region: "Chat", launcher: "Chat", title: "Resident assistant", close: "Close chat", lang: "Language (언어)",
      large: "Large text", restart: "Start over", topics: "Common topics", log: "Conversation", inputLabel: "Your question",
      placeholder: "Your question", send: "Send", you: "You: ", bot: "Assistant: ",
      typing: "Typing…", slow: "Just a moment, please",
      fail: "The connection isn't working well. Please try again in a moment.",
      busy: "Many people are asking right now. Please try again in a moment. For anything urgent, call 120.",
      retry: "Retry", source: "Source:", newTab: " (opens in a new tab)", up: "Helpful", down: "Not helpful",
      what: "What was wrong?", fbSend: "Send feedback", thanks: "Thank you", fbFail: "Couldn't send that. Please try again.",
      waste: "Waste & recycling", welfare: "Welfare", events: "Events", file: "File a complaint", status: "Check a complaint",
      staff: "Staff: ", staffName: "Staff", notice: "Notice",
      attach: "Attach to a complaint", photo: "Send a photo", locate: "Send my location", photoSent: "Photo sent: ",
      locSent: "Sent my current location", useGps: "Use this location",
      locFail: "Your location couldn't be read. Please type the address or a nearby landmark."
    }
  };
  var TOPICS = [["waste", "/waste_collection_schedule"], ["welfare", "/welfare_programs"], ["events", "/events_search"],
    ["file", "/file_complaint"], ["status", "/complaint_status"]];

  // ---- storage (a blocked or full localStorage must never break the chat) ----
  function load(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw === null ? fallback : JSON.parse(raw); } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* keep chatting without storage */ }
  }
  function newId() {
    return "web-" + (window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Math.random().toString(36).slice(2) + Date.now().toString(36));
  }
  var memorySession = null;
  function sessionId(renew) {
    var id = null;
    try { id = localStorage.getItem(KEY.session); } catch (e) { id = memorySession; }
    if (!id || renew) {
      id = newId();
      memorySession = id;
      try { localStorage.setItem(KEY.session, id); } catch (e) { /* memory only */ }
    }
    return id;
  }

  var wanted = script.getAttribute("data-lang") === "en" ? "en" : "ko";
  var state = { lang: load(KEY.lang, wanted), large: load(KEY.large, false) === true, items: load(KEY.log, []),
    pending: false, gen: 0 };
  var queue = []; // messages sent while an answer is still on its way
  if (state.lang !== "en" && state.lang !== "ko") { state.lang = wanted; }
  if (!Array.isArray(state.items)) { state.items = []; }
  function persist() {
    if (state.items.length > MAX_ITEMS) { state.items = state.items.slice(-MAX_ITEMS); }
    save(KEY.log, state.items);
  }
  function tr(key) { return TEXT[state.lang][key]; }

  // ---- DOM helpers: data-t sets the text, data-ta the aria-label, data-tp the placeholder ----
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    relabel(node, true);
    return node;
  }
  function relabel(root, self) {
    var nodes = self ? [root] : Array.prototype.slice.call(root.querySelectorAll("[data-t], [data-ta], [data-tp]"));
    nodes.forEach(function (node) {
      if (node.hasAttribute("data-t")) { node.textContent = tr(node.getAttribute("data-t")); }
      if (node.hasAttribute("data-ta")) { node.setAttribute("aria-label", tr(node.getAttribute("data-ta"))); }
      if (node.hasAttribute("data-tp")) { node.setAttribute("placeholder", tr(node.getAttribute("data-tp"))); }
    });
  }
  function icon(path, extra) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "mw-svg" + (extra ? " " + extra : ""));
    var shape = document.createElementNS(SVG, "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }
  function safeUrl(url) {
    try {
      var parsed = new URL(String(url));
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  // ---- the widget's frame ----
  var root = el("aside", { "class": "mw-root", "data-ta": "region" });
  root.style.display = "none"; // shown once widget.css has loaded, so nothing flashes unstyled
  var launcher = el("button", { type: "button", "class": "mw-launcher", "aria-expanded": "false",
    "aria-controls": "minwon-panel" });
  launcher.appendChild(icon(ICON.chat));
  launcher.appendChild(el("span", { "data-t": "launcher" }));
  var panel = el("div", { id: "minwon-panel", "class": "mw-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "minwon-title" });
  panel.hidden = true;
  var head = el("div", { "class": "mw-head" });
  var titleRow = el("div", { "class": "mw-title-row" });
  var closeBtn = el("button", { type: "button", "class": "mw-icon-btn mw-close", "data-ta": "close" });
  closeBtn.appendChild(icon(ICON.close));
  titleRow.appendChild(el("h2", { id: "minwon-title", "class": "mw-title", "data-t": "title" }));
  titleRow.appendChild(closeBtn);
  var tools = el("div", { "class": "mw-tools" });
  var langSelect = el("select", { id: "minwon-lang", "class": "mw-select" });
  langSelect.appendChild(el("option", { value: "ko", lang: "ko" }, "한국어"));
  langSelect.appendChild(el("option", { value: "en", lang: "en" }, "English"));
  var largeBtn = el("button", { type: "button", "class": "mw-tool mw-toggle", "aria-pressed": "false", "data-t": "large" });
  var restartBtn = el("button", { type: "button", "class": "mw-tool", "data-t": "restart" });
  tools.appendChild(el("label", { "for": "minwon-lang", "class": "mw-sr", "data-t": "lang" }));
  [langSelect, largeBtn, restartBtn].forEach(function (node) { tools.appendChild(node); });
  head.appendChild(titleRow);
  head.appendChild(tools);

  var scroller = el("div", { "class": "mw-scroll", role: "region", tabindex: "0", "data-ta": "log" });
  var topics = el("div", { "class": "mw-topics" });
  topics.appendChild(el("p", { "class": "mw-topics-title", "data-t": "topics" }));
  var topicRow = el("div", { "class": "mw-chips" });
  TOPICS.forEach(function (topic) {
    var button = el("button", { type: "button", "class": "mw-chip", "data-t": topic[0] });
    button.addEventListener("click", function () { ask(topic[1], tr(topic[0])); });
    topicRow.appendChild(button);
  });
  topics.appendChild(topicRow);
  var list = el("ol", { "class": "mw-msgs", "aria-live": "polite" });
  scroller.appendChild(topics);
  scroller.appendChild(list);

  var form = el("form", { "class": "mw-form", novalidate: "" });
  var input = el("input", { id: "minwon-input", type: "text", autocomplete: "off", maxlength: "1000",
    enterkeyhint: "send", "data-tp": "placeholder" });
  form.appendChild(el("label", { "for": "minwon-input", "class": "mw-sr", "data-t": "inputLabel" }));
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit", "class": "mw-send", "data-t": "send" }));
  // Photos (the phone offers its camera for image/*) and the position, for the complaint form.
  var attach = el("div", { "class": "mw-attach", role: "group", "data-ta": "attach" });
  var photoInput = el("input", { id: "minwon-photo", type: "file", accept: "image/*", multiple: "", hidden: "" });
  var photoBtn = el("button", { type: "button", "class": "mw-tool", "data-t": "photo" });
  var locateBtn = el("button", { type: "button", "class": "mw-tool", "data-t": "locate" });
  [photoInput, photoBtn, locateBtn].forEach(function (node) { attach.appendChild(node); });
  [head, scroller, attach, form].forEach(function (node) { panel.appendChild(node); });
  root.appendChild(panel);
  root.appendChild(launcher);

  // ---- rendering the conversation ----
  function reveal(node) {
    var room = scroller.clientHeight;
    scroller.scrollTop = node && node.offsetHeight > room - 16 ? node.offsetTop - 8 : scroller.scrollHeight;
  }
  function chip(title, payload) {
    var button = el("button", { type: "button", "class": "mw-chip" }, title);
    button.addEventListener("click", function () { ask(payload, title); input.focus(); });
    return button;
  }
  // Ticket and phone numbers ("2026-000001", "02-2286-5114") never break at their hyphens. In the bot's
  // messages a phone number is a tel: link (one tap on a phone) and a web address a link.
  var NUMBER = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]]|\d+(?:-\d+)+/g;
  var PHONE = /^(?:0\d{1,2}-\d{3,4}-\d{4}|1[5-9]\d\d-\d{4})$/;
  function piece(found, links) {
    if (/^https?:/.test(found)) {
      var href = links && safeUrl(found);
      if (!href) { return document.createTextNode(found); }
      var link = el("a", { href: href, target: "_blank", rel: "noopener" }, found);
      link.appendChild(el("span", { "class": "mw-sr", "data-t": "newTab" }));
      return link;
    }
    if (links && PHONE.test(found)) { return el("a", { "class": "mw-nowrap", href: "tel:" + found }, found); }
    return el("span", { "class": "mw-nowrap" }, found);
  }
  function bubble(text, links) {
    var node = el("p", { "class": "mw-bubble" }), last = 0, match;
    text = String(text);
    NUMBER.lastIndex = 0;
    while ((match = NUMBER.exec(text))) {
      if (match.index > last) { node.appendChild(document.createTextNode(text.slice(last, match.index))); }
      node.appendChild(piece(match[0], links));
      last = match.index + match[0].length;
    }
    if (last < text.length) { node.appendChild(document.createTextNode(text.slice(last))); }
    return node;
  }
  // Thumbs only under answers (from the district's sources), not under a question the bot asks back.
  function isAnswer(entry) {
    return entry.cites.length > 0 || entry.source === "faq" || entry.source === "llm";
  }
  function citations(cites) {
    var box = el("p", { "class": "mw-cites" });
    box.appendChild(el("span", { "data-t": "source" }));
    cites.forEach(function (cite, index) {
      box.appendChild(document.createTextNode(index ? " · " : " "));
      var href = safeUrl(cite.url), title = cite.title || cite.url || "";
      if (!href) { box.appendChild(document.createTextNode(title)); return; }
      var link = el("a", { href: href, target: "_blank", rel: "noopener" }, title);
      link.appendChild(el("span", { "class": "mw-sr", "data-t": "newTab" }));
      box.appendChild(link);
    });
    return box;
  }
  function answerText(entry) {
    return entry.msgs.map(function (m) { return m.text; }).join("\n");
  }
  function feedback(entry) {
    var box = el("div", { "class": "mw-fb" });
    var up = el("button", { type: "button", "class": "mw-icon-btn mw-thumb", "data-ta": "up" });
    var down = el("button", { type: "button", "class": "mw-icon-btn mw-thumb", "data-ta": "down" });
    up.appendChild(icon(ICON.thumb));
    down.appendChild(icon(ICON.thumb, "mw-flip"));
    var fieldId = "minwon-fb-" + Math.random().toString(36).slice(2, 9);
    var more = el("div", { "class": "mw-fb-form" });
    var comment = el("input", { id: fieldId, type: "text", maxlength: "1000", enterkeyhint: "send" });
    var send = el("button", { type: "button", "class": "mw-tool mw-fb-send", "data-t": "fbSend" });
    [el("label", { "for": fieldId, "data-t": "what" }), comment, send].forEach(function (n) { more.appendChild(n); });
    var note = el("p", { "class": "mw-fb-note", role: "status" }), sending = false;
    function show() {
      up.setAttribute("aria-pressed", String(entry.fb === "up"));
      down.setAttribute("aria-pressed", String(entry.fb === "down"));
      more.hidden = entry.fb !== "down" || !!entry.fbDone;
      if (entry.fbDone) {
        up.setAttribute("aria-disabled", "true");
        down.setAttribute("aria-disabled", "true");
        note.setAttribute("data-t", "thanks");
        relabel(note, true);
      }
    }
    function submit(text) {
      if (entry.fbDone || sending) { return; }
      sending = true;
      sendFeedback(entry, text, function (ok) {
        sending = false;
        entry.fbDone = ok;
        if (!ok) { note.setAttribute("data-t", "fbFail"); relabel(note, true); }
        persist();
        show();
        if (ok && (document.activeElement === send || document.activeElement === comment)) { down.focus(); }
      });
    }
    up.addEventListener("click", function () {
      if (entry.fbDone) { return; }
      entry.fb = "up";
      show();
      submit("");
    });
    down.addEventListener("click", function () {
      if (entry.fbDone) { return; }
      entry.fb = "down";
      persist();
      show();
      comment.focus();
    });
    send.addEventListener("click", function () { submit(comment.value); });
    comment.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); submit(comment.value); }
    });
    [up, down, more, note].forEach(function (n) { box.appendChild(n); });
    show();
    return box;
  }
  function render(entry) {
    var item = el("li", { "class": entry.r === "u" ? "mw-user" : (entry.staff ? "mw-bot mw-staff" : "mw-bot") });
    item.appendChild(el("span", { "class": "mw-sr", "data-t": entry.r === "u" ? "you" : (entry.staff ? "staff" : "bot") }));
    if (entry.staff) { item.appendChild(el("span", { "class": "mw-who", "aria-hidden": "true", "data-t": entry.staff })); }
    if (entry.r === "u") {
      item.appendChild(bubble(entry.t));
      return item;
    }
    if (entry.lang === "ko" || entry.lang === "en") { item.lang = entry.lang; }
    entry.msgs.forEach(function (message) {
      item.appendChild(bubble(message.text, true));
      if (message.buttons && message.buttons.length) {
        var row = el("div", { "class": "mw-chips" });
        message.buttons.forEach(function (b) { row.appendChild(chip(b.title, b.payload)); });
        item.appendChild(row);
      }
    });
    if (entry.cites.length) { item.appendChild(citations(entry.cites)); }
    if (!entry.greet && isAnswer(entry)) { item.appendChild(feedback(entry)); }
    return item;
  }
  function addItem(entry) {
    state.items.push(entry);
    persist();
    var item = render(entry);
    list.appendChild(item);
    reveal(item);
  }
  function toEntry(reply, question, greet) {
    if (!reply || !Array.isArray(reply.messages) || !reply.messages.length) { throw new Error("empty reply"); }
    var msgs = reply.messages.map(function (m) {
      var buttons = Array.isArray(m.buttons) ? m.buttons.filter(function (b) { return b && b.title && b.payload; })
        .map(function (b) { return { title: String(b.title), payload: String(b.payload) }; }) : [];
      return { text: String(m.text || ""), buttons: buttons };
    });
    var cites = (Array.isArray(reply.citations) ? reply.citations : []).map(function (c) {
      return { id: String(c.id || ""), title: String(c.title || ""), url: String(c.url || "") };
    });
    return { r: "b", lang: reply.lang, msgs: msgs, cites: cites, source: String(reply.source || ""),
      q: question, greet: !!greet, fb: null, fbDone: false };
  }

  // ---- talking to the gateway ----
  function post(path, body, signal) {
    return fetch(API + path, { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body), signal: signal });
  }
  function ask(message, shown) {
    addItem({ r: "u", t: shown });
    queue.push([message, shown, false]);
    pump();
  }
  function pump() {
    if (!state.pending && queue.length) { request.apply(null, queue.shift()); }
  }
  function greet() { request("/greet", "", true); }
  function request(message, question, greet) {
    var gen = state.gen, finished = false;
    state.pending = true;
    var typing = el("li", { "class": "mw-bot mw-typing" });
    var dots = el("span", { "class": "mw-dots", "aria-hidden": "true" });
    [1, 2, 3].forEach(function () { dots.appendChild(el("span")); });
    var slowNote = el("span", { "class": "mw-slow", "data-t": "slow" });
    slowNote.hidden = true;
    [dots, el("span", { "class": "mw-sr", "data-t": "typing" }), slowNote].forEach(function (n) { typing.appendChild(n); });
    list.appendChild(typing);
    reveal(typing);
    var control = window.AbortController ? new AbortController() : null;
    var slow = setTimeout(function () { slowNote.hidden = false; reveal(typing); }, SLOW_MS);
    var giveUp = setTimeout(function () { if (control) { control.abort(); } else { fail(new Error("timeout")); } }, GIVE_UP_MS);
    function finish() {
      if (finished) { return false; }
      finished = true;
      clearTimeout(slow);
      clearTimeout(giveUp);
      if (typing.parentNode) { typing.parentNode.removeChild(typing); }
      if (gen !== state.gen) { return false; } // the resident started over meanwhile
      state.pending = false;
      setTimeout(pump, 0);
      return true;
    }
    function fail(error) {
      if (finish()) { showFailure(message, question, greet, error && error.status === 503); }
    }
    post("/api/chat", { session_id: sessionId(), message: message, lang: state.lang }, control && control.signal)
      .then(function (response) {
        if (!response.ok) { var error = new Error("HTTP " + response.status); error.status = response.status; throw error; }
        return response.json();
      })
      .then(function (reply) {
        if (reply && reply.source === "handoff") { listen(); }
        if (reply && reply.source === "handoff" && Array.isArray(reply.messages) && !reply.messages.length) {
          finish();   // a person holds the conversation: their answer comes through the live stream
          return;
        }
        var entry = toEntry(reply, question, greet);
        if (finish()) { addItem(entry); }
      })
      .catch(fail);
  }
  function showFailure(message, question, greet, busy, noRetry) {
    var item = el("li", { "class": "mw-bot mw-error" });
    item.appendChild(el("span", { "class": "mw-sr", "data-t": "bot" }));
    item.appendChild(el("p", { "class": "mw-bubble", "data-t": busy ? "busy" : "fail" }));
    if (noRetry) { list.appendChild(item); reveal(item); return; }
    var retry = el("button", { type: "button", "class": "mw-tool mw-retry", "data-t": "retry" });
    retry.addEventListener("click", function () {
      item.parentNode.removeChild(item);
      input.focus();
      queue.push([message, question, greet]);
      pump();
    });
    item.appendChild(retry);
    list.appendChild(item);
    reveal(item);
  }
  function sendFeedback(entry, comment, done) {
    var body = { session_id: sessionId(), rating: entry.fb, question: (entry.q || "").slice(0, 1000),
      answer: answerText(entry).slice(0, 4000), source: (entry.source || "").slice(0, 16),
      citation_ids: entry.cites.map(function (c) { return c.id; }).join(",").slice(0, 500) };
    if (comment && comment.trim()) { body.comment = comment.trim().slice(0, 1000); }
    post("/api/feedback", body).then(function (response) { done(response.ok); }, function () { done(false); });
  }

  // ---- a person in the conversation: their lines arrive as server-sent events (/api/live) ----
  var live = null;
  function listen() {
    if (live || !window.EventSource) { return; }
    var after = load(KEY.live, 0);
    live = new EventSource(API + "/api/live?session_id=" + encodeURIComponent(sessionId()) +
      (after ? "&after=" + after : ""));
    save(KEY.live, after || 0);
    live.addEventListener("line", function (event) {
      var data = JSON.parse(event.data);
      if (data.id <= load(KEY.live, 0)) { return; }
      save(KEY.live, data.id);
      addItem({ r: "b", lang: state.lang, msgs: [{ text: String(data.text), buttons: [] }], cites: [],
        source: "staff", q: "", greet: true, fb: null, fbDone: false,
        staff: data.author === "staff" ? "staffName" : "notice" });
    });
    live.addEventListener("end", stopListening);
    live.onerror = function () {   // refused (busy) or the gateway restarting: try again shortly
      if (live && live.readyState === 2) { live = null; setTimeout(function () { if (load(KEY.live, null) !== null) { listen(); } }, 5000); }
    };
  }
  function stopListening() {
    if (live) { live.close(); live = null; }
    try { localStorage.removeItem(KEY.live); } catch (e) { /* nothing kept */ }
  }
  // Notices waiting for this widget (a complaint answered): shown once, when it opens
  function notices() {
    fetch(API + "/api/notices?session_id=" + encodeURIComponent(sessionId()))
      .then(function (response) { return response.ok ? response.json() : { notices: [] }; })
      .then(function (body) {
        var seen = load(KEY.seen, []), ids = [];
        (body.notices || []).forEach(function (notice) {
          ids.push(String(notice.id));
          if (seen.indexOf(String(notice.id)) >= 0) { return; }   // shown before the acknowledgement got lost
          seen.push(String(notice.id));
          addItem({ r: "b", lang: state.lang, msgs: [{ text: String(notice.text), buttons: [] }], cites: [],
            source: "notice", q: "", greet: true, fb: null, fbDone: false, staff: "notice" });
          if (window.Notification && Notification.permission === "granted" && document.hidden) {
            try { new Notification(tr("notice"), { body: String(notice.text) }); } catch (e) { /* page-only notice */ }
          }
        });
        save(KEY.seen, seen.slice(-50));
        if (ids.length) { post("/api/notices/ack", { session_id: sessionId(), ids: ids }); }
      })
      .catch(function () { /* the next opening tries again */ });
  }
  // ---- photos and the position (POST /api/photo, /api/location) ----
  function attached(promise, shown, done) {
    addItem({ r: "u", t: shown });
    promise.then(function (response) { return response.json(); })
      .then(function (reply) {
        addItem(toEntry(reply, "", false));
        if (done) { done(reply); }
      })
      .catch(function () { showFailure(null, null, false, false, true); });
  }
  function sendPosition(latitude, longitude, shown) {
    attached(post("/api/location", { session_id: sessionId(), latitude: latitude, longitude: longitude, lang: state.lang }),
      shown);
  }
  function offerGps(gps) {
    var button = el("button", { type: "button", "class": "mw-chip", "data-t": "useGps" });
    button.addEventListener("click", function () {
      button.disabled = true;
      sendPosition(gps.latitude, gps.longitude, tr("useGps"));
    });
    var row = el("div", { "class": "mw-chips" });
    row.appendChild(button);
    list.lastElementChild.appendChild(row);
    reveal(list.lastElementChild);
  }
  photoBtn.addEventListener("click", function () { photoInput.click(); });
  photoInput.addEventListener("change", function () {
    Array.prototype.slice.call(photoInput.files, 0, 3).forEach(function (file) {
      var body = new FormData();
      body.append("session_id", sessionId());
      body.append("lang", state.lang);
      body.append("photo", file);
      var sent = fetch(API + "/api/photo?lang=" + state.lang, { method: "POST", body: body });
      attached(sent, tr("photoSent") + file.name, function (reply) { if (reply.gps) { offerGps(reply.gps); } });
    });
    photoInput.value = "";
  });
  locateBtn.addEventListener("click", function () {
    if (!navigator.geolocation) { addItem({ r: "b", msgs: [{ text: tr("locFail") }], cites: [], lang: state.lang }); return; }
    navigator.geolocation.getCurrentPosition(function (where) {
      sendPosition(where.coords.latitude, where.coords.longitude, tr("locSent"));
    }, function () {
      addItem({ r: "b", msgs: [{ text: tr("locFail") }], cites: [], lang: state.lang, greet: true });
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  // ---- opening, closing, keyboard ----
  function isOpen() { return !panel.hidden; }
  function openPanel() {
    panel.hidden = false;
    root.classList.add("mw-is-open");
    launcher.setAttribute("aria-expanded", "true");
    reveal(null);
    input.focus();
    if (!state.items.length && !state.pending) { greet(); }
    notices();
  }
  function closePanel() {
    panel.hidden = true;
    root.classList.remove("mw-is-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  function focusables() {
    return Array.prototype.filter.call(panel.querySelectorAll("button, a[href], input, select, textarea, [tabindex]"),
      function (node) { return !node.disabled && node.tabIndex >= 0 && node.getClientRects().length > 0; });
  }
  launcher.addEventListener("click", function () { if (isOpen()) { closePanel(); } else { openPanel(); } });
  closeBtn.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") { event.preventDefault(); closePanel(); return; }
    if (event.key !== "Tab") { return; }
    var nodes = focusables();
    if (!nodes.length) { return; }
    var first = nodes[0], last = nodes[nodes.length - 1], here = document.activeElement;
    if (event.shiftKey && (here === first || !panel.contains(here))) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (here === last || !panel.contains(here))) { event.preventDefault(); first.focus(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) { ask(text, text); input.value = ""; }
    input.focus();
  });

  // ---- header tools ----
  function applyLang() {
    root.lang = state.lang;
    langSelect.value = state.lang;
    relabel(root);
  }
  function applyLarge() {
    root.classList.toggle("mw-large", state.large);
    largeBtn.setAttribute("aria-pressed", String(state.large));
  }
  function startOver() {
    state.gen += 1;
    state.pending = false;
    queue = [];
    state.items = [];
    persist();
    stopListening();
    sessionId(true);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    greet();
  }
  langSelect.addEventListener("change", function () {
    state.lang = langSelect.value === "en" ? "en" : "ko";
    save(KEY.lang, state.lang);
    applyLang();
    // Only a greeting so far: greet again in the chosen language.
    if (state.items.every(function (entry) { return entry.greet; })) { startOver(); }
  });
  largeBtn.addEventListener("click", function () {
    state.large = !state.large;
    save(KEY.large, state.large);
    applyLarge();
    reveal(list.lastElementChild);   // the text grew or shrank: keep the latest message in view
  });
  restartBtn.addEventListener("click", function () { startOver(); input.focus(); });

  // ---- start: load the stylesheet next to this script, restore the stored conversation ----
  function start() {
    var css = el("link", { rel: "stylesheet", href: new URL("widget.css", src).href });
    css.onload = css.onerror = function () { root.style.display = ""; };
    document.head.appendChild(css);
    applyLang();
    applyLarge();
    state.items.forEach(function (entry) {
      if (entry && (entry.r === "u" && typeof entry.t === "string" || entry.r === "b" && Array.isArray(entry.msgs))) {
        entry.cites = Array.isArray(entry.cites) ? entry.cites : [];
        list.appendChild(render(entry));
      }
    });
    document.body.appendChild(root);
    if (load(KEY.live, null) !== null) { listen(); }   // a person was talking with us before the reload
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
