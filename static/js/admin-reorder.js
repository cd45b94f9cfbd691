/* Reorder the rows of an admin tabular inline (fieldset.js-reorderable) by dragging a handle
   or with the ↑/↓ buttons; the rows' "position" inputs are renumbered in the new order.
   Rows still empty (the spare "extra" forms) keep no number and are left at the end. */
(function () {
  "use strict";

  function rowsOf(tbody) {
    return Array.from(tbody.querySelectorAll("tr.form-row")).filter(
      (row) => !row.classList.contains("empty-form")
    );
  }

  function isFilled(row) {
    if (row.querySelector("input[type=hidden][name$='-id']")?.value) return true;
    return Array.from(row.querySelectorAll("input[type=text]")).some((input) => input.value.trim());
  }

  function renumber(tbody) {
    let position = 0;
    for (const row of rowsOf(tbody)) {
      const input = row.querySelector("input[name$='-position']");
      if (input && isFilled(row)) input.value = String(position++);
    }
  }

  function button(label, title, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "reorder-button";
    element.textContent = label;
    element.title = title;
    element.setAttribute("aria-label", title);
    element.addEventListener("click", onClick);
    return element;
  }

  function enhance(row, tbody) {
    if (row.dataset.reorderable) return;
    row.dataset.reorderable = "1";
    const cell = row.querySelector("td");
    if (!cell) return;
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.textContent = "↕";
    handle.title = "끌어서 순서 바꾸기";
    handle.addEventListener("mousedown", () => { row.draggable = true; });
    row.addEventListener("dragstart", (event) => {
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    });
    row.addEventListener("dragend", () => {
      row.classList.remove("dragging");
      row.draggable = false;
      renumber(tbody);
    });
    row.addEventListener("dragover", (event) => {
      const dragging = tbody.querySelector("tr.dragging");
      if (!dragging || dragging === row) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      row.parentNode.insertBefore(dragging, after ? row.nextSibling : row);
    });
    const up = button("↑", "위로", () => {
      const previous = rowsOf(tbody)[rowsOf(tbody).indexOf(row) - 1];
      if (previous) tbody.insertBefore(row, previous);
      renumber(tbody);
    });
    const down = button("↓", "아래로", () => {
      const next = rowsOf(tbody)[rowsOf(tbody).indexOf(row) + 1];
      if (next) tbody.insertBefore(next, row);
      renumber(tbody);
    });
    const controls = document.createElement("span");
    controls.className = "reorder-controls";
    controls.append(handle, up, down);
    cell.prepend(controls);
    row.addEventListener("input", () => renumber(tbody));
  }

  function setUp() {
    for (const fieldset of document.querySelectorAll("fieldset.js-reorderable")) {
      const tbody = fieldset.querySelector("tbody");
      if (!tbody) continue;
      rowsOf(tbody).forEach((row) => enhance(row, tbody));
      // Rows added with "add another" get the same controls.
      new MutationObserver(() => rowsOf(tbody).forEach((row) => enhance(row, tbody))).observe(
        tbody, { childList: true }
      );
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
