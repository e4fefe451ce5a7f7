// A "Preview" button under each Markdown box of the admin: it shows the text as the
// public pages will, rendered and sanitised by the server (no HTML is built here
// from what was typed).
"use strict";
(function () {
  function csrfToken(form) {
    const input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function addPreview(box) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = "Preview";
    button.setAttribute("aria-controls", box.id + "-preview");
    const shown = document.createElement("div");
    shown.id = box.id + "-preview";
    shown.className = "markdown-preview";
    shown.setAttribute("aria-live", "polite");
    shown.hidden = true;
    box.after(button, shown);
    button.addEventListener("click", async function () {
      const body = new URLSearchParams({ text: box.value });
      const response = await fetch(box.dataset.markdownPreview, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken(box.form) },
        credentials: "same-origin",
      });
      shown.hidden = false;
      if (response.ok) {
        shown.innerHTML = await response.text();  // sanitised by the server
      } else {
        shown.textContent = "The preview is not available: " + (await response.text());
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-markdown-preview]").forEach(addPreview);
  });
})();
