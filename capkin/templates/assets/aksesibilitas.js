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
    // Wide tables scroll sideways inside the content column instead of spilling into the
    // table of contents; the scrolling region is focusable and named for keyboard users.
    document.querySelectorAll(".md-typeset table.capkin-tabel").forEach(function (tabel) {
      if (tabel.parentElement && tabel.parentElement.classList.contains("capkin-gulir")) {
        return;
      }
      var bungkus = document.createElement("div");
      bungkus.className = "capkin-gulir";
      bungkus.setAttribute("tabindex", "0");
      bungkus.setAttribute("role", "region");
      var judul = tabel.querySelector("caption");
      bungkus.setAttribute("aria-label", judul ? judul.textContent.trim() : "Tabel");
      tabel.parentNode.insertBefore(bungkus, tabel);
      bungkus.appendChild(tabel);
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
