// Turns every <textarea data-rich-text> of the admin into a Trix editor. The
// textarea stays in the form (hidden) and Trix writes its HTML into it; the
// server sanitizes that HTML when it is saved and again when it is shown.
(function () {
  "use strict";
  if (!window.Trix) {
    return;
  }
  // Headings inside a campaign page are second-level: the title is the <h1>.
  Trix.config.blockAttributes.heading1.tagName = "h2";

  // No file attachments: images go in the hero image field.
  document.addEventListener("trix-file-accept", function (event) {
    event.preventDefault();
  });

  function enhance(textarea) {
    if (textarea.dataset.richTextReady) {
      return;
    }
    textarea.dataset.richTextReady = "1";
    var editor = document.createElement("trix-editor");
    editor.setAttribute("input", textarea.id);
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    editor.setAttribute("aria-label", label ? label.textContent.replace(/:$/, "") : textarea.name);
    editor.classList.add("rich-text-editor");
    textarea.classList.add("rich-text-source");
    // A wrapper keeps Trix's toolbar above the editor inside the admin's flex rows.
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    wrapper.appendChild(editor);
    textarea.insertAdjacentElement("afterend", wrapper);
  }

  function enhanceAll() {
    document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
})();
