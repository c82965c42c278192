"""HTML to article text: page furniture dropped, one line per block element, nesting bounded.

The HTML parser takes time quadratic in the nesting depth, so a page nested
deeper than ``MAX_HTML_DEPTH`` is refused before it is parsed
(:func:`html_nesting_depth`, a cheap count of the tags).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

# Page furniture, not article text.
DROPPED_TAGS = frozenset(
    "script style nav header footer noscript template head title iframe object embed svg canvas "
    "select option button textarea form".split()
)
# Elements that start a new line.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead "
    "tfoot tr td th ul html".split()
)
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


# The HTML parser takes time quadratic in the nesting depth (200,000 nested
# <div>s, 2 MB, take minutes); real pages stay under a few hundred levels.
MAX_HTML_DEPTH = 5000
# Elements that never nest (void) or whose end tag may be left out (<p>, <li> …).
_FLAT_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd td th tr option optgroup thead tbody tfoot colgroup rb rt rp caption html head body".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")


def html_nesting_depth(html: str, *, stop_at: int = 1 << 30) -> int:
    """How deeply elements nest, from the tags alone (a cheap upper bound; stops counting at ``stop_at``)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _FLAT_TAGS:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= stop_at:
                    break
    return deepest


def html_to_text(html: str) -> str:
    """Visible article text: furniture dropped, one line per block element."""
    tree = LexborHTMLParser(html)
    root = tree.root
    if root is None:
        return ""
    parts: list[str] = []
    # Iterative depth-first walk (deep pages would overflow recursion).
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            parts.append("\n")
            continue
        if tag == "-text":
            text = node.text_content or ""
            parts.append(text if _inside_pre(node) else _HTML_SPACE.sub(" ", text))
            continue
        if tag in DROPPED_TAGS or tag.startswith("-"):
            continue  # furniture, comments, doctype
        if tag == "br":
            parts.append("\n")
            continue
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
            stack.append((node, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))
    text = "".join(parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _inside_pre(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "pre":
            return True
        parent = parent.parent
    return False
