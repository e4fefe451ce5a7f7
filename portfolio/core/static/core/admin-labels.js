// Names for the boxes of the admin's tables (inline rows such as a publication's
// authors and links, and lists edited in place such as skill categories' order):
// Django labels them only by their column heading,
// which screen readers do not tie to the box. Each box gets its column's name and
// its row's number; the blank first heading gets a name too.
"use strict";
(function () {
  function label(table) {
    const headings = Array.from(table.querySelectorAll("thead th"));
    headings.forEach((th) => {
      if (!th.textContent.trim()) {
        const name = document.createElement("span");
        name.className = "visually-hidden";
        name.textContent = "Entry";
        th.append(name);
      }
    });
    const rows = Array.from(table.querySelectorAll("tbody tr"))
      .filter((row) => !row.classList.contains("empty-form"));
    rows.forEach((row, index) => {
      Array.from(row.children).forEach((cell, column) => {
        const heading = headings[column] ? headings[column].textContent.trim() : "";
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((box) => {
          if (!box.labels || box.labels.length === 0) {
            if (!box.getAttribute("aria-label") && heading) {
              box.setAttribute("aria-label", `${heading} (row ${index + 1})`);
            }
          }
        });
      });
    });
  }

  function labelAll() {
    document.querySelectorAll(".inline-group .tabular table, #result_list").forEach(label);
    // The search box of a multiple-choice autocomplete ("Other versions").
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach((box) => {
      box.setAttribute("aria-label", "Search");
    });
  }

  document.addEventListener("DOMContentLoaded", () => setTimeout(labelAll, 0));
  document.addEventListener("formset:added", labelAll);
})();
