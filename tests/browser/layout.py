"""Layout checks a reader would notice, as JavaScript run in the page."""

# WCAG 2.2 1.4.10 Reflow: the page itself never scrolls sideways (axe cannot see it).
HORIZONTAL_OVERFLOW_JS = """() => {
    const width = document.documentElement.scrollWidth;
    if (width <= window.innerWidth) return null;
    const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
    return {width, innerWidth: window.innerWidth, wide: wide.slice(-5)};
}"""

# Each affiliate button, scrolled into view with its scroll containers, lies
# inside the viewport and inside every ancestor that clips its overflow, and
# nothing else covers its middle. Returns the buttons that fail.
UNREACHABLE_BUTTONS_JS = """(selector) => {
    const problems = [];
    for (const button of document.querySelectorAll(selector)) {
        button.scrollIntoView({block: "center", inline: "center"});
        const box = button.getBoundingClientRect();
        const label = (button.closest("[class]").className + ": " + button.innerText).trim();
        const out = (outer) => box.left < outer.left - 1 || box.right > outer.right + 1
            || box.top < outer.top - 1 || box.bottom > outer.bottom + 1;
        if (box.width === 0 || box.height === 0) { problems.push(label + " (not shown)"); continue; }
        if (out({left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight})) {
            problems.push(label + " (outside the viewport)"); continue;
        }
        for (let el = button.parentElement; el && el !== document.body; el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.overflowX !== "visible" || style.overflowY !== "visible") {
                if (out(el.getBoundingClientRect())) { problems.push(label + " (clipped)"); break; }
            }
        }
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (hit && !button.contains(hit)) problems.push(label + " (covered)");
    }
    window.scrollTo(0, 0);
    return problems;
}"""

AFFILIATE_BUTTONS = (
    ".product-box a.affiliate-link, .product-table a.affiliate-link, "
    ".product-list a.affiliate-link, .catalogue a.affiliate-link, "
    ".product-detail a.affiliate-link, .price-comparison a.affiliate-link"
)

# Which parts of a comma-separated selector (AFFILIATE_BUTTONS) match on the page.
SELECTORS_PRESENT_JS = """(selector) => selector.split(",").map((part) => part.trim())
    .filter((part) => document.querySelector(part))"""

# Cards per row: how many share the first card's top edge.
CARDS_IN_FIRST_ROW_JS = """(selector) => {
    const cards = [...document.querySelectorAll(selector)];
    const top = cards[0].getBoundingClientRect().top;
    return cards.filter((card) => Math.abs(card.getBoundingClientRect().top - top) < 2).length;
}"""

# Full-page screenshots show every image: lazy ones load now (at most 5 s).
LOAD_LAZY_IMAGES_JS = """async () => {
    const images = [...document.querySelectorAll("img[loading=lazy]")];
    images.forEach((image) => { image.loading = "eager"; });
    const loaded = images.map((image) => image.complete ? null
        : new Promise((done) => { image.onload = image.onerror = done; }));
    await Promise.race([Promise.all(loaded), new Promise((done) => setTimeout(done, 5000))]);
}"""
