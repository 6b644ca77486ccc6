// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A form came back with errors: move focus to the summary so it is read first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // Error summary links: focus the field itself, not just scroll to it.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  });

  // "Copy link": the field stays usable (select and copy) without JavaScript.
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) {
          status.textContent = button.getAttribute("data-copied-text");
        }
      });
    });
  });

  // Characters left in the letter, announced politely.
  document.querySelectorAll("textarea[maxlength][data-counter]").forEach(function (area) {
    var counter = document.getElementById(area.getAttribute("data-counter"));
    if (!counter) {
      return;
    }
    var template = counter.getAttribute("data-template");
    var update = function () {
      var left = area.maxLength - area.value.length;
      counter.textContent = template.replace("%s", left);
    };
    area.addEventListener("input", update);
    update();
  });

  // Sending twice by a double tap would only meet the one-letter rule: disable on submit,
  // and enable again when the browser's Back button brings the page back from its cache.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    var buttons = form.querySelectorAll("button[type=submit]");
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        buttons.forEach(function (b) { b.disabled = true; });
      }, 0);
    });
    window.addEventListener("pageshow", function () {
      buttons.forEach(function (b) { b.disabled = false; });
    });
  });

  // The language switch: remember the choice, so an old address without a language
  // (/campaigns/…) sends this visitor to the language they chose. Set here rather
  // than by the server, so cached pages carry no per-visitor header.
  document.querySelectorAll("a[data-language]").forEach(function (link) {
    link.addEventListener("click", function () {
      document.cookie = "django_language=" + link.getAttribute("data-language") +
        "; path=/; max-age=31536000; SameSite=Lax";
    });
  });

  // The progress bar's count, kept live while the page is in view: asked for at once,
  // since the page itself may come from a cache, then every 30 seconds.
  var progress = document.querySelector("[data-count-url]");
  if (progress && window.fetch) {
    var label = progress.querySelector("[data-count-label]");
    var bar = progress.querySelector("[data-count-bar]");
    var split = progress.querySelector("[data-count-split]");
    var refresh = function () {
      if (document.visibilityState !== "visible") {
        return;
      }
      fetch(progress.getAttribute("data-count-url"), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) {
            return;
          }
          label.textContent = data.label;
          if (split && data.counts_label) {
            split.textContent = data.counts_label;
          }
          bar.max = data.goal || 1;
          bar.value = data.count;
          bar.textContent = data.percent + "%";
        })
        .catch(function () {});
    };
    refresh();
    window.setInterval(refresh, 30000);
  }

  // Where the writer came from (letters/attribution.py): the page may come from a
  // shared cache, so its hidden fields are filled here from this page's own address
  // (utm_* tags, a referral code) and the origin of the page that linked or framed it.
  var params = new URLSearchParams(window.location.search);
  document.querySelectorAll("input[type=hidden][data-from]").forEach(function (input) {
    if (input.value) {
      return;
    }
    var from = input.getAttribute("data-from");
    if (from === "referrer") {
      try {
        var origin = document.referrer ? new URL(document.referrer).origin : "";
        input.value = origin !== window.location.origin ? origin : "";
      } catch (error) {
        input.value = "";
      }
    } else {
      input.value = (params.get(from) || "").slice(0, 100);
    }
  });
})();
