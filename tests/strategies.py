"""Hypothesis strategies for item files: schema-shaped mappings with random Unicode text.

The tests' generator of synthetic data (the benchmark has its own, bench/synth.py, which
derives realistic items from the samples at scale): test_fuzz feeds these to the loader and
renderers, test_docx_identity builds whole projects from them.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Mostly printable text (emoji, CJK extensions, bidi and joiners included), sometimes anything.
printable = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
text = st.one_of(printable, printable, printable, st.text(max_size=30))
filled = printable.filter(str.strip)  # what survives validation: no controls, not blank


def item_strategies(text, days, order):
    """Retained and not-issued item mappings shaped like the schema, with ``text`` for every string."""
    step = st.fixed_dictionaries({"title": text}, optional={"actor": text, "detail": text})
    basis = st.fixed_dictionaries({"law": text, "article": text}, optional={"excerpt": text})
    material = st.fixed_dictionaries({"name": text}, optional={
        "copies": st.integers(1, 99), "original": st.booleans(), "note": text})
    deadline = st.one_of(st.just({"type": "on-the-spot"}),
                         st.builds(lambda d: {"type": "working-days", "days": d}, days))
    commitment = st.fixed_dictionaries({k: text for k in ("obligation", "content", "liability", "verification")})
    optional = {"aliases": st.lists(text, max_size=2), "order": order, "conditions": st.lists(text, max_size=3),
                "materials": st.lists(material, max_size=2), "verification": st.booleans(),
                "public_interest": st.booleans(), "fee": text, "commitment": commitment}
    retained = st.fixed_dictionaries(
        {"id": st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True) | text, "name": text,
         "status": st.just("retained"), "catalog": st.sampled_from(["municipal", "sector"]),
         "department": text, "issuer": text, "purposes": st.lists(text, min_size=1, max_size=3),
         "legal_basis": st.lists(basis, min_size=1, max_size=2), "deadline": deadline,
         "procedure": st.lists(step, min_size=2, max_size=4), "form": forms(text)}, optional=optional)
    not_issued = st.fixed_dictionaries(
        {"id": st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True) | text, "name": text,
         "status": st.just("not-issued"), "route": text},
        optional={"batch": text, "aliases": st.lists(text, max_size=2), "order": order})
    return retained, not_issued


@st.composite
def forms(draw, text):
    """A form whose text uses each field's {key} once."""
    keys = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), max_size=3, unique=True))
    piece = printable.map(lambda s: s.replace("{", "").replace("}", ""))
    pieces = draw(st.lists(piece, min_size=len(keys) + 1, max_size=len(keys) + 1))
    body = pieces[0] + "".join(f"{{{k}}}{p}" for k, p in zip(keys, pieces[1:]))
    fields = [{"key": k, "label": draw(text), "width": draw(st.integers(1, 40))} for k in keys]
    return {"title": draw(text), "text": body.strip() or "证明", "fields": fields}


retained_items, not_issued_items = item_strategies(text, st.integers(-3, 70), st.integers(-1, 10**6))
valid_retained, valid_not_issued = item_strategies(filled, st.integers(1, 60), st.integers(1, 10**5))


@st.composite
def projects(draw, max_items: int = 4):
    """Valid item mappings for one project: retained and not-issued, distinct ids and names."""
    items = draw(st.lists(st.one_of(valid_retained, valid_retained, valid_not_issued),
                          min_size=1, max_size=max_items))
    for n, item in enumerate(items):
        item["id"] = f"item-{n}"
        item["name"] = f"{item['name']}（{n}）"
    return items
