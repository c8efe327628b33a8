"""Commentary is written in Markdown. HTML and PDF show it rendered (html.markdown); a
spreadsheet cell cannot, so workbooks get it as plain text a reader would have typed: emphasis
markers dropped, lists as bullets or numbers, links as "text (address)", paragraphs apart."""

from __future__ import annotations

from markdown_it import MarkdownIt

# Raw HTML switched off: commentary is user text, so any tag in it is shown, not run.
PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def plain_text(text: str | None) -> str:
    blocks: list[tuple[str, int | None]] = []  # (text, the list it is an item of)
    lists, current, marker = 0, [], None
    for token in PARSER.parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
            current.append(lists)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            current.pop()
        elif token.type == "list_item_open":
            marker = f"{token.info}. " if token.info else "• "
        elif token.type == "inline":
            blocks.append(((marker or "") + _inline(token.children or []), current[-1] if current else None))
            marker = None
        elif token.type in ("fence", "code_block"):
            blocks.append((token.content.rstrip("\n"), None))
    out = ""
    for i, (block, in_list) in enumerate(blocks):
        if i:  # items of one list on consecutive lines; anything else a paragraph apart
            out += "\n" if in_list is not None and in_list == blocks[i - 1][1] else "\n\n"
        out += block
    return out


def _inline(children) -> str:
    parts, links = [], []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link_open":
            links.append((child.attrs.get("href", ""), len(parts)))
        elif child.type == "link_close" and links:
            href, start = links.pop()
            if href and "".join(parts[start:]) != href:
                parts.append(f" ({href})")
    return "".join(parts)
