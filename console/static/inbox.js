/* The staff inbox: the live conversation (new lines arrive by server-sent events, replies are sent
 * without leaving the page) and the queue (refreshed every 15 s). Every text goes in as textContent. */
(function () {
  "use strict";
  var AUTHORS = { resident: "주민", bot: "챗봇", staff: "직원 ", system: "안내", note: "메모 " };

  function line(data) {
    if (document.getElementById("line-" + data.id)) { return; }
    var item = document.createElement("li");
    item.className = "line line-" + data.author;
    item.id = "line-" + data.id;
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = (AUTHORS[data.author] || data.author) + (data.staff || "");
    var text = document.createElement("span");
    text.className = "text";
    text.textContent = data.text;
    item.appendChild(who);
    item.appendChild(document.createElement("br"));
    item.appendChild(text);
    return item;
  }

  var lines = document.getElementById("lines");
  if (lines && window.EventSource) {
    var source = new EventSource(lines.getAttribute("data-stream") + "?after=" + lines.getAttribute("data-last"));
    source.addEventListener("line", function (event) {
      var item = line(JSON.parse(event.data));
      if (item) { lines.appendChild(item); item.scrollIntoView({ block: "nearest" }); }
    });
    source.addEventListener("state", function (event) {
      var state = document.getElementById("state");
      if (state) { state.textContent = JSON.parse(event.data).label; }
    });
  }

  var canned = document.getElementById("canned");
  var replyText = document.getElementById("reply-text");
  if (canned && replyText) {
    canned.addEventListener("change", function () {
      if (canned.value) { replyText.value = canned.value; replyText.focus(); }
    });
  }

  var form = document.getElementById("reply-form");
  if (form && window.fetch) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new FormData(form);
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          replyText.value = "";
          replyText.focus();
        })
        .catch(function () { form.submit(); });   // the plain form shows what went wrong
    });
  }

  var queue = document.getElementById("queue");
  if (queue && window.fetch && window.DOMParser) {
    setInterval(function () {
      fetch(queue.getAttribute("data-refresh"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("queue");
          if (fresh) { queue.innerHTML = fresh.innerHTML; }
        })
        .catch(function () { /* the next round tries again */ });
    }, 15000);
  }
})();
