/* Preview cards for links to this site's code pages, on any site. Text nodes only, in a shadow root. */
(() => {
  const script = document.currentScript;
  if (!script || window.statusdocsEmbed) return;
  window.statusdocsEmbed = true;
  const base = new URL(".", script.src).href;
  const cache = new Map();
  const host = document.createElement("div");
  host.id = "statusdocs-card";
  host.setAttribute("role", "tooltip");
  host.style.cssText = "all:initial;position:fixed;z-index:2147483647;display:none";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = "<style>" +
    ":host{--bg:#fff;--fg:#1f2328;--mu:#57606a;--c1:#475569;--c2:#15803d;--c3:#1d4ed8;--c4:#a34a04;--c5:#b91c1c}" +
    "@media(prefers-color-scheme:dark){:host{--bg:#161b22;--fg:#e6edf3;--mu:#9ba5b0;--c1:#cbd5e1;--c2:#4ade80;" +
    "--c3:#93c5fd;--c4:#fbbf24;--c5:#fca5a5}}" +
    "div{box-sizing:border-box;width:min(22rem,calc(100vw - 16px));padding:.6rem .8rem;background:var(--bg);" +
    "color:var(--fg);border:1px solid var(--mu);border-top:4px solid var(--c);border-radius:.4rem;" +
    "box-shadow:0 .4rem 1.2rem rgb(0 0 0/.25);font:14px/1.6 system-ui,-apple-system,'PingFang SC'," +
    "'Noto Sans CJK SC','Microsoft YaHei',sans-serif;text-align:left}" +
    "@media(prefers-reduced-motion:no-preference){div{animation:in .12s ease-out}}@keyframes in{from{opacity:0}}" +
    "b{display:block;font-size:1.05rem;color:var(--c)}span{display:inline-block;margin:.2rem 0;padding:0 .4rem;" +
    "border:1px solid var(--c);border-radius:1rem;font-size:.8rem}p{margin:.3rem 0 0}" +
    "ul{margin:.3rem 0 0;padding-left:1.1rem;color:var(--mu)}</style><div></div>";
  const card = root.lastChild;
  let current = null;
  let timer = 0;

  const codeOf = (link) => {
    if (!link.href) return null;
    const url = new URL(link.href, location.href);
    const path = url.origin + url.pathname;
    if (!path.startsWith(base + "codes/")) return null;
    const match = /^(\d{3})\/(index\.html)?$/.exec(path.slice(base.length + 6));
    return match && match[1];
  };
  const load = (code) => {
    if (!cache.has(code)) {
      cache.set(code, fetch(base + "api/codes/" + code + ".json").then((r) => (r.ok ? r.json() : null), () => null));
    }
    return cache.get(code);
  };
  const add = (parent, tag, text) => {
    const node = parent.appendChild(document.createElement(tag));
    node.textContent = text;
    return node;
  };
  const place = (link) => {
    const box = link.getBoundingClientRect();
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const below = box.bottom + 6 + height <= innerHeight || box.top - 6 - height < 0;
    host.style.left = Math.max(8, Math.min(box.left, innerWidth - width - 8)) + "px";
    host.style.top = Math.max(8, below ? box.bottom + 6 : box.top - 6 - height) + "px";
  };
  const show = (link) => {
    const code = codeOf(link);
    if (!code) return;
    clearTimeout(timer);
    current = link;
    load(code).then((record) => {
      if (!record || current !== link) return;
      card.textContent = "";
      card.style.setProperty("--c", "var(--c" + String(record.code)[0] + ")");
      add(card, "b", record.title);
      const preview = record.preview || {};
      if (preview.badge) add(card, "span", preview.badge);
      add(card, "p", record.summary);
      const facts = preview.facts || [];
      const list = facts.length ? add(card, "ul", "") : null;
      facts.forEach((fact) => add(list, "li", fact));
      if (!host.isConnected) document.body.appendChild(host);
      host.style.display = "block";
      link.setAttribute("aria-describedby", host.id);
      place(link);
    });
  };
  const hide = () => {
    host.style.display = "none";
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(hide, 250); };
  const linkIn = (event) => event.target.closest?.("a[href]");

  document.addEventListener("pointerover", (event) => {
    const link = linkIn(event);
    if (link && event.pointerType === "mouse" && link !== current) show(link);
  });
  document.addEventListener("pointerout", (event) => { if (current && linkIn(event) === current) later(); });
  document.addEventListener("focusin", (event) => { const link = linkIn(event); if (link) show(link); });
  document.addEventListener("focusout", (event) => { if (linkIn(event) === current) hide(); });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && current) hide(); });
  host.addEventListener("pointerenter", () => clearTimeout(timer));
  host.addEventListener("pointerleave", later);
})();
