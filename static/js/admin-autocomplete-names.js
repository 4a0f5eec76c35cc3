// Select2 names the admin's autocomplete combobox by the chosen object only, and by nothing
// when none is chosen. Whenever the admin's own script turns a select into a combobox, this
// names the combobox by the select's label (its <label>, or its aria-label in a table row)
// followed by the chosen object, and the box showing the choice, and the one to type in
// when several objects can be chosen, by the label.
(function () {
  "use strict";

  function labelOf(select) {
    const label = select.labels.length ? select.labels[0].textContent : select.getAttribute("aria-label");
    // The admin's labels end with a colon ("Event:", "Évènement :").
    return (label || "").trim().replace(/\s*:$/, "");
  }

  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete[id]").forEach(function (select) {
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2-container")) return;
      const label = labelOf(select);
      const combobox = container.querySelector(".select2-selection[role=combobox]");
      if (!label || !combobox) return;
      const rendered = combobox.querySelector(".select2-selection__rendered");
      combobox.id = combobox.id || select.id + "-combobox";
      combobox.setAttribute("aria-label", label);
      combobox.setAttribute(
        "aria-labelledby",
        rendered && rendered.id ? combobox.id + " " + rendered.id : combobox.id
      );
      // Named by the combobox's label: an aria-label here would replace the chosen object in
      // the combobox's name.
      if (rendered && rendered.hasAttribute("role")) {
        rendered.setAttribute("aria-labelledby", combobox.id);
      }
      combobox.querySelectorAll(".select2-search__field").forEach(function (box) {
        box.setAttribute("aria-label", label);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameComboboxes();
    new MutationObserver(nameComboboxes).observe(document.body, { childList: true, subtree: true });
  });
})();
