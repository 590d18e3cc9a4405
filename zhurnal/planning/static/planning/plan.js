// The plan's rows reorder by drag and by Alt+↑ / Alt+↓; without the script the ↑ ↓ buttons do it.
(function () {
  "use strict";
  const table = document.getElementById("plan-items");
  if (!table || !table.dataset.reorder) return;
  const body = table.tBodies[0];
  const csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  let dragged = null;

  function send() {
    const order = Array.from(body.rows).map((row) => row.dataset.number).join(",");
    const form = new URLSearchParams({ order: order });
    fetch(table.dataset.reorder, {
      method: "POST", body: form, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
    }).then(() => window.location.reload());
  }

  body.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("tr");
    if (dragged) event.dataTransfer.effectAllowed = "move";
  });
  body.addEventListener("dragover", (event) => {
    const row = event.target.closest("tr");
    if (!dragged || !row || row === dragged) return;
    event.preventDefault();
    const after = event.clientY > row.getBoundingClientRect().top + row.offsetHeight / 2;
    row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
  });
  body.addEventListener("drop", (event) => { event.preventDefault(); if (dragged) { dragged = null; send(); } });
  body.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr");
    if (!row || event.target !== row || !event.altKey || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
    event.preventDefault();
    const button = row.querySelector(`[data-move=${event.key === "ArrowUp" ? "up" : "down"}]`);
    if (button) button.click();
  });
  // After a move by keyboard the page comes back at #item-N: keep the focus on that row.
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.tagName === "TR") target.focus();
})();
