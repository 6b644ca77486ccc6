// The script partners paste beside the embeddable action's <iframe> (see README,
// "Embedding an action"). It only resizes the frame to its content: the frame tells
// its height by postMessage, and a message counts only if it comes from that frame
// and from the frame's own origin.
(function () {
  "use strict";

  var frames = document.querySelectorAll("iframe[data-advocacy-embed]");

  function frameFor(event) {
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow === event.source && new URL(frame.src).origin === event.origin) {
        return frame;
      }
    }
    return null;
  }

  frames.forEach(function (frame) {
    frame.style.width = "100%";
    frame.style.border = "0";
  });

  window.addEventListener("message", function (event) {
    var frame = frameFor(event);
    var data = event.data;
    if (!frame || !data || typeof data !== "object") {
      return;
    }
    if (data.type === "advocacy-embed:height" && typeof data.height === "number") {
      frame.style.height = Math.max(200, Math.min(data.height, 20000)) + "px";
    } else if (data.type === "advocacy-embed:step") {
      var top = frame.getBoundingClientRect().top;
      if (top < 0) {
        frame.scrollIntoView({ block: "start" });
      }
    }
  });
})();
