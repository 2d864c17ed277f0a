"""The versioned JSON API every site publishes (`api/v1/`): output, schema and figures in step."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from factories import buat_repo_situs, compute_json
from hypothesis import given, settings
from hypothesis import strategies as st

from capkin import api
from capkin.site import PilihanPdf, bangun

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
TANGGAL = date(2025, 7, 20)


@pytest.fixture(scope="module")
def situs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the Gamping sample and a generated two-year office (signed in git)."""
    contoh = tmp_path_factory.mktemp("contoh")
    shutil.copytree(REPO / "data", contoh / "data")
    shutil.copy(REPO / "mkdocs.yml", contoh / "mkdocs.yml")
    buatan = tmp_path_factory.mktemp("buatan")
    buat_repo_situs(buatan)
    hasil = {}
    for nama, root in (("contoh", contoh), ("buatan", buatan)):
        bangun(root, pdf=PilihanPdf.TERAKHIR, tanggal=TANGGAL)
        hasil[nama] = root
    return hasil


def _muat(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _dokumen(root: Path) -> list[tuple[str, Any]]:
    folder = root / "site" / "api" / "v1"
    daftar = [("index", _muat(folder / "index.json"))]
    for p in _muat(folder / "index.json")["periode"]:
        daftar.append(("periode", _muat(folder / f"{p['tahun']}/{p['periode']}.json")))
    return daftar


def _kunci_tak_dikenal(
    x: Any, skema: dict[str, Any], akar: dict[str, Any], jalur: str
) -> list[str]:
    """Return every key in the output that the schema does not declare."""
    if "$ref" in skema:
        return _kunci_tak_dikenal(x, akar["$defs"][skema["$ref"].split("/")[-1]], akar, jalur)
    for pilihan in skema.get("anyOf", []):
        try:
            jsonschema.validate(x, {**pilihan, "$defs": akar.get("$defs", {})})
        except jsonschema.ValidationError:
            continue
        return _kunci_tak_dikenal(x, pilihan, akar, jalur)
    salah: list[str] = []
    if isinstance(x, dict):
        sifat = skema.get("properties", {})
        for k, v in x.items():
            if k not in sifat:
                salah.append(f"{jalur}.{k}")
            else:
                salah += _kunci_tak_dikenal(v, sifat[k], akar, f"{jalur}.{k}")
    elif isinstance(x, list) and "items" in skema:
        for n, v in enumerate(x):
            salah += _kunci_tak_dikenal(v, skema["items"], akar, f"{jalur}[{n}]")
    return salah


@pytest.mark.parametrize("nama", ["contoh", "buatan"])
def test_every_document_matches_the_published_schema(situs: dict[str, Path], nama: str) -> None:
    folder = situs[nama] / "site" / "api" / "v1" / "schema"
    skema = {j: _muat(folder / f"{j}.schema.json") for j in api.SKEMA}
    dokumen = _dokumen(situs[nama])
    assert len(dokumen) > 2
    for jenis, isi in dokumen:
        jsonschema.Draft202012Validator(skema[jenis]).validate(isi)
        # in step: the output carries no key the schema leaves undeclared
        assert _kunci_tak_dikenal(isi, skema[jenis], skema[jenis], jenis) == []
        # and every key the schema requires is there (validate checks it; the schema must ask)
        assert set(skema[jenis]["required"]) <= set(isi)


def test_schema_rejects_broken_documents(situs: dict[str, Path]) -> None:
    skema = api.skema("periode")
    _, isi = _dokumen(situs["buatan"])[1]
    v = jsonschema.Draft202012Validator(skema)
    for rusak in (
        {**isi, "capaian_total": "95"},
        {**isi, "status": "lulus"},
        {k: v for k, v in isi.items() if k != "disahkan"},
        {**isi, "tautan": {"pdf": "../../rahasia.pdf"}},
        {**isi, "tautan": {"laporan": "https://jahat.example/x.html"}},
    ):
        assert not v.is_valid(rusak)
        with pytest.raises(ValueError):
            api.Periode.model_validate_json(json.dumps(rusak))
    api.Periode.model_validate_json(json.dumps(isi))


def test_figures_equal_compute_and_approval_is_published(situs: dict[str, Path]) -> None:
    root = situs["buatan"]
    dok = dict(((d["tahun"], d["periode"]), d) for j, d in _dokumen(root) if j == "periode")
    assert set(dok) >= {(2024, "TW1"), (2024, "tahunan"), (2025, "TW1"), (2025, "TW2")}
    for (t, p), d in dok.items():
        c = compute_json(root, t, p)
        assert d["capaian_total"] == c["capaian_total"]
        assert d["predikat_total"] == c["predikat_total"]
        assert [(i["id"], i["capaian"]) for i in d["indikator"]] == [
            (i["id"], i["capaian"]) for i in c["indikator"]
        ]
    tw1 = dok[(2025, "TW1")]
    assert tw1["status"] == "disahkan"
    assert tw1["disahkan"]["tanggal"] == "2025-04-22"
    assert tw1["disahkan"]["oleh"] == "panewu"
    assert len(tw1["disahkan"]["commit"]) == 40
    assert [x["no"] for x in tw1["siklus"]["langkah"]] == [1, 2, 3, 4, 5, 6]
    assert tw1["siklus"]["langkah"][5]["status"] == "selesai"
    tw2 = dok[(2025, "TW2")]
    assert tw2["status"] == "belum disahkan" and tw2["disahkan"] is None
    assert tw2["siklus"]["langkah"][2]["status"] in {"berjalan", "terlambat"}
    indeks = _muat(root / "site" / "api" / "v1" / "index.json")
    assert indeks["jenis"] == "kantor" and indeks["api"] == "capkin/v1"
    # links point at pages and PDFs that exist
    for p in indeks["periode"]:
        for jalur in p["tautan"].values():
            if jalur is not None:
                assert (root / "site" / jalur).is_file(), jalur
    # the old api/ files stay
    assert (root / "site" / "api" / "2025" / "TW1.json").is_file()
    assert (root / "site" / "api" / "riwayat.json").is_file()


def test_a_period_changed_after_approval_publishes_the_approved_figures(tmp_path: Path) -> None:
    repo = buat_repo_situs(tmp_path)
    disahkan = compute_json(tmp_path, 2024, "TW1")
    berkas = "data/2024/realisasi/TW1/jawatan-umum.yml"
    teks = (tmp_path / berkas).read_text(encoding="utf-8").replace("nilai: 80.5", "nilai: 60.5")
    repo.commit("Koreksi tanpa pengesahan ulang", {berkas: teks}, oleh="Kasubbag KPE")
    kini = compute_json(tmp_path, 2024, "TW1")
    assert kini["capaian_total"] != disahkan["capaian_total"]
    bangun(tmp_path, pdf=PilihanPdf.TIDAK, tanggal=TANGGAL)
    dok = _muat(tmp_path / "site" / "api" / "v1" / "2024" / "TW1.json")
    assert dok["capaian_total"] == disahkan["capaian_total"]
    assert dok["disahkan"]["revisi"] == 0 and len(dok["disahkan"]["commit"]) == 40


@pytest.mark.parametrize("nama", ["contoh", "buatan"])
def test_the_rekaps_fast_decoder_reads_every_document_as_pydantic_does(
    situs: dict[str, Path], nama: str
) -> None:
    """The roll-up reads period documents with msgspec (`rekap.api_structs`): same values."""
    import msgspec

    from capkin.rekap import api_structs

    for jenis, isi in _dokumen(situs[nama]):
        if jenis == "periode":
            mentah = json.dumps(isi).encode()
            cepat = api_structs.periode(mentah)
            assert cepat is not None
            model = api.Periode.model_validate_json(mentah)
            assert msgspec.to_builtins(cepat) == model.model_dump(mode="json")


_BARIS = st.tuples(
    st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True),
    st.text(max_size=40),
    st.none() | st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.none() | st.text(max_size=20),
    st.booleans(),
    st.none() | st.dates(),
    st.none() | st.sampled_from(["terverifikasi", "tidak terverifikasi"]),
    st.none() | st.sampled_from(["selesai", "berjalan", "belum", "terlambat"]),
    st.none() | st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(baris=st.lists(_BARIS, max_size=6))
def test_a_rekap_period_document_is_the_json_pydantic_writes(baris: list[Any]) -> None:
    """The roll-up writes its period documents' office rows with msgspec from the table's
    columns (`rekap.regency_api.json_periode`): byte for byte what pydantic writes."""
    from capkin.rekap.regency_api import KOLOM_BARIS, json_periode

    dok = api.Periode(
        api=api.VERSI_API,
        instansi="Rekap Uji «ü»",
        tahun=2025,
        periode="TW1",
        capaian_total=87.5,
        predikat_total=None,
        status="belum disahkan",
        jumlah_indikator=0,
        indikator_tercapai=0,
        indikator_tanpa_data=0,
        indikator=[],
        sasaran=[],
        disahkan=None,
        siklus=None,
        belum_menyampaikan=[],
        tautan=api.Tautan(capaian="periode/2025/TW1.html"),
        kantor=[],
    )
    utuh = dok.model_copy(
        update={
            "kantor": [api.BarisKantor(**dict(zip(KOLOM_BARIS, b, strict=True))) for b in baris]
        }
    )
    assert json_periode(dok, baris) == utuh.model_dump_json(indent=1)
