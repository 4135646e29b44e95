// A small enhancement only: every page works without this file.
// On a narrow screen the facet panel starts folded, so the results come first; without
// JavaScript it stays open, and the <summary> folds it either way.
(function () {
  "use strict";
  var facets = document.getElementById("facets");
  if (facets && window.matchMedia && window.matchMedia("(max-width: 59.99rem)").matches) {
    facets.removeAttribute("open");
  }
})();
