// German key names in the rich-text toolbar's tooltips: "Strg + B", not
// "Ctrl + B". Draftail spells its shortcuts in English inside its code and
// shows a button's aria-label as the tooltip; this rewrites the labels as
// buttons appear. The names come from articles/templatetags/admin_keys.py
// (data-keys on this script), the same ones the shortcuts dialog uses.
(() => {
  const keys = JSON.parse(document.currentScript.dataset.keys);
  const names = Object.keys(keys).join("|");
  // A key name in a combination: before or after a "+".
  const pattern = new RegExp(`\\b(${names})\\b(?=\\s*\\+)|(?<=\\+\\s*)\\b(${names})\\b`, "g");
  const german = (text) => text.replace(pattern, (key) => keys[key]);

  const rewrite = (element) => {
    for (const attribute of ["aria-label", "title"]) {
      const text = element.getAttribute(attribute);
      if (text && german(text) !== text) element.setAttribute(attribute, german(text));
    }
  };
  const rewriteAll = (root) => {
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    rewrite(root);
    root.querySelectorAll("[aria-label], [title]").forEach(rewrite);
  };

  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "attributes") rewrite(mutation.target);
      else mutation.addedNodes.forEach(rewriteAll);
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["aria-label", "title"],
  });
  rewriteAll(document.documentElement);
})();
