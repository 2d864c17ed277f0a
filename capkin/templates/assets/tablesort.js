/*
 * capkin tablesort: sort tables marked with data-capkin-sort by clicking a column heading.
 * Written for capkin (MIT licence, same as capkin). No dependencies, no network.
 * A cell's data-sort attribute, when present, is its sort key (numbers compare as numbers);
 * otherwise its text is compared with Indonesian collation.
 */
(function () {
  "use strict";
  var banding = new Intl.Collator("id", { numeric: true, sensitivity: "base" });

  function kunci(sel) {
    if (!sel) return "";
    var ds = sel.getAttribute("data-sort");
    return ds !== null ? ds : sel.textContent.trim();
  }

  function bandingkan(a, b) {
    var na = a === "" ? NaN : Number(a);
    var nb = b === "" ? NaN : Number(b);
    if (!isNaN(na) && !isNaN(nb)) return na - nb;
    if (a === "" || a === "–") return 1;   // empty cells last
    if (b === "" || b === "–") return -1;
    return banding.compare(a, b);
  }

  function urutkan(tabel, kolom, th) {
    var naik = th.getAttribute("aria-sort") !== "ascending";
    tabel.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", naik ? "ascending" : "descending");
    Array.prototype.forEach.call(tabel.tBodies, function (tbody) {
      var baris = Array.prototype.slice.call(tbody.rows);
      baris.sort(function (x, y) {
        var h = bandingkan(kunci(x.cells[kolom]), kunci(y.cells[kolom]));
        return naik ? h : -h;
      });
      baris.forEach(function (tr) { tbody.appendChild(tr); });
    });
  }

  function siapkan(akar) {
    (akar || document).querySelectorAll("table[data-capkin-sort]").forEach(function (tabel) {
      if (tabel.getAttribute("data-capkin-siap")) return;
      tabel.setAttribute("data-capkin-siap", "1");
      var kepala = tabel.tHead && tabel.tHead.rows[0];
      if (!kepala) return;
      Array.prototype.forEach.call(kepala.cells, function (th, kolom) {
        var tombol = document.createElement("button");
        tombol.type = "button";
        tombol.className = "capkin-urut";
        while (th.firstChild) tombol.appendChild(th.firstChild);
        th.appendChild(tombol);
        tombol.addEventListener("click", function () { urutkan(tabel, kolom, th); });
      });
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(function () { siapkan(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { siapkan(document); });
  } else {
    siapkan(document);
  }
})();
