// Tagging: selecting words in a passage fills the tag form's "Words" box and the hidden start
// offset (characters into the passage's text; the server checks it against the stored text and
// falls back to the first occurrence). Typing the words works without this script.
// "selectionchange" (not mouseup) so a touch screen's selection handles work too, and only a
// new selection fills a box: a leftover one never refills a box the researcher has cleared.
let pending = 0;
document.addEventListener("selectionchange", () => {
  clearTimeout(pending);
  pending = setTimeout(fillWords, 150);
});

function fillWords() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.rangeCount) return;
  const range = selection.getRangeAt(0);
  const node = range.startContainer;
  const element = node.nodeType === 1 ? node : node.parentElement;
  // A panel's own copy of the text names its inputs; on the event page, a passage's quote
  // fills the form of the panel opened under it.
  let source = element?.closest("[data-words]");
  let words, start;
  if (source) {
    words = document.querySelector(source.dataset.words);
    start = document.querySelector(source.dataset.start);
  } else {
    source = element?.closest(".passage blockquote.text");
    const passage = source?.closest(".passage");
    words = passage?.querySelector(".tag-form input[name=words]");
    start = passage?.querySelector(".tag-form input[name=start]");
  }
  if (!source || !words || !source.contains(range.endContainer)) return;
  const before = document.createRange();
  before.selectNodeContents(source);
  before.setEnd(range.startContainer, range.startOffset);
  const text = range.toString();
  const lead = text.length - text.trimStart().length;
  words.value = text.trim();
  if (start) start.value = before.toString().length + lead;
}
