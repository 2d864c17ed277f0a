"""The computation rules of design.md: formulas, edge cases, aggregation, means, predikat."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from factories import tulis_data_capaian
from hypothesis import given
from hypothesis import strategies as st

from capkin.achievement import (
    HasilIndikator,
    HasilPeriode,
    Penghitung,
    Status,
    bulat,
    format_angka,
    format_nilai,
    format_persen,
    hitung,
    hitung_capaian,
    hitung_semua,
    periode_terakhir,
    pilih_periode,
    predikat,
    tahun_terakhir,
)
from capkin.achievement.numbers import angka_json
from capkin.achievement.periode import nama_periode, periode_dari
from capkin.dataset import Dataset, DataTahun, muat_dataset
from capkin.errors import UsageError
from capkin.models.base import Periode
from capkin.models.instansi_model import (
    PREDIKAT_BAKU,
    BandPredikat,
    Instansi,
    Pejabat,
    Pengaturan,
    RumusTurun,
    Unit,
)
from capkin.models.perjanjian_kinerja_model import (
    Indikator,
    Jenis,
    PerjanjianKinerja,
    Polaritas,
    Rentang,
    Sasaran,
)
from capkin.models.realisasi_model import EntriRealisasi, Realisasi

D = Decimal
BAKU = Pengaturan()
RASIO = Pengaturan(rumus_turun=RumusTurun.RASIO)
RASIO_TANPA_BATAS = Pengaturan(rumus_turun=RumusTurun.RASIO, batas_capaian_rata_rata=None)
SKALA = ("C", "CC", "B", "BB", "A", "AA")
ANGKA, KATEGORI = Jenis.ANGKA, Jenis.KATEGORI
NAIK, TURUN, RENTANG = Polaritas.NAIK, Polaritas.TURUN, Polaritas.RENTANG

# (jenis, polaritas, target, realisasi, pengaturan, expected capaian rounded to 2, note fragment)
RUMUS = [
    # naik: R/T x 100
    (ANGKA, NAIK, D(85), D("83.4"), BAKU, "98.12", None),  # 83.4/85 = 0.981176...
    (ANGKA, NAIK, D(80), D(100), BAKU, "125.00", None),  # no cap on a single indicator
    (ANGKA, NAIK, D(3), D(2), BAKU, "66.67", None),  # 66.666... rounds up
    (ANGKA, NAIK, D(400), D("10.7"), BAKU, "2.68", None),  # exactly 2.675: half up, not 2.67
    (ANGKA, NAIK, D(100), D(-5), BAKU, "0.00", "batas bawah"),  # never below 0
    (ANGKA, NAIK, D(0), D(5), BAKU, "100.00", "target bernilai 0"),  # T = 0, met
    (ANGKA, NAIK, D(0), D(-1), BAKU, "0.00", "target bernilai 0"),  # T = 0, not met
    (ANGKA, NAIK, D(-10), D(-5), BAKU, "150.00", "target negatif"),  # 1 + 5/10
    (ANGKA, NAIK, D(-10), D(-20), BAKU, "0.00", "target negatif"),  # 1 - 10/10
    # turun, selisih: (2T - R)/T x 100
    (ANGKA, TURUN, D(3), D("2.5"), BAKU, "116.67", None),  # 3.5/3
    (ANGKA, TURUN, D(10), D(12), BAKU, "80.00", None),
    (ANGKA, TURUN, D(10), D(25), BAKU, "0.00", "batas bawah"),  # -50 % becomes 0
    (ANGKA, TURUN, D(0), D(0), BAKU, "100.00", "target bernilai 0"),
    (ANGKA, TURUN, D(0), D(1), BAKU, "0.00", "target bernilai 0"),
    (ANGKA, TURUN, D(-4), D(-6), BAKU, "150.00", "target negatif"),  # 1 + 2/4
    # turun, rasio: T/R x 100
    (ANGKA, TURUN, D(3), D("2.5"), RASIO, "120.00", None),
    (ANGKA, TURUN, D(10), D(40), RASIO, "25.00", None),
    (ANGKA, TURUN, D(10), D(0), RASIO, "120.00", "rumus rasio"),  # R = 0: the cap (120)
    (ANGKA, TURUN, D(10), D(0), RASIO_TANPA_BATAS, "100.00", "rumus rasio"),  # no cap: 100
    (ANGKA, TURUN, D(0), D(5), RASIO, "0.00", "target bernilai 0"),
    # rentang: 100 inside, R/min below, (2 maks - R)/maks above
    (ANGKA, RENTANG, Rentang(min=80, maks=90), D(85), BAKU, "100.00", None),
    (ANGKA, RENTANG, Rentang(min=80, maks=90), D(80), BAKU, "100.00", None),  # edges inside
    (ANGKA, RENTANG, Rentang(min=80, maks=90), D(90), BAKU, "100.00", None),
    (ANGKA, RENTANG, Rentang(min=80, maks=90), D(72), BAKU, "90.00", None),  # 72/80
    (ANGKA, RENTANG, Rentang(min=80, maks=90), D(99), BAKU, "90.00", None),  # 81/90
    (ANGKA, RENTANG, Rentang(min=80, maks=90), D(200), BAKU, "0.00", "batas bawah"),
    (ANGKA, RENTANG, Rentang(min=0, maks=10), D(-1), BAKU, "0.00", "target bernilai 0"),
    (ANGKA, RENTANG, Rentang(min=-10, maks=-5), D(-12), BAKU, "80.00", "negatif"),  # 1 - 2/10
    (ANGKA, RENTANG, Rentang(min=80.5, maks=90.25), D("90.25"), BAKU, "100.00", None),
    # kategori: 100 when R's level >= T's, else rank(R)/rank(T) x 100
    (KATEGORI, NAIK, "BB", "B", BAKU, "75.00", None),  # 3/4
    (KATEGORI, NAIK, "BB", "C", BAKU, "25.00", None),  # 1/4
    (KATEGORI, NAIK, "BB", "BB", BAKU, "100.00", None),
    (KATEGORI, NAIK, "BB", "AA", BAKU, "100.00", None),  # never above 100
    (KATEGORI, NAIK, "A", "CC", BAKU, "40.00", None),  # 2/5
]


@pytest.mark.parametrize(("jenis", "pol", "t", "r", "peng", "harap", "catatan"), RUMUS)
def test_rumus(
    jenis: Jenis,
    pol: Polaritas,
    t: Decimal | Rentang | str,
    r: Decimal | str,
    peng: Pengaturan,
    harap: str,
    catatan: str | None,
) -> None:
    hasil = hitung_capaian(jenis, pol, t, r, peng, SKALA)
    assert hasil.nilai is not None
    assert bulat(hasil.nilai) == Decimal(harap)
    if catatan is None:
        assert hasil.catatan == ()
    else:
        assert any(catatan in c for c in hasil.catatan), hasil.catatan


@pytest.mark.parametrize(
    ("jenis", "pol", "t", "r", "skala", "catatan"),
    [
        (KATEGORI, NAIK, "BB", "Z", SKALA, "bukan tingkatan skala"),
        (KATEGORI, NAIK, "BB", "B", None, "tanpa skala"),
        (ANGKA, NAIK, D(10), "sepuluh", None, "bukan angka"),
        (ANGKA, RENTANG, D(10), D(5), None, "rentang"),
        (ANGKA, RENTANG, Rentang(min=9, maks=3), D(5), None, "min lebih besar"),
        (ANGKA, NAIK, Rentang(min=1, maks=3), D(5), None, "harus berupa angka"),
    ],
)
def test_rumus_tidak_dapat_dihitung(
    jenis: Jenis,
    pol: Polaritas,
    t: Decimal | Rentang | str,
    r: Decimal | str,
    skala: tuple[str, ...] | None,
    catatan: str,
) -> None:
    hasil = hitung_capaian(jenis, pol, t, r, BAKU, skala)
    assert hasil.nilai is None
    assert any(catatan in c for c in hasil.catatan), hasil.catatan


# --- properties -------------------------------------------------------------------------------

angka = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(t=angka, r1=angka, r2=angka)
def test_naik_tidak_turun_bila_realisasi_naik(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    rendah, tinggi = sorted((r1, r2))
    a = hitung_capaian(ANGKA, NAIK, t, rendah, BAKU).nilai
    b = hitung_capaian(ANGKA, NAIK, t, tinggi, BAKU).nilai
    assert a is not None and b is not None
    assert 0 <= a <= b


@given(t=angka, r1=angka, r2=angka, rumus=st.sampled_from(RumusTurun))
def test_turun_tidak_naik_bila_realisasi_naik(
    t: Decimal, r1: Decimal, r2: Decimal, rumus: RumusTurun
) -> None:
    rendah, tinggi = sorted((r1, r2))
    if rumus is RumusTurun.RASIO and t > 0 and rendah <= 0 < tinggi:
        # design.md fixes R = 0 under rasio at the cap while T/R grows without bound as
        # R -> 0+: the one place where the rule itself is not monotone. Compare within a side.
        rendah = tinggi
    peng = Pengaturan(rumus_turun=rumus)
    a = hitung_capaian(ANGKA, TURUN, t, rendah, peng).nilai
    b = hitung_capaian(ANGKA, TURUN, t, tinggi, peng).nilai
    assert a is not None and b is not None
    assert a >= b >= 0


@given(
    bawah=angka,
    lebar=st.decimals(min_value=0, max_value=500, places=2),
    r=angka,
    jenis_pol=st.sampled_from([NAIK, TURUN, RENTANG]),
    rumus=st.sampled_from(RumusTurun),
)
def test_capaian_tidak_pernah_negatif(
    bawah: Decimal, lebar: Decimal, r: Decimal, jenis_pol: Polaritas, rumus: RumusTurun
) -> None:
    t: Decimal | Rentang = (
        Rentang(min=float(bawah), maks=float(bawah + lebar)) if jenis_pol is RENTANG else bawah
    )
    nilai = hitung_capaian(ANGKA, jenis_pol, t, r, Pengaturan(rumus_turun=rumus)).nilai
    assert nilai is not None and nilai >= 0


@given(st.decimals(min_value=0, max_value=200, places=3))
def test_predikat_mengikuti_angka_yang_dibulatkan(x: Decimal) -> None:
    dibulatkan = bulat(x)
    assert predikat(x, PREDIKAT_BAKU) == predikat(dibulatkan, PREDIKAT_BAKU)


@pytest.mark.parametrize(
    ("capaian", "nama"),
    [
        ("91", "Sangat Tinggi"),
        ("90.99", "Tinggi"),
        ("90.995", "Sangat Tinggi"),  # shows as 91,00
        ("90.994", "Tinggi"),  # shows as 90,99
        ("76", "Tinggi"),
        ("75.99", "Sedang"),
        ("66", "Sedang"),
        ("65.99", "Rendah"),
        ("51", "Rendah"),
        ("50.99", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
        ("250", "Sangat Tinggi"),
    ],
)
def test_batas_predikat_setengah_terbuka(capaian: str, nama: str) -> None:
    assert predikat(Decimal(capaian), PREDIKAT_BAKU) == nama


def test_predikat_dari_pengaturan_tidak_berurutan() -> None:
    band = (BandPredikat(min=0, nama="Kurang"), BandPredikat(min=80, nama="Baik"))
    assert predikat(Decimal("79.99"), band) == "Kurang"
    assert predikat(Decimal(80), band) == "Baik"
    assert predikat(Decimal(-1), band) is None
    assert predikat(None, band) is None


@pytest.mark.parametrize(
    ("fungsi", "x", "teks"),
    [
        (format_angka, Decimal("85.5"), "85,50"),
        (format_angka, Decimal("2.675"), "2,68"),  # babel alone would round half to even
        (format_angka, Decimal("2.685"), "2,69"),
        (format_angka, 2.675, "2,68"),  # a float goes through its repr, not its binary value
        (format_angka, None, "–"),
        (format_persen, Decimal("85.5"), "85,50 %"),
        (format_persen, None, "–"),
        (format_nilai, Decimal("83.40"), "83,4"),
        (format_nilai, 1250000000, "1.250.000.000"),
        (format_nilai, "BB", "BB"),
    ],
)
def test_format_indonesia(fungsi: Callable[[Any], str], x: object, teks: str) -> None:
    assert fungsi(x) == teks


def test_format_angka_tanpa_desimal() -> None:
    assert format_angka(1250000000, desimal=0) == "1.250.000.000"
    assert angka_json(Decimal("2.675")) == 2.68


# --- aggregation, targets, means and comparisons on a data tree ----------------------------


@pytest.fixture(scope="module")
def ds(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tulis_data_capaian(tmp_path_factory.mktemp("capaian"))
    dataset, masalah = muat_dataset(root)
    assert masalah == []
    return dataset


def _ind(hasil: HasilPeriode, iid: str) -> HasilIndikator:
    return next(i for i in hasil.indikator if i.id == iid)


# Hand-worked from tests/factories.py::tulis_data_capaian. Reported values:
#   ik-kum (naik, kumulatif, targets 10/20/30/40): TW1 9, TW2 12, TW3 -, TW4 15
#   ik-akhir (naik, terakhir, 85, no period targets): TW1 80, TW2 110, TW4 84; 2024 TW2 76 vs 80
#   ik-rata (turun selisih, rata-rata, 3; period targets TW1, TW2 only): TW1 2.5, TW2 3.5, TW4 3
#   ik-kat (kategori, target BB, TW2 target B): TW1 CC, TW2 B, TW4 A
#   ik-rentang (rentang 80-90, jawatan-praja): TW2 95, TW4 85;   ik-kosong: never reported
AGREGASI = [
    ("TW1", "ik-kum", "9", "90.00", Status.TIDAK_TERCAPAI, None),  # 9/10
    ("TW2", "ik-kum", "21", "105.00", Status.TERCAPAI, None),  # (9+12)/20
    ("TW3", "ik-kum", None, None, Status.BELUM_ADA_DATA, "realisasi TW3 belum disampaikan"),
    ("TW4", "ik-kum", "36", "90.00", Status.TIDAK_TERCAPAI, "hanya menjumlahkan TW1, TW2, TW4"),
    ("tahunan", "ik-kum", "36", "90.00", Status.TIDAK_TERCAPAI, "TW3 tidak dilaporkan"),
    ("TW1", "ik-akhir", "80", "94.12", Status.TIDAK_TERCAPAI, "target TW1 tidak ditetapkan"),
    ("TW2", "ik-akhir", "110", "129.41", Status.TERCAPAI, None),  # 110/85 = 1.294117...
    ("TW4", "ik-akhir", "84", "98.82", Status.TIDAK_TERCAPAI, None),  # 84/85 = 0.988235...
    ("TW1", "ik-rata", "2.5", "116.67", Status.TERCAPAI, None),  # (6-2.5)/3
    ("TW2", "ik-rata", "3", "100.00", Status.TERCAPAI, None),  # mean 3.0: (6-3)/3
    ("TW4", "ik-rata", "3", "100.00", Status.TERCAPAI, "rata-rata hanya dari TW1, TW2, TW4"),
    ("TW4", "ik-rata", "3", "100.00", Status.TERCAPAI, "target TW4 tidak ditetapkan"),
    ("TW1", "ik-kat", "CC", "50.00", Status.TIDAK_TERCAPAI, None),  # rank 2 / rank 4
    ("TW2", "ik-kat", "B", "100.00", Status.TERCAPAI, None),  # TW2 target B
    ("tahunan", "ik-kat", "A", "100.00", Status.TERCAPAI, None),
    ("TW1", "ik-rentang", None, None, Status.BELUM_ADA_DATA, None),
    ("TW2", "ik-rentang", "95", "94.44", Status.TIDAK_TERCAPAI, None),  # (180-95)/90
    ("TW4", "ik-rentang", "85", "100.00", Status.TERCAPAI, None),
    ("tahunan", "ik-kosong", None, None, Status.BELUM_ADA_DATA, "realisasi TW4 belum"),
]


@pytest.mark.parametrize(("periode", "iid", "r", "capaian", "status", "catatan"), AGREGASI)
def test_agregasi(
    ds: Dataset,
    periode: str,
    iid: str,
    r: str | None,
    capaian: str | None,
    status: Status,
    catatan: str | None,
) -> None:
    h = _ind(hitung(ds, 2025, periode), iid)
    assert h.realisasi == (None if r is None else (r if iid == "ik-kat" else Decimal(r)))
    assert h.capaian == (None if capaian is None else Decimal(capaian))
    assert h.status is status
    if catatan is not None:
        assert any(catatan in c for c in h.catatan), h.catatan


def test_target_periode_dan_tahunan(ds: Dataset) -> None:
    tw1 = _ind(hitung(ds, 2025, "TW1"), "ik-kum")
    assert tw1.target == Decimal(10) and tw1.catatan == ()
    tahunan = _ind(hitung(ds, 2025, "tahunan"), "ik-akhir")
    assert tahunan.target == Decimal(85)
    assert not any("target" in c for c in tahunan.catatan)  # tahunan uses the annual target
    rentang = _ind(hitung(ds, 2025, "TW2"), "ik-rentang")
    assert rentang.target == Rentang(min=80, maks=90)


def test_sasaran_dan_total_tw2(ds: Dataset) -> None:
    hasil = hitung(ds, 2025, Periode.TW2)
    ss1, ss2 = hasil.sasaran
    # ss1: ik-kum 105, ik-akhir 129.41 capped at 120, ik-rata 100, ik-kat 100 -> 425/4
    assert ss1.capaian == Decimal("106.25") and ss1.predikat == "Sangat Tinggi"
    assert (ss1.jumlah_indikator, ss1.tanpa_data) == (4, 0)
    # ss2: ik-rentang 94.444... only; ik-kosong left out and counted
    assert ss2.capaian == Decimal("94.44") and (ss2.jumlah_indikator, ss2.tanpa_data) == (2, 1)
    # total: (106.25 + 94.444...)/2 = 100.3472... (means of exact values, rounded once)
    assert hasil.capaian_total == Decimal("100.35") and hasil.predikat_total == "Sangat Tinggi"


def test_tanpa_data_sama_sekali(ds: Dataset) -> None:
    hasil = hitung(ds, 2025, "TW3")
    assert all(s.capaian is None and s.predikat is None for s in hasil.sasaran)
    assert hasil.capaian_total is None and hasil.predikat_total is None
    assert not hasil.ada_data
    j = hasil.as_json()
    assert j["capaian_total"] is None and j["indikator"][0]["capaian"] is None


def test_pembanding(ds: Dataset) -> None:
    h = _ind(hitung(ds, 2025, "TW2"), "ik-akhir")
    assert h.pembanding.periode_lalu == Decimal("94.12")  # TW1: 80/85
    assert h.pembanding.tahun_lalu == Decimal("95.00")  # 2024 TW2: 76/80
    assert h.pembanding.renstra == Decimal("110.00")  # 110 against the renstra's 100
    tw1 = _ind(hitung(ds, 2025, "TW1"), "ik-akhir")
    assert tw1.pembanding.periode_lalu is None  # no previous quarter within the year
    tahunan = _ind(hitung(ds, 2025, "tahunan"), "ik-kum")
    assert tahunan.pembanding.periode_lalu is None
    assert _ind(hitung(ds, 2025, "TW4"), "ik-kum").pembanding.periode_lalu is None  # TW3 empty
    assert _ind(hitung(ds, 2025, "TW2"), "ik-kum").pembanding.tahun_lalu is None  # new in 2025


def test_entri_periode_ikut(ds: Dataset) -> None:
    h = _ind(hitung(ds, 2025, "TW2"), "ik-akhir")
    assert h.hambatan == "Hambatan ik-akhir TW2" and h.strategi == "Strategi ik-akhir TW2"
    assert h.unit == "jawatan-umum"
    assert h.nilai_periode == ((Periode.TW1, Decimal(80)), (Periode.TW2, Decimal(110)))


def test_as_json_kontrak(ds: Dataset) -> None:
    j = hitung(ds, 2025, "TW2").as_json()
    assert list(j) == [
        "instansi",
        "tahun",
        "periode",
        "indikator",
        "sasaran",
        "capaian_total",
        "predikat_total",
    ]
    ind = j["indikator"][0]
    assert list(ind) == [
        "id",
        "sasaran",
        "uraian",
        "satuan",
        "target",
        "realisasi",
        "capaian",
        "predikat",
        "status",
        "catatan",
        "pembanding",
    ]
    assert list(ind["pembanding"]) == ["periode_lalu", "tahun_lalu", "renstra"]
    rentang = next(i for i in j["indikator"] if i["id"] == "ik-rentang")
    assert rentang["target"] == {"min": 80.0, "maks": 90.0}
    kat = next(i for i in j["indikator"] if i["id"] == "ik-kat")
    assert (kat["target"], kat["realisasi"]) == ("B", "B")
    assert list(j["sasaran"][0]) == ["id", "uraian", "capaian", "predikat"]


def test_hitung_semua_sama_dengan_hitung(ds: Dataset) -> None:
    semua = hitung_semua(ds)
    assert set(semua) == {(t, p) for t in (2024, 2025) for p in (*Periode, "tahunan")}
    assert semua[(2025, Periode.TW2)] == hitung(ds, 2025, "TW2")
    penghitung = Penghitung(ds)
    assert penghitung.inti(2025, "TW2", "ik-kum") == penghitung.inti(2025, Periode.TW2, "ik-kum")
    assert penghitung.inti(2025, "TW2", "tidak-ada") is None


def test_pilih_periode(ds: Dataset) -> None:
    assert tahun_terakhir(ds) == 2025
    assert periode_terakhir(ds, 2025) == Periode.TW4
    assert periode_terakhir(ds, 2030) is None
    assert pilih_periode(ds, None, None) == (2025, Periode.TW4)
    assert pilih_periode(ds, 2024, None) == (2024, Periode.TW2)
    assert pilih_periode(ds, 2025, "tw2") == (2025, Periode.TW2)
    assert pilih_periode(ds, 2025, "tahunan") == (2025, "tahunan")
    with pytest.raises(UsageError, match="tahun yang ada: 2024, 2025"):
        pilih_periode(ds, 2023, None)
    with pytest.raises(UsageError, match="periode yang ada: TW1, TW2, TW4, tahunan"):
        pilih_periode(ds, 2025, "TW3")
    with pytest.raises(UsageError, match=r"periode yang ada: TW2$"):
        pilih_periode(ds, 2024, "tahunan")
    with pytest.raises(UsageError, match="tidak dikenal"):
        periode_dari("TW5")
    with pytest.raises(UsageError, match="tahun yang ada"):
        hitung(ds, 2023, "TW1")


def test_nama_periode() -> None:
    assert nama_periode(Periode.TW2) == "Triwulan II"
    assert nama_periode("tahunan") == "Tahunan"


# --- penanggung jawab wins; large trees are fast -------------------------------------------

PJ = "pj"


def _dataset_besar(unit: int, indikator: int, tahun: tuple[int, ...] = (2025,)) -> Dataset:
    """Build a 60 x 40-like dataset in memory (the models, without YAML)."""
    units = [f"u{n:03d}" for n in range(unit)]
    instansi = Instansi(
        nama="Kabupaten Besar",
        unit=tuple(Unit(id=u, nama=u) for u in units),
        pejabat=(Pejabat(id="panewu", nama="P", peran="panewu"),),
    )
    ds = Dataset(root=Path("."), instansi=instansi)
    for th in tahun:
        sasaran = tuple(
            Sasaran(
                id=f"ss-{u}",
                uraian=u,
                indikator=tuple(
                    Indikator(
                        id=f"{u}-ik{i}",
                        uraian="x",
                        target=100,
                        agregasi=("terakhir", "kumulatif", "rata-rata")[i % 3],
                        penanggung_jawab=u,
                    )
                    for i in range(indikator)
                ),
            )
            for u in units
        )
        pk = PerjanjianKinerja(
            tahun=th,
            tanggal=date(th, 2, 3),
            pihak_pertama="panewu",
            pihak_kedua="B",
            sasaran=sasaran,
        )
        realisasi = {
            p: {
                u: Realisasi(
                    periode=p,
                    unit=u,
                    disampaikan_oleh="panewu",
                    tanggal=date(th, 3 * p.nomor, 28),
                    realisasi=tuple(
                        EntriRealisasi(indikator=f"{u}-ik{i}", nilai=80 + (i % 30))
                        for i in range(indikator)
                    ),
                )
                for u in units
            }
            for p in Periode
        }
        ds.tahun[th] = DataTahun(th, pk, realisasi, {})
    return ds


def test_penanggung_jawab_menang() -> None:
    ds = _dataset_besar(2, 1)
    data = ds.tahun[2025]
    # u001 also reports u000's indicator in TW1, with another value: u000's entry counts
    lain = data.realisasi[Periode.TW1]["u001"]
    data.realisasi[Periode.TW1]["u001"] = lain.model_copy(
        update={"realisasi": (*lain.realisasi, EntriRealisasi(indikator="u000-ik0", nilai=1))}
    )
    h = _ind(hitung(ds, 2025, "TW1"), "u000-ik0")
    assert h.realisasi == Decimal(80) and h.unit == "u000"


def test_cepat_untuk_pohon_besar() -> None:
    ds = _dataset_besar(60, 40, (2024, 2025))
    mulai = time.perf_counter()
    hasil = hitung(ds, 2025, "TW4")
    satu = time.perf_counter() - mulai
    assert len(hasil.indikator) == 2400 and hasil.capaian_total is not None
    mulai = time.perf_counter()
    semua = hitung_semua(ds)
    sepuluh = time.perf_counter() - mulai
    assert len(semua) == 10
    assert satu < 3 and sepuluh < 15, (satu, sepuluh)


def test_pengaturan_kantor(tmp_path: Path) -> None:
    root = tulis_data_capaian(tmp_path)
    berkas = root / "data/instansi.yml"
    berkas.write_text(
        berkas.read_text(encoding="utf-8").replace(
            "unit:\n",
            "pengaturan:\n"
            "  rumus_turun: rasio\n"
            "  batas_capaian_rata_rata: null\n"
            "  ambang_tercapai: 90\n"
            "  predikat: [{min: 100, nama: Baik}, {min: 0, nama: Kurang}]\n"
            "unit:\n",
            1,
        ),
        encoding="utf-8",
    )
    ds, masalah = muat_dataset(root)
    assert masalah == []
    tw1 = hitung(ds, 2025, "TW1")
    # ambang 90: 9/10 = 90.00 is tercapai; rasio: 3 / 2.5 = 120
    assert (_ind(tw1, "ik-kum").status, _ind(tw1, "ik-kum").predikat) == (Status.TERCAPAI, "Kurang")
    assert _ind(tw1, "ik-rata").capaian == Decimal("120.00")
    assert _ind(tw1, "ik-kat").status is Status.TIDAK_TERCAPAI  # 50 < 90
    # (90 + 94.1176... + 120 + 50) / 4 = 88.529...
    assert (tw1.sasaran[0].capaian, tw1.sasaran[0].predikat) == (Decimal("88.53"), "Kurang")
    # no cap: ik-akhir's 129.41... counts in full: (105 + 129.4117... + 100 + 100) / 4 = 108.60
    tw2 = hitung(ds, 2025, "TW2")
    assert (tw2.sasaran[0].capaian, tw2.sasaran[0].predikat) == (Decimal("108.60"), "Baik")
