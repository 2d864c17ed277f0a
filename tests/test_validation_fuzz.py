"""Property tests: whatever the files hold, `validate` answers 0 or 1, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from factories import capkin, tulis_data_lengkap
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO_ASAL = Path(__file__).resolve().parent.parent

BERKAS = [
    "data/instansi.yml",
    "data/sop.yml",
    "data/2025/perjanjian-kinerja.yml",
    "data/2025/realisasi/TW1/jawatan-praja.yml",
    "data/2025/realisasi/TW1/jawatan-sosial.yml",
    "data/2025/siklus/TW1.yml",
]

skalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["yes", "012", "1:30", "2025-02-30", "TW5", "<script>"]),
)
nilai_yaml = st.recursive(
    skalar,
    lambda anak: st.one_of(
        st.lists(anak, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers()), anak, max_size=4),
    ),
    max_leaves=12,
)

mutasi = st.one_of(
    st.tuples(st.just("hapus"), st.integers(0, 200)),
    st.tuples(st.just("ganda"), st.integers(0, 200)),
    st.tuples(st.just("ganti"), st.integers(0, 200), st.text(max_size=30)),
    st.tuples(st.just("sisip"), st.integers(0, 200), st.text(max_size=30)),
    st.tuples(st.just("nilai"), st.integers(0, 200), nilai_yaml),
    st.tuples(st.just("byte"), st.integers(0, 5000), st.binary(min_size=1, max_size=3)),
)


Mutasi = tuple[str, int] | tuple[str, int, object]
"""(kind, position) or (kind, position, what goes in): one draw of `mutasi`."""


def _terapkan(teks: bytes, m: Mutasi) -> bytes:
    baris = teks.split(b"\n")
    i = m[1] % max(len(baris), 1)
    match m:
        case ("hapus", _):
            del baris[i]
        case ("ganda", _):
            baris.insert(i, baris[i])
        case ("ganti", _, str(teks_baru)):
            baris[i] = teks_baru.encode("utf-8", "surrogatepass")
        case ("sisip", _, str(teks_baru)):
            baris.insert(i, teks_baru.encode("utf-8", "surrogatepass"))
        case ("nilai", _, nilai):
            kepala, _, _ = baris[i].partition(b":")
            isi = yaml.safe_dump(nilai, default_flow_style=True, allow_unicode=True).strip()
            baris[i] = kepala + b": " + isi.encode("utf-8", "surrogatepass")
        case ("byte", pos, bytes(sisip)):
            pos %= max(len(teks), 1)
            return teks[:pos] + sisip + teks[pos + len(sisip) :]
        case _:
            raise AssertionError(f"unknown mutation {m!r}")
    return b"\n".join(baris)


def _validate(root: Path) -> None:
    hasil = capkin(root, "validate", "--format", "json")
    if hasil.exception is not None and not isinstance(hasil.exception, SystemExit):
        raise hasil.exception
    assert hasil.exit_code in (0, 1), hasil.output
    assert "Traceback" not in hasil.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(berkas=st.sampled_from(BERKAS), daftar=st.lists(mutasi, min_size=1, max_size=4))
def test_mutated_files_never_crash(berkas: str, daftar: list[Mutasi]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = tulis_data_lengkap(Path(tmp))
        path = root / berkas
        teks = path.read_bytes()
        for m in daftar:
            teks = _terapkan(teks, m)
        path.write_bytes(teks)
        _validate(root)


@settings(max_examples=100, deadline=None)
@given(berkas=st.sampled_from(BERKAS), isi=nilai_yaml)
def test_random_yaml_never_crashes(berkas: str, isi: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = tulis_data_lengkap(Path(tmp))
        (root / berkas).write_text(yaml.safe_dump(isi, allow_unicode=True), encoding="utf-8")
        _validate(root)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_sample_data_never_crashes(data: st.DataObject) -> None:
    """Random mutations of the bundled sample files."""
    contoh = sorted((REPO_ASAL / "data").rglob("*.yml"))
    assert len(contoh) > 10, "the repository ships its sample data in data/"
    asal = data.draw(st.sampled_from(contoh))
    daftar = data.draw(st.lists(mutasi, min_size=1, max_size=3))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO_ASAL / "data", root / "data")
        path = root / asal.relative_to(REPO_ASAL)
        teks = path.read_bytes()
        for m in daftar:
            teks = _terapkan(teks, m)
        path.write_bytes(teks)
        _validate(root)
