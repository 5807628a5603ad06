// Copy buttons: each copies the field (an input, or an element's text) its data-copy names.
// A build without --site-url has no permalink; served over http(s), the box offers the page's address instead.
const served = document.querySelector("[data-served]");
if (served && /^https?:$/.test(location.protocol)) {
  served.querySelector("input").value = location.href.replace(/[?#].*$/, "").replace(/index\.html$/, "");
  served.hidden = false;
}
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy), text = () => field.value ?? field.textContent;
  const done = () => {
    button.textContent = "已复制";
    setTimeout(() => { button.textContent = "复制"; }, 2000);
  };
  const fallback = () => {
    if (field.select) field.select();
    else getSelection().selectAllChildren(field);
    document.execCommand("copy");
    done();
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text()).then(done, fallback);
    else fallback();
  });
});
