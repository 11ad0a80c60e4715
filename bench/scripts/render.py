"""A report as a list of blocks, written out as Markdown and as one HTML page with the same
content (so that neither has to be converted from the other). Blocks:
  ("h", level, text)   ("p", text)   ("table", header, rows)   ("img", alt, relpath)
  ("pre", text)        ("ul", [items])      ("toc",): a contents list of the level-2 headings
HTML folds a table of more than FOLD rows (a click opens it); Markdown has no folding.
Inline text may use `code`, **bold** and [text](link), in both outputs."""
import html
import re


def slug(text):
    """The anchor of a heading, as Markdown viewers (GitHub, GitLab) make it."""
    return re.sub(r"[^a-z0-9 _-]", "", text.lower()).replace(" ", "-")


FOLD = 20


def contents(blocks):
    return [f"[{b[2]}](#{slug(b[2])})" for b in blocks if b[0] == "h" and b[1] == 2]


def _md_cell(s):
    return str(s).replace("|", "\\|")


def markdown(blocks):
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "h":
            out.append("#" * b[1] + " " + b[2])
        elif kind == "p":
            out.append(b[1])
        elif kind == "table":
            header, rows = b[1], b[2]
            out.append("| " + " | ".join(_md_cell(h) for h in header) + " |")
            out.append("|" + "|".join("---" for _ in header) + "|")
            for r in rows:
                out.append("| " + " | ".join(_md_cell(c) for c in r) + " |")
        elif kind == "img":
            out.append(f"![{b[1]}]({b[2]})")
        elif kind == "pre":
            out.append("```\n" + b[1].rstrip("\n") + "\n```")
        elif kind == "ul":
            out.append("\n".join("- " + i for i in b[1]))
        elif kind == "toc":
            out.append("Contents: " + " · ".join(contents(blocks)))
        out.append("")
    return "\n".join(out)


def _inline(s):
    s = html.escape(str(s), quote=False)
    s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
    s = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", s)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', s)


def page(title, blocks):
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:75em;margin:1em auto;padding:0 1em}"
           "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:2px 6px;"
           "text-align:right}th{background:#eee}td:first-child,th:first-child{text-align:left}"
           "img{max-width:100%}pre{background:#f4f4f4;padding:.5em}</style></head><body>"]
    for b in blocks:
        kind = b[0]
        if kind == "h":
            out.append(f'<h{b[1]} id="{slug(b[2])}">{_inline(b[2])}</h{b[1]}>')
        elif kind == "p":
            out.append(f"<p>{_inline(b[1])}</p>")
        elif kind == "table":
            fold = len(b[2]) > FOLD
            if fold:
                out.append(f"<details><summary>table of {len(b[2])} rows (click to open)</summary>")
            out.append("<table><thead><tr>" + "".join(f"<th>{_inline(h)}</th>" for h in b[1]) +
                       "</tr></thead><tbody>")
            for r in b[2]:
                out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>")
            out.append("</tbody></table>" + ("</details>" if fold else ""))
        elif kind == "img":
            out.append(f'<p><img src="{html.escape(b[2])}" alt="{html.escape(b[1])}"></p>')
        elif kind == "pre":
            out.append(f"<pre>{html.escape(b[1])}</pre>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in b[1]) + "</ul>")
        elif kind == "toc":
            out.append('<nav><p>Contents</p><ul>' + "".join(f"<li>{_inline(i)}</li>" for i in contents(blocks)) +
                       "</ul></nav>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
