// Copy-citation buttons: copy the text of the element named by data-target.
// The only script on the site; pages work without it (the citation is shown).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.copy")) {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.target);
      const text = source ? source.textContent : "";
      try {
        await navigator.clipboard.writeText(text);
      } catch (err) {
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        document.execCommand("copy");
      }
      const label = button.textContent;
      button.textContent = "已复制";
      button.classList.add("done");
      document.body.dataset.copied = text;
      setTimeout(() => { button.textContent = label; button.classList.remove("done"); }, 1500);
    });
  }
});
