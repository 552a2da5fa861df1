// The one interaction that needs a script: narrowing the indicator list as the reader types a Vietnamese or English
// name (diacritics optional). Without scripts the grouped list still works as a plain select.
(function () {
  "use strict";
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  for (const input of document.querySelectorAll("input[data-filters]")) {
    const select = document.getElementById(input.dataset.filters);
    if (!select) continue;
    const options = Array.from(select.options).map((o) => ({ option: o, text: fold(o.dataset.names || o.text) }));
    input.addEventListener("input", () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let first = null;
      for (const { option, text } of options) {
        const match = words.every((w) => text.includes(w));
        option.hidden = !match;
        if (match && !first) first = option;
      }
      for (const group of select.querySelectorAll("optgroup")) {
        group.hidden = !Array.from(group.children).some((o) => !o.hidden);
      }
      if (first && select.selectedOptions[0] && select.selectedOptions[0].hidden) first.selected = true;
    });
  }
})();
