// Copy buttons of the "链接到本页" box: each copies the field its data-copy names.
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const done = () => {
    button.textContent = "已复制";
    setTimeout(() => { button.textContent = "复制"; }, 2000);
  };
  const fallback = () => { field.select(); document.execCommand("copy"); done(); };
  button.hidden = false;
  button.addEventListener("click", () => {
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, fallback);
    else fallback();
  });
});
