"""Staff HTML, cleaned. The only module that imports nh3.

nh3 (Rust's ammonia) rather than bleach: bleach is deprecated, and ammonia parses
with html5ever, the same way a browser would, so malformed nesting cannot smuggle
markup past the allowlist.
"""

import nh3

# What the rich-text editor (Trix) produces: paragraphs as <div>, headings as <h2>
# (configured in static/js/admin-rich-text.js), strike as <del>, code as <pre>.
ALLOWED_TAGS = {
    "p", "div", "br", "strong", "b", "em", "i", "u", "del", "s", "a",
    "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Dropped with everything inside them, not just unwrapped: a word processor's
# <xml> and <style> blocks and embedded documents are never text a reader should see.
DROPPED_WITH_CONTENT = {
    "script", "style", "xml", "title", "head", "iframe", "object", "embed",
    "noscript", "template", "svg", "math", "select", "textarea",
}  # fmt: skip


def clean_html(text: str) -> str:
    """Keep the tags staff need; drop scripts, styles, event handlers and unsafe links."""
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
