// The editor's live outline: while the drafter types, POST the text to the preview endpoint
// (debounced) and show the headings it found and the lines it could not place.
// Progressive enhancement only: without JavaScript the form saves as it is. Everything is
// built with createElement/textContent, never innerHTML, since the text is the drafter's.
(function () {
  "use strict";

  var DELAY_MS = 700;

  // Heading words as the act's language writes them (acts/text/render.py).
  var HEADING_WORDS = {
    section: { en: "Section", ru: "Раздел", kk: "бөлім" },
    chapter: { en: "Chapter", ru: "Глава", kk: "тарау" },
    subchapter: { en: "Subchapter", ru: "Параграф", kk: "параграф" },
    article: { en: "Article", ru: "Статья", kk: "бап" },
    annex: { en: "Annex", ru: "Приложение", kk: "қосымша" },
  };
  var PREAMBLE_WORDS = { en: "Preamble", ru: "Преамбула", kk: "Кіріспе" };
  var DEPTH_KINDS = ["section", "chapter", "subchapter", "article"];

  function init() {
    var textarea = document.getElementById("act-text");
    var panel = document.getElementById("outline");
    if (!textarea || !panel || !window.fetch || !window.FormData) {
      return;
    }
    var url = panel.getAttribute("data-preview-url");
    var maxChars = parseInt(panel.getAttribute("data-max-chars"), 10) || 0;
    var lang = panel.getAttribute("data-lang") || "en";
    var tokenMeta = document.querySelector('meta[name="csrf-token"]');
    var token = tokenMeta ? tokenMeta.getAttribute("content") : "";
    var status = panel.querySelector(".outline-status");
    var body = panel.querySelector(".outline-body");
    if (!url || !status || !body) {
      return;
    }

    var timer = null;
    var controller = null;
    var lastSent = null;
    var sequence = 0;

    function setStatus(message, state) {
      if (status.textContent !== message) {
        status.textContent = message;
      }
      status.setAttribute("data-state", state || "");
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY_MS);
    }

    function refresh() {
      var text = textarea.value;
      if (text === lastSent) {
        return;
      }
      if (maxChars && text.length > maxChars) {
        // The server would refuse it; do not send megabytes to be told so.
        if (controller) {
          controller.abort();
        }
        sequence++;
        panel.classList.remove("is-busy");
        lastSent = null;
        clear(body);
        setStatus(
          "The text is too long to preview (" +
            text.length.toLocaleString() +
            " characters; the limit is " +
            maxChars.toLocaleString() +
            ").",
          "error"
        );
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var mine = ++sequence;
      var data = new FormData();
      data.append("text", text);
      panel.classList.add("is-busy"); // visual only: the live region speaks results, not progress
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        redirect: "error",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          var type = response.headers.get("Content-Type") || "";
          if (!response.ok || type.indexOf("application/json") === -1) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (result) {
          if (mine !== sequence) {
            return; // a newer request is on its way
          }
          lastSent = text;
          panel.classList.remove("is-busy");
          show(result);
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") {
            return;
          }
          if (mine === sequence) {
            panel.classList.remove("is-busy");
            lastSent = null;
            setStatus(
              "The outline could not be updated just now. Your text is not affected; it saves as usual.",
              "error"
            );
          }
        });
    }

    function show(result) {
      var outline = Array.isArray(result.outline) ? result.outline : [];
      var issues = Array.isArray(result.issues) ? result.issues : [];
      var count = typeof result.provisions === "number" ? result.provisions : 0;
      clear(body);

      var summary =
        count + (count === 1 ? " provision" : " provisions") + ", " +
        (issues.length === 0
          ? "no problems found."
          : issues.length + (issues.length === 1 ? " place to check." : " places to check."));
      setStatus(summary, issues.length ? "warning" : "ok");

      if (issues.length) {
        var issuesTitle = element("h3", "outline-subtitle", "Places to check");
        body.appendChild(issuesTitle);
        var issueList = element("ul", "outline-issues");
        issues.forEach(function (issue) {
          var item = document.createElement("li");
          var button = element("button", "button-link issue-link");
          button.type = "button";
          button.textContent = "Line " + issue.line + ": " + issue.message;
          button.addEventListener("click", function () {
            goToLine(issue.line);
          });
          item.appendChild(button);
          issueList.appendChild(item);
        });
        body.appendChild(issueList);
      }

      body.appendChild(element("h3", "outline-subtitle", "Headings"));
      if (!outline.length) {
        body.appendChild(element("p", "muted", "No headings yet."));
        return;
      }
      if (!outline.some(function (entry) { return entry.kind !== "part"; })) {
        body.appendChild(element("p", "muted", "No headings yet."));
        return;
      }
      var present = DEPTH_KINDS.filter(function (kind) {
        return outline.some(function (entry) {
          return entry.kind === kind;
        });
      });
      var list = element("ol", "outline-list");
      list.setAttribute("lang", lang);
      outline.forEach(function (entry) {
        if (entry.kind === "part") {
          // Where an explanatory note, an approving decision, the act it approves or an
          // annex starts: the label is in the interface language.
          var part = element("li", "outline-part outline-part-" + entry.part, entry.label);
          part.setAttribute("lang", document.documentElement.getAttribute("lang") || "");
          list.appendChild(part);
          return;
        }
        var depth = Math.max(0, present.indexOf(entry.kind));
        var item = element("li", "outline-item outline-" + entry.kind + " outline-depth-" + depth);
        item.appendChild(element("span", "outline-marker", marker(entry.kind, entry.num)));
        if (entry.heading) {
          item.appendChild(document.createTextNode(" " + entry.heading));
        }
        list.appendChild(item);
      });
      body.appendChild(list);
    }

    function marker(kind, num) {
      if (kind === "preamble") {
        return PREAMBLE_WORDS[lang] || PREAMBLE_WORDS.en;
      }
      var words = HEADING_WORDS[kind];
      if (!words) {
        return kind;
      }
      var word = words[lang] || words.en;
      if (!num) {
        return word.charAt(0).toUpperCase() + word.slice(1) + ".";
      }
      return lang === "kk" ? num + "-" + word + "." : word + " " + num + ".";
    }

    // Put the caret at the start of a 1-based line and scroll the textarea to it.
    function goToLine(line) {
      var lines = textarea.value.split("\n");
      var target = Math.min(Math.max(1, line), lines.length);
      var offset = 0;
      for (var i = 0; i < target - 1; i++) {
        offset += lines[i].length + 1;
      }
      // Lines wrap, so this scroll is approximate; focusing after the selection is set makes
      // the browser bring the caret itself into view.
      var lineHeight = parseFloat(window.getComputedStyle(textarea).lineHeight) || 20;
      textarea.scrollTop = Math.max(0, (target - 3) * lineHeight);
      textarea.setSelectionRange(offset, offset + lines[target - 1].length);
      textarea.blur();
      textarea.focus();
    }

    textarea.addEventListener("input", schedule);
    refresh();
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
