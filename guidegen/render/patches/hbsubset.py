"""HarfBuzz subsetting helpers for pdffonts: calls WeasyPrint's cffi bindings lack.

WeasyPrint declares only ``hb_subset_or_fail``; the face builder (to subset a
face without its cmap) and the subset plan (to learn where each glyph went)
are declared here on a private FFI that shares WeasyPrint's types. Every
helper returns None when the running HarfBuzz lacks what it needs, and the
callers then keep WeasyPrint's own path.
"""

from __future__ import annotations

from functools import lru_cache

import cffi
from weasyprint.text import ffi as ffi_module
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

DROP = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH",
        b"PCLT", b"SVG ")


def _libraries():
    try:
        own = cffi.FFI()
        own.include(ffi)
        own.cdef("""
            typedef struct hb_map_t hb_map_t;
            typedef struct hb_subset_plan_t hb_subset_plan_t;
            hb_face_t *hb_face_builder_create (void);
            hb_bool_t hb_face_builder_add_table (hb_face_t *, hb_tag_t, hb_blob_t *);
            hb_codepoint_t hb_map_get (const hb_map_t *, hb_codepoint_t);
            hb_subset_plan_t *hb_subset_plan_create_or_fail (hb_face_t *, const hb_subset_input_t *);
            hb_face_t *hb_subset_plan_execute_or_fail (hb_subset_plan_t *);
            const hb_map_t *hb_subset_plan_old_to_new_glyph_mapping (const hb_subset_plan_t *);
            void hb_subset_plan_destroy (hb_subset_plan_t *);
        """)
        core = ffi_module._dlopen(own, "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
                                  "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll",
                                  allow_fail=True)
        subset = ffi_module._dlopen(own, "libharfbuzz-subset-0", "harfbuzz-subset",
                                    "harfbuzz-subset-0.0", "libharfbuzz-subset.so.0",
                                    "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll",
                                    allow_fail=True)
        # Symbols resolve lazily: look them up now so a missing one disables the helpers.
        core.hb_face_builder_create, core.hb_map_get  # noqa: B018
        subset.hb_subset_plan_create_or_fail, subset.hb_subset_plan_old_to_new_glyph_mapping  # noqa: B018
        return core, subset
    except (AttributeError, cffi.CDefError, OSError):
        return None, None


CORE, SUBSET = _libraries() if harfbuzz_subset else (None, None)


def table(face, tag: bytes) -> bytes:
    """One table of a face as bytes (empty if absent)."""
    tag_id = harfbuzz.hb_tag_from_string(tag, -1)
    blob = ffi.gc(harfbuzz.hb_face_reference_table(face, tag_id), harfbuzz.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    data = harfbuzz.hb_blob_get_data(blob, length)
    return ffi.unpack(data, length[0]) if length[0] else b""


@lru_cache(maxsize=16)
def cff_only(face_address: int, glyph_count: int):
    """(face, source): a face sharing the source's CFF, head and maxp tables, or None.

    HarfBuzz spends most of a CJK subset mapping the whole cmap back to the kept
    glyphs, which a bare CFF does not need. The source is referenced so that its
    address, the cache key, cannot be reused while the entry lives; both are
    released when the entry is evicted."""
    del glyph_count  # part of the key only
    if CORE is None:
        return None
    source = ffi.gc(harfbuzz.hb_face_reference(ffi.cast("hb_face_t *", face_address)),
                    harfbuzz.hb_face_destroy)
    face = ffi.gc(CORE.hb_face_builder_create(), harfbuzz.hb_face_destroy)
    for tag in (b"CFF ", b"head", b"maxp"):
        tag_id = harfbuzz.hb_tag_from_string(tag, -1)
        blob = harfbuzz.hb_face_reference_table(source, tag_id)
        added = CORE.hb_face_builder_add_table(face, tag_id, blob)
        harfbuzz.hb_blob_destroy(blob)
        if not added:
            return None
    return face, source


def subset_input(gids, hinting: bool):
    """A subset input keeping ``gids``, desubroutinized, without layout tables."""
    subset_in = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(),
                       harfbuzz_subset.hb_subset_input_destroy)
    glyphs = harfbuzz_subset.hb_subset_input_glyph_set(subset_in)
    gids = sorted(gids)
    harfbuzz.hb_set_add_sorted_array(glyphs, ffi.new(f"hb_codepoint_t[{len(gids)}]", gids),
                                     len(gids))
    flags = (harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
             | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    harfbuzz_subset.hb_subset_input_set_flags(subset_in, flags)
    drop = harfbuzz_subset.hb_subset_input_set(
        subset_in, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    tags = sorted(harfbuzz.hb_tag_from_string(t, -1) for t in DROP)
    harfbuzz.hb_set_add_sorted_array(drop, ffi.new(f"hb_codepoint_t[{len(tags)}]", tags),
                                     len(tags))
    return subset_in


def compact_subset(face, gids, hinting: bool):
    """(face, {old gid: new gid}) of a subset with glyphs renumbered 0..n-1, or None."""
    if SUBSET is None:
        return None
    subset_in = subset_input(gids, hinting)
    plan = SUBSET.hb_subset_plan_create_or_fail(face, subset_in)
    if plan == ffi.NULL:
        return None
    plan = ffi.gc(plan, SUBSET.hb_subset_plan_destroy)
    mapping = SUBSET.hb_subset_plan_old_to_new_glyph_mapping(plan)
    new_ids = {gid: CORE.hb_map_get(mapping, gid) for gid in gids}
    if any(new >= 0xFFFF for new in new_ids.values()):  # HB_MAP_VALUE_INVALID or too many
        return None
    result = SUBSET.hb_subset_plan_execute_or_fail(plan)
    if result == ffi.NULL:
        return None
    return ffi.gc(result, harfbuzz.hb_face_destroy), new_ids
