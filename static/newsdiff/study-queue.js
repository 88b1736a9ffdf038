// A coder's queue by keyboard: digits pick the tag of that number (two typed quickly, "1" "2",
// pick the 12th when there is one), "t" cycles the tone, "a" adds the chosen tag and stays (a
// secondary frame), "n" saves and moves to the next item. Keys typed into a text box are left
// alone.
let typed = "";
let typedAt = 0;
document.addEventListener("keydown", (event) => {
  const form = document.getElementById("code-form");
  if (!form || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest("input[type=text], input:not([type]), textarea, select")) return;
  const key = event.key.toLowerCase();
  if (/^[0-9]$/.test(key)) {
    const tags = form.querySelectorAll("input[name=tag]");
    const now = Date.now();
    typed = now - typedAt < 700 && Number(typed + key) <= tags.length ? typed + key : key;
    typedAt = now;
    const index = Number(typed) - 1;
    if (tags[index]) tags[index].checked = true;
  } else if (key === "t") {
    const tones = [...form.querySelectorAll("input[name=tone]")];
    if (!tones.length) return;
    const at = tones.findIndex((tone) => tone.checked);
    tones[(at + 1) % tones.length].checked = true;
  } else if (key === "n" || key === "a") {
    form.querySelector(`button[value=${key === "n" ? "next" : "add"}]`).click();
  } else {
    return;
  }
  event.preventDefault();
});
