// The author rows of the publication form: "Move up" and "Move down" buttons that
// reorder them and number their positions in the new order, and a number for each
// added row. Works under the site's Content-Security-Policy (a file, no inline code).
"use strict";
(function () {
  const GROUP = "#authorships-group";

  function rows() {
    return Array.from(document.querySelectorAll(GROUP + " tbody tr.form-row"))
      .filter((row) => !row.classList.contains("empty-form"));
  }

  function position(row) {
    return row.querySelector("input[name$='-position']");
  }

  function renumber() {
    let number = 0;
    for (const row of rows()) {
      const deleted = row.querySelector("input[name$='-DELETE']");
      const box = position(row);
      if (box && !(deleted && deleted.checked)) {
        number += 1;
        box.value = number;
      }
    }
  }

  function move(row, step) {
    const all = rows();
    const index = all.indexOf(row);
    const other = all[index + step];
    if (!other) return;
    if (step < 0) other.before(row);
    else other.after(row);
    renumber();
    row.querySelector(step < 0 ? ".move-up" : ".move-down").focus();
  }

  function addButtons(row) {
    const box = position(row);
    if (!box || row.querySelector(".move-up")) return;
    for (const [label, step, cls] of [["↑", -1, "move-up"], ["↓", 1, "move-down"]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button " + cls;
      button.textContent = label;
      button.setAttribute("aria-label", step < 0 ? "Move this author up" : "Move this author down");
      button.addEventListener("click", () => move(row, step));
      box.after(button);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    rows().forEach(addButtons);
  });
  document.addEventListener("formset:added", function (event) {
    if (event.detail && event.detail.formsetName !== "authorships") return;
    const row = event.target;
    addButtons(row);
    const box = position(row);
    if (box && !box.value) {
      const numbers = rows().map((r) => parseInt(position(r).value, 10)).filter((n) => n > 0);
      box.value = numbers.length ? Math.max(...numbers) + 1 : 1;
    }
  });
})();
