// Select2 names the autocomplete filter's combobox by the chosen object only, and by nothing
// when none is chosen: add the filter's label to its name, whenever the admin's own script
// turns a select into a combobox.
(function () {
  "use strict";

  function nameComboboxes() {
    document.querySelectorAll(".autocomplete-filter").forEach(function (form) {
      const label = form.querySelector("label[id]");
      const combobox = form.querySelector(".select2-selection[role=combobox]");
      const names = combobox ? (combobox.getAttribute("aria-labelledby") || "").split(" ") : [];
      if (label && combobox && !names.includes(label.id)) {
        combobox.setAttribute("aria-labelledby", [label.id].concat(names).join(" ").trim());
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameComboboxes();
    new MutationObserver(nameComboboxes).observe(document.body, { childList: true, subtree: true });
  });
})();
