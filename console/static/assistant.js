// The assistant's "ask the library" form: the answer streams in as the model writes it, then the
// server's checked result replaces it (the answer with its sources, or the excerpts if the draft failed
// the check). Without this script the form posts and the page shows the result.
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  if (!form || !window.fetch || !window.TextDecoder) { return; }
  var draft = document.getElementById("ask-draft");
  var result = document.getElementById("ask-result");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    draft.hidden = false;
    draft.textContent = "찾는 중이에요…";
    draft.setAttribute("aria-busy", "true");
    result.innerHTML = "";
    var started = false;
    fetch(form.dataset.stream, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || !response.body) { throw new Error("status " + response.status); }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function handle(line) {
          if (!line.trim()) { return; }
          var event = JSON.parse(line);
          if (event.type === "delta") {
            if (!started) { draft.textContent = ""; started = true; }
            draft.textContent += event.text;
          } else if (event.type === "result") {
            draft.hidden = true;
            draft.setAttribute("aria-busy", "false");
            result.innerHTML = event.html;
          }
        }
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { handle(buffer); return; }
            buffer += decoder.decode(chunk.value, { stream: true });
            var lines = buffer.split("\n");
            buffer = lines.pop();
            lines.forEach(handle);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        draft.hidden = true;
        result.innerHTML = '<p class="flash flash-error" role="alert">답을 받지 못했어요. 잠시 후 다시 물어봐 주세요.</p>';
      })
      .then(function () { button.disabled = false; });
  });
})();
