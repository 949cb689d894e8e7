// Selecting words in a provision fills the quote of the comment on that provision and opens
// its form. Without JavaScript the reviewer types or pastes the quote; the server checks it
// either way (the quote must stand in the provision's wording).
(function () {
  "use strict";

  var OWN_TEXT = ".provision-body, .provision-text, .provision-heading";

  function ownTextOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest(OWN_TEXT) : null;
  }

  function pick() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      return;
    }
    var start = ownTextOf(selection.anchorNode);
    var end = ownTextOf(selection.focusNode);
    // Within one provision's own words only: a quote never runs across provisions.
    if (!start || start !== end) {
      return;
    }
    var provision = start.closest(".provision[id]");
    var eid = provision && provision.id;
    var field = eid && document.querySelector('input[data-quote-for="' + CSS.escape(eid) + '"]');
    if (!field) {
      return;
    }
    var text = selection.toString().replace(/\r\n?/g, "\n").trim();
    if (!text || text.length > Number(field.getAttribute("maxlength") || 1000)) {
      return;
    }
    field.value = text;
    var details = field.closest("details");
    if (details && !details.open) {
      details.open = true;
    }
    field.classList.add("quote-picked");
    window.setTimeout(function () {
      field.classList.remove("quote-picked");
    }, 1200);
  }

  document.addEventListener("mouseup", function () {
    window.setTimeout(pick, 0);
  });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) {
      pick();
    }
  });
})();
