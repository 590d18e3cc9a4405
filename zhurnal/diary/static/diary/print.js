// The extract's «Печать» button (a static file: the CSP allows no inline script).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("diary-print");
  if (button) {
    button.addEventListener("click", () => window.print());
  }
});
