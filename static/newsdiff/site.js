// Close buttons of the panels htmx loads, without inline handlers (hx-on needs eval, which the
// Content-Security-Policy forbids): data-close-remove="selector" removes the closest match,
// data-close-empty="selector" empties it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-close-remove], [data-close-empty]");
  if (!button) return;
  if (button.dataset.closeRemove) {
    button.closest(button.dataset.closeRemove)?.remove();
  } else {
    button.closest(button.dataset.closeEmpty)?.replaceChildren();
  }
});

// One evidence panel at a time on the event page: loading one empties every other slot.
document.addEventListener("htmx:beforeRequest", (event) => {
  const target = event.detail.target;
  if (!target || !target.classList.contains("evidence-slot")) return;
  for (const slot of document.querySelectorAll(".evidence-slot")) {
    if (slot !== target) slot.replaceChildren();
  }
});
