// A talk's topics are typed as names separated by commas, and the page's <datalist
// id="topic-names"> holds the names of the topics the site has. A browser suggests a datalist's
// options for the whole value of a field, so only for the first name: as one types, this
// rewrites the options as "what is typed up to the last comma, then each name", so that every
// name gets suggestions. Without JavaScript, the first name still does, and the page lists
// every topic the site has.
(() => {
  "use strict";

  const MAX_OPTIONS = 50;
  const list = document.getElementById("topic-names");
  if (!list) return;
  const names = Array.from(list.options, (option) => option.value);

  const suggest = (field) => {
    const value = field.value;
    const cut = value.lastIndexOf(",") + 1;
    const before = cut ? `${value.slice(0, cut)} ` : "";
    const typed = value.slice(cut).trim().toLocaleLowerCase();
    const chosen = new Set(
      value.slice(0, cut).split(",").map((name) => name.trim().toLocaleLowerCase()),
    );
    const options = names
      .filter((name) => !chosen.has(name.toLocaleLowerCase()))
      .filter((name) => name.toLocaleLowerCase().includes(typed))
      .slice(0, MAX_OPTIONS)
      .map((name) => {
        const option = document.createElement("option");
        option.value = before + name;
        return option;
      });
    list.replaceChildren(...options);
  };

  for (const kind of ["input", "focusin"]) {
    document.addEventListener(kind, (event) => {
      if (event.target.matches?.("[data-topic-names]")) suggest(event.target);
    });
  }
})();
