// The talk finder replaces its filters and results in place (htmx). Without help, focus would
// fall back to the start of the page, dozens of Tab stops before the first result: a filter
// that changed keeps the focus; after a button or a link (apply, clear, another page) focus
// moves to the results. The filters' panel stays open or closed as the reader left it.
(function () {
  "use strict";
  let pending = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    const finder = document.getElementById("finder");
    if (!finder || !finder.contains(event.detail.elt)) {
      return;
    }
    const active = document.activeElement;
    const isField = active && finder.contains(active) && active.id &&
      active.matches("input:not([type=submit]), select");
    pending = {
      fieldId: isField ? active.id : null,
      filtersOpen: document.getElementById("filters-panel").open,
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending || !document.getElementById("finder")) {
      return;
    }
    const { fieldId, filtersOpen } = pending;
    pending = null;
    document.getElementById("filters-panel").open = filtersOpen;
    const field = fieldId && document.getElementById(fieldId);
    if (field && field.closest("details")) {
      field.closest("details").open = true;
    }
    (field || document.getElementById("results")).focus();
  });
})();
