// "Add rows" on the programme form adds blank talk rows in place, without sending the form:
// it copies the formset's empty row (<template id="talk-row-template">, where Django wrote
// "__prefix__" for the row's index and "__number__" for its number) and counts it in the
// formset's TOTAL_FORMS. Without JavaScript the same button sends the form, which comes back
// with more blank rows and everything typed (pages/views/proposals.py).
(() => {
  "use strict";

  const rows = document.getElementById("talk-rows");
  const template = document.getElementById("talk-row-template");
  if (!rows || !template) return;
  const form = rows.closest("form");
  const total = form.querySelector('input[name$="-TOTAL_FORMS"]');
  const button = form.querySelector('button[value="add-rows"]');
  const maxRows = Number(rows.dataset.maxRows);
  const added = Number(rows.dataset.rowsAdded);

  const showLimit = () => {
    button.disabled = Number(total.value) >= maxRows;
  };

  button.addEventListener("click", (event) => {
    event.preventDefault();
    const count = Number(total.value);
    const target = Math.min(count + added, maxRows);
    let firstNew = null;
    for (let index = count; index < target; index += 1) {
      const html = template.innerHTML
        .replaceAll("__prefix__", String(index))
        .replaceAll("__number__", String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      firstNew ??= rows.lastElementChild;
    }
    total.value = String(target);
    showLimit();
    firstNew?.querySelector("input, textarea, select")?.focus();
  });
  showLimit();
})();
