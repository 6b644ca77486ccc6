// Inside the embeddable action's frame (letters/embed_base.html), on our origin.
(function () {
  "use strict";

  if (window.parent === window) {
    return; // opened on its own: nothing to tell
  }

  // Links that leave the flow (the full page, the status page, sharing) open in a new
  // tab: the site's other pages refuse to be framed.
  document.querySelectorAll("a[href]").forEach(function (link) {
    if (link.getAttribute("href").charAt(0) !== "#" && !link.target) {
      link.target = "_blank";
      link.rel = "noopener";
    }
  });

  // The full page keeps the partner and the link's tags the frame was opened with (the
  // frame's page may come from a shared cache, so its link cannot carry them).
  var full = document.querySelector(".embed__full a");
  if (full && window.location.search) {
    full.href = full.href.split("?")[0] + window.location.search;
  }

  // Tell the page around the frame how tall we are (js/embed.js resizes the frame).
  // Only a height goes out, so any parent may hear it; the parent checks our origin.
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "advocacy-embed:height", height: height }, "*");
    }
  }
  if (window.ResizeObserver) {
    new ResizeObserver(report).observe(document.documentElement);
  }
  window.addEventListener("load", report);
  report();

  // A new step (review, thank-you) starts at its top, which may be off the partner's screen.
  window.parent.postMessage({ type: "advocacy-embed:step" }, "*");
})();
