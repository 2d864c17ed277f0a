/*
 * capkin: small accessibility fixes to Material for MkDocs' markup (MIT licence, as capkin).
 * The search overlay is a dialog without a name; give it one in Bahasa Indonesia.
 */
(function () {
  "use strict";
  function perbaiki() {
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (el) {
      el.setAttribute("aria-label", "Pencarian");
    });
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(perbaiki);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", perbaiki);
  } else {
    perbaiki();
  }
})();
