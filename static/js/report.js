// Brings the sentence of the linked observation (#obs-<id>) into view and marks it, also when
// the link is followed inside the page.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("mark.current").forEach(function (m) {
      m.classList.remove("current");
    });
    var id = window.location.hash.replace(/^#obs-/, "");
    if (!/^[0-9]+$/.test(id)) {
      return;
    }
    document.querySelectorAll("mark[data-obs]").forEach(function (m) {
      if (m.dataset.obs.split(" ").indexOf(id) >= 0) {
        m.classList.add("current");
      }
    });
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
