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

// A refused write (4xx) swaps nothing in htmx: show its reason in place, beside the form (or
// button) that sent it, so the researcher sees why. Plain-text answers are the reasons the
// views give; an HTML error page is summed up by its status.
document.addEventListener("htmx:responseError", (event) => {
  const source = event.detail.elt;
  const xhr = event.detail.xhr;
  if (!source || !xhr) return;
  const plain = (xhr.getResponseHeader("Content-Type") || "").startsWith("text/plain");
  const reason = plain ? xhr.responseText.slice(0, 500) : `Refused (${xhr.status}).`;
  const anchor = source.closest("form") || source;
  let box = anchor.nextElementSibling;
  if (!box || !box.classList.contains("refused")) {
    box = document.createElement("p");
    box.className = "error refused";
    box.setAttribute("role", "alert");
    anchor.after(box);
  }
  box.textContent = reason;
});

// The site menu on a phone: the header's links fold behind one button (the CSS shows it only on
// narrow screens, and only once this script has marked the header).
{
  const toggle = document.querySelector(".menu-toggle");
  const nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.closest("header").classList.add("has-menu");
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
}
