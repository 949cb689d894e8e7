// The wording of the provision a reference names, shown beside the link on hover and on
// keyboard focus. The link's title carries the wording; without JavaScript the browser shows
// the title on hover and the link still goes to the provision.
(function () {
  "use strict";

  var tip = null;

  function show(link) {
    var text = link.getAttribute("data-wording") || link.getAttribute("title");
    if (!text) {
      return;
    }
    // The title would double the tooltip: keep it as data while ours is shown.
    if (link.hasAttribute("title")) {
      link.setAttribute("data-wording", text);
      link.removeAttribute("title");
    }
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "ref-tip";
      tip.id = "ref-tip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = text;
    tip.hidden = false;
    link.setAttribute("aria-describedby", "ref-tip");
    var box = link.getBoundingClientRect();
    tip.style.left = Math.max(8, box.left + window.scrollX) + "px";
    tip.style.top = box.bottom + window.scrollY + 6 + "px";
  }

  function hide(link) {
    if (tip) {
      tip.hidden = true;
    }
    if (link) {
      link.removeAttribute("aria-describedby");
    }
  }

  function referenceLink(target) {
    return target instanceof Element ? target.closest("a.ref") : null;
  }

  ["mouseover", "focusin"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var link = referenceLink(event.target);
      if (link) {
        show(link);
      }
    });
  });
  ["mouseout", "focusout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var link = referenceLink(event.target);
      if (link) {
        hide(link);
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide(referenceLink(document.activeElement));
    }
  });
})();
