// The upload form refuses files over the size limits before sending them (the server checks
// again): a 200 MB file should not travel all the way to be refused. The limits come from the
// form's data- attributes, which the server fills from its settings.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("upload-files-form");
  if (!form) return;
  const input = form.querySelector("input[type=file]");
  const list = document.getElementById("upload-too-large");
  const limits = {
    files: Number(form.dataset.maxFiles),
    file: Number(form.dataset.maxFileBytes),
    zip: Number(form.dataset.maxZipBytes),
  };
  // Like Django's filesizeformat, so the message and the help text agree.
  const size = (n) => {
    for (const [unit, scale] of [["GB", 2 ** 30], ["MB", 2 ** 20], ["KB", 2 ** 10]]) {
      if (n >= scale) return `${(n / scale).toFixed(1)} ${unit}`;
    }
    return `${n} bytes`;
  };

  function problems() {
    const files = Array.from(input.files);
    const found = [];
    if (files.length > limits.files) {
      found.push(`${files.length} files chosen; the limit is ${limits.files} per upload.`);
    }
    for (const file of files) {
      const limit = file.name.toLowerCase().endsWith(".zip") ? limits.zip : limits.file;
      if (file.size > limit) {
        found.push(`${file.name} is too large (${size(file.size)}; the limit is ${size(limit)}).`);
      }
    }
    return found;
  }

  function check() {
    const found = problems();
    list.replaceChildren(...found.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
    list.hidden = found.length === 0;
    input.setCustomValidity(found.join(" "));
    return found.length === 0;
  }

  input.addEventListener("change", check);
  form.addEventListener("submit", (event) => {
    if (!check()) event.preventDefault();
  });
});
