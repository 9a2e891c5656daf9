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

# Per catalogue category: its grid's column count, its width against the
# catalogue's, and per row of cards the heights, price tops and button bottoms.
CATALOGUE_ROWS_JS = """() => {
    const catalogue = document.querySelector(".catalogue__sections").getBoundingClientRect();
    return [...document.querySelectorAll(".catalogue__section")].map((section) => {
        const grid = section.querySelector(".product-list__items");
        const rows = {};
        for (const card of grid.querySelectorAll(".product-card")) {
            const box = card.getBoundingClientRect();
            const button = card.querySelector("a.button").getBoundingClientRect();
            const price = card.querySelector(".price").getBoundingClientRect();
            (rows[Math.round(box.top)] ||= []).push(
                {height: box.height, buttonBottom: button.bottom, priceTop: price.top});
        }
        return {
            name: section.querySelector("h2").innerText,
            columns: getComputedStyle(grid).gridTemplateColumns.split(" ").length,
            cards: grid.querySelectorAll(".product-card").length,
            width: section.getBoundingClientRect().width,
            catalogueWidth: catalogue.width,
            rows: Object.values(rows),
        };
    });
}"""

# Full-page screenshots show every image: lazy ones load now (at most 5 s).
LOAD_LAZY_IMAGES_JS = """async () => {
    const images = [...document.querySelectorAll("img[loading=lazy]")];
    images.forEach((image) => { image.loading = "eager"; });
    const loaded = images.map((image) => image.complete ? null
        : new Promise((done) => { image.onload = image.onerror = done; }));
    await Promise.race([Promise.all(loaded), new Promise((done) => setTimeout(done, 5000))]);
}"""
