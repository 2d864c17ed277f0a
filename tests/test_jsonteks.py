"""JSON for people at speed: the same data as json.dumps, outer levels one item per line."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from capkin.jsontext import json_rapi, tulis_daftar_rapi

_NILAI = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda anak: st.lists(anak, max_size=4) | st.dictionaries(st.text(), anak, max_size=4),
    max_leaves=20,
)


@given(_NILAI, st.integers(0, 4))
def test_same_data_as_json_dumps(nilai: Any, tingkat: int) -> None:
    assert json.loads(json_rapi(nilai, tingkat)) == json.loads(json.dumps(nilai))


def test_outer_levels_indented_inner_compact() -> None:
    data = [{"commit": "abc", "perubahan": [{"jalur": "nilai", "baru": "é"}]}]
    assert json_rapi(data) == (
        '[\n  {\n    "commit": "abc",\n    "perubahan": [{"jalur": "nilai", "baru": "é"}]\n  }\n]'
    )
    assert json_rapi({1: "a"}) == '{"1": "a"}'  # non-text keys: as json.dumps writes them
    assert json_rapi([]) == "[]" and json_rapi({}, 3) == "{}"


@given(st.lists(_NILAI, max_size=5), st.integers(1, 4))
def test_a_list_written_item_by_item_is_the_same_text(butir: list[Any], tingkat: int) -> None:
    berkas = io.StringIO()
    tulis_daftar_rapi(berkas, iter(butir), tingkat)
    assert berkas.getvalue() == json_rapi(butir, tingkat)
