// Sorts a report table by the clicked column; total and subtotal rows stay where they are
// relative to the end (they are moved below the sorted rows). No text of its own to translate.
(function () {
  "use strict";
  function key(cell, numeric) {
    var raw = cell.getAttribute("data-sort") || "";
    if (numeric) { var n = parseFloat(raw); return isNaN(n) ? -Infinity : n; }
    return raw.toLowerCase();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".report-sort");
    if (!button) { return; }
    var th = button.closest("th");
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var type = th.getAttribute("data-type");
    var numeric = type === "int" || type === "decimal" || type === "percent";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var plain = rows.filter(function (r) { return !r.hasAttribute("data-fixed"); });
    var fixed = rows.filter(function (r) { return r.hasAttribute("data-fixed"); });
    plain.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    plain.concat(fixed).forEach(function (r) { body.appendChild(r); });
  });
})();
