// Demo chat page: every text is inserted with textContent, never as HTML.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("message");
  var langSelect = document.getElementById("lang");
  var typing = document.getElementById("typing");
  var KEY = "minwon.session";

  function sessionId(renew) {
    var id = localStorage.getItem(KEY);
    if (!id || renew) {
      id = "web-" + Math.random().toString(36).slice(2) + Date.now().toString(36);
      localStorage.setItem(KEY, id);
    }
    return id;
  }

  function add(role, text) {
    var item = document.createElement("li");
    item.className = role;
    item.textContent = text;
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function render(reply) {
    reply.messages.forEach(function (message, index) {
      var item = add("bot", message.text);
      if (message.buttons && message.buttons.length) {
        var row = document.createElement("div");
        row.className = "buttons";
        message.buttons.forEach(function (b) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = b.title;
          button.addEventListener("click", function () { send(b.payload, b.title); });
          row.appendChild(button);
        });
        item.appendChild(row);
      }
      if (index === reply.messages.length - 1 && reply.citations.length) {
        var sources = document.createElement("div");
        sources.className = "sources";
        sources.appendChild(document.createTextNode(reply.lang === "en" ? "Source: " : "출처: "));
        reply.citations.forEach(function (c, i) {
          var link = document.createElement("a");
          link.href = c.url; link.textContent = c.title; link.target = "_blank"; link.rel = "noopener";
          if (i) sources.appendChild(document.createTextNode(" · "));
          sources.appendChild(link);
        });
        item.appendChild(sources);
      }
    });
  }

  function send(message, shown) {
    add("user", shown || message);
    typing.hidden = false;
    fetch("/api/chat", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: sessionId(false), message: message, lang: langSelect.value })
    }).then(function (r) { return r.json(); }).then(function (reply) {
      if (reply.messages) { render(reply); } else { throw new Error("no reply"); }
    }).catch(function () {
      add("bot", langSelect.value === "en" ? "Sorry, the connection failed. Please try again." :
        "연결이 원활하지 않아요. 잠시 후 다시 보내 주세요.");
    }).finally(function () { typing.hidden = true; input.focus(); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) { input.value = ""; send(text); }
  });
  document.getElementById("restart").addEventListener("click", function () {
    log.textContent = ""; sessionId(true); send("/greet", langSelect.value === "en" ? "Hello" : "안녕하세요");
  });
  if (!log.children.length) { send("/greet", "안녕하세요"); }
})();
