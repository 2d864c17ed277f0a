"""The cross-office tables of a roll-up, in DuckDB: office × period, office × period × indicator.

Rows are appended office by office and moved into DuckDB in Arrow batches, so memory holds
one batch, not the nation. Summaries (mean, median, distribution, shared indicators) are SQL;
`ringkasan_python` computes the same summary in plain Python for the benchmark and the test
that keeps the two in step.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from capkin import api
from capkin.achievement.numbers import predikat as predikat_dari
from capkin.models.instansi_model import BandPredikat
from capkin.rekap.table_export import sql_teks, tulis_unduhan
from capkin.rekap.table_rows import (
    AKHIRAN_BARIS,
    SKEMA_INDIKATOR,
    SKEMA_KANTOR,
    URUTAN_PERIODE,
    langkah_akhir,
    tabel_kantor,
)

_DI_PERIODE = "WHERE tahun = ? AND periode = ? ORDER BY capaian_total DESC NULLS LAST, kantor_id"
"""A period's offices, highest capaian first."""
BATCH = 200_000
BATAS_MEMORI = "1GB"
"""DuckDB's own memory; beyond it sorts spill to a temporary folder (the 2 GB target of a
national roll-up counts the workers and Python too)."""
BERKAS_PER_MUAT = 20
"""Arrow files (of 50 offices each) loaded between two compressions."""


@dataclass(frozen=True)
class Ringkasan:
    """A period across offices: how many, the mean and its band, the spread, the predikat counts."""

    tahun: int
    periode: str
    kantor: int
    berdata: int
    disahkan: int
    tepat_waktu: int
    terlambat: int
    rata_rata: float | None
    median: float | None
    minimum: float | None
    maksimum: float | None
    sebaran: tuple[tuple[str, int], ...]


class TabelRekap:
    """The roll-up's tables in an in-memory DuckDB database."""

    def __init__(self, band: Sequence[BandPredikat]) -> None:
        self.band = tuple(band)
        self.con = duckdb.connect(":memory:")
        # compressed in memory (at each CHECKPOINT): 10 million indicator rows in ~100 MB
        self.con.execute("ATTACH ':memory:' AS rekap (COMPRESS)")
        self.con.execute("USE rekap")
        self.con.execute("SET threads TO 2")
        # sorts and copies of a national table spill to disk instead of growing the process
        self._tmp = tempfile.TemporaryDirectory(prefix="capkin-duckdb-")
        self.con.execute(f"SET temp_directory = '{sql_teks(Path(self._tmp.name))}'")
        self.con.execute(f"SET memory_limit = '{BATAS_MEMORI}'")
        self.con.execute("SET preserve_insertion_order = false")
        self._antre: dict[str, list[pa.Table]] = {"kantor_periode": [], "indikator": []}
        self._baris = 0
        self._buat("kantor_periode", SKEMA_KANTOR)
        self._buat("indikator", SKEMA_INDIKATOR)

    def _buat(self, nama: str, skema: pa.Schema) -> None:
        kosong = skema.empty_table()  # noqa: F841 - read by DuckDB's replacement scan
        self.con.execute(f"CREATE TABLE {nama} AS SELECT * FROM kosong")

    def tambah(self, kantor_id: str, nama: str, daftar: Sequence[Any]) -> None:
        """Add one office's periods."""
        self.tambah_tabel(*tabel_kantor(kantor_id, nama, daftar))

    def tambah_tabel(self, kp: pa.Table, ind: pa.Table) -> None:
        """Add one office's rows as built by `tabel_kantor` (possibly in another process)."""
        self._antre["kantor_periode"].append(kp)
        self._antre["indikator"].append(ind)
        self._baris += ind.num_rows + kp.num_rows
        if self._baris >= BATCH:
            self.selesai()

    def selesai(self) -> None:
        """Move the rows still in memory into DuckDB."""
        for nama, daftar in self._antre.items():
            if daftar:
                batch = pa.concat_tables(daftar)  # noqa: F841 - read by DuckDB's replacement scan
                self.con.execute(f"INSERT INTO {nama} SELECT * FROM batch")
                daftar.clear()
        self._baris = 0

    def muat_folder(self, folder: Path) -> None:
        """Add (and delete) the rows that worker processes wrote as Arrow files into `folder`.

        Called while the workers still run (it loads the files complete so far) and once
        after them.
        """
        self.selesai()
        for nama in self._antre:
            berkas = sorted(folder.glob(f"{nama}-*{AKHIRAN_BARIS}"))
            for i in range(0, len(berkas), BERKAS_PER_MUAT):
                daftar = berkas[i : i + BERKAS_PER_MUAT]
                batch = pa.concat_tables(
                    pa.ipc.open_file(pa.memory_map(str(p))).read_all() for p in daftar
                )
                self.con.register("batch_berkas", batch)
                try:
                    self.con.execute(f"INSERT INTO {nama} SELECT * FROM batch_berkas")
                finally:
                    self.con.unregister("batch_berkas")
                del batch
                # compress what is loaded; the next part reuses the memory it freed
                self.con.execute("CHECKPOINT rekap")
                for p in daftar:
                    p.unlink()

    def hapus_kantor(self, kantor_id: str) -> None:
        """Remove one office's rows (an office found not to count after its rows were added)."""
        self.selesai()
        for nama in self._antre:
            self.con.execute(f"DELETE FROM {nama} WHERE kantor_id = ?", [kantor_id])

    # --- queries -----------------------------------------------------------------------------

    def _semua(self, sql: str, *param: Any) -> list[dict[str, Any]]:
        self.selesai()
        cur = self.con.execute(sql, list(param))
        nama = [c[0] for c in cur.description or []]
        return [dict(zip(nama, b, strict=True)) for b in cur.fetchall()]

    def periode(self) -> list[tuple[int, str]]:
        """Return every (tahun, periode) any office published, oldest first."""
        baris = self._semua(
            f"SELECT DISTINCT tahun, periode, {URUTAN_PERIODE} AS u FROM kantor_periode "
            "ORDER BY tahun, u"
        )
        return [(int(b["tahun"]), str(b["periode"])) for b in baris]

    def baris_periode(self, tahun: int, periode: str) -> list[dict[str, Any]]:
        """Return the offices' rows of a period, highest capaian first."""
        return self._semua(f"SELECT * FROM kantor_periode {_DI_PERIODE}", tahun, periode)

    def kolom_periode(self, tahun: int, periode: str, kolom: Sequence[str]) -> list[Any]:
        """Return some columns of the offices' rows of a period, as tuples, in the order of
        `baris_periode` (no dict per row: a national period has 25,000)."""
        if not set(kolom) <= set(SKEMA_KANTOR.names):
            raise ValueError(f"kolom tidak dikenal: {sorted(set(kolom) - set(SKEMA_KANTOR.names))}")
        self.selesai()
        sql = f"SELECT {', '.join(kolom)} FROM kantor_periode {_DI_PERIODE}"
        return self.con.execute(sql, [tahun, periode]).fetchall()

    def baris_kantor(self, kantor_id: str) -> list[dict[str, Any]]:
        """Return one office's rows over periods, oldest first."""
        return self._semua(
            f"SELECT * FROM kantor_periode WHERE kantor_id = ? ORDER BY tahun, {URUTAN_PERIODE}",
            kantor_id,
        )

    def matriks_kantor(self, ids: Sequence[str]) -> dict[tuple[str, int, str], float | None]:
        """Return these offices' total capaian per period, in one query (a grouped page)."""
        self.selesai()
        cur = self.con.execute(
            "SELECT kantor_id, tahun, periode, capaian_total FROM kantor_periode "
            "WHERE kantor_id IN (SELECT unnest(?))",
            [list(ids)],
        )
        return {(k, int(t), str(p)): c for k, t, p, c in cur.fetchall()}

    def ringkasan(self) -> list[Ringkasan]:
        """Return every period's summary across offices, oldest first."""
        dasar = self._semua(
            f"""SELECT tahun, periode, {URUTAN_PERIODE} AS u, count(*) AS kantor,
                count(capaian_total) AS berdata, count(*) FILTER (WHERE disahkan) AS disahkan,
                count(*) FILTER (WHERE langkah_akhir_tepat_waktu) AS tepat_waktu,
                count(*) FILTER (WHERE NOT langkah_akhir_tepat_waktu) AS terlambat,
                avg(capaian_total) AS rata_rata, median(capaian_total) AS median,
                min(capaian_total) AS minimum, max(capaian_total) AS maksimum
            FROM kantor_periode GROUP BY tahun, periode ORDER BY tahun, u"""
        )
        sebaran: dict[tuple[int, str], dict[str, int]] = {}
        for b in self._semua(
            "SELECT tahun, periode, coalesce(predikat_total, ?) AS p, count(*) AS n "
            "FROM kantor_periode GROUP BY ALL",
            TANPA_PREDIKAT,
        ):
            sebaran.setdefault((b["tahun"], b["periode"]), {})[b["p"]] = b["n"]
        return [
            _ringkasan(b, sebaran.get((b["tahun"], b["periode"]), {}), self.band) for b in dasar
        ]

    def indikator_bersama(self, minimal: int = 2) -> list[dict[str, Any]]:
        """Return the indicator ids published by at least `minimal` offices, with a name."""
        return self._semua(
            """SELECT indikator, count(DISTINCT kantor_id) AS kantor, min(uraian) AS uraian,
                      min(satuan) AS satuan
               FROM indikator GROUP BY indikator HAVING count(DISTINCT kantor_id) >= ?
               ORDER BY kantor DESC, indikator""",
            minimal,
        )

    def banding_indikator(self, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Return, per indicator id, every office's figures over periods, newest first."""
        hasil: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if not ids:
            return hasil
        for b in self._semua(
            f"""SELECT i.*, k.kantor FROM indikator i
                JOIN (SELECT DISTINCT kantor_id, kantor FROM kantor_periode) k USING (kantor_id)
                WHERE indikator IN (SELECT unnest(?::VARCHAR[]))
                ORDER BY indikator, tahun DESC, {URUTAN_PERIODE.replace("periode", "i.periode")} DESC,
                         capaian DESC NULLS LAST, kantor_id""",
            list(ids),
        ):
            hasil[b["indikator"]].append(b)
        return hasil

    def sebaran_indikator(self, indikator: str) -> list[dict[str, Any]]:
        """Return one indicator's spread across offices per period, newest first."""
        return self._semua(
            f"""SELECT tahun, periode, count(*) AS kantor, count(capaian) AS berdata,
                      avg(capaian) AS rata_rata, median(capaian) AS median,
                      min(capaian) AS minimum, max(capaian) AS maksimum,
                      count(*) FILTER (WHERE status = 'tercapai') AS tercapai
               FROM indikator WHERE indikator = ? GROUP BY tahun, periode
               ORDER BY tahun DESC, {URUTAN_PERIODE} DESC""",
            indikator,
        )

    def rata_indikator(self, tahun: int, periode: str) -> list[dict[str, Any]]:
        """Return each indicator's mean capaian across offices in a period."""
        return self._semua(
            """SELECT indikator, min(uraian) AS uraian, min(satuan) AS satuan,
                      avg(capaian) AS capaian, count(capaian) AS berdata
               FROM indikator WHERE tahun = ? AND periode = ? GROUP BY indikator
               ORDER BY indikator""",
            tahun,
            periode,
        )

    def ekspor(self, folder: Path) -> list[Path]:
        """Write both tables as CSV, Parquet and (when small enough) XLSX; return the files."""
        self.selesai()
        return tulis_unduhan(self.con, folder)


def _band(x: float | None, band: Sequence[BandPredikat]) -> str | None:
    return None if x is None else predikat_dari(Decimal(str(round(x, 2))), band)


TANPA_PREDIKAT = "Tanpa predikat (belum ada capaian)"
"""The spread's row for offices that published a period without a total capaian."""


def _ringkasan(
    b: dict[str, Any], sebaran: dict[str, int], band: Sequence[BandPredikat]
) -> Ringkasan:
    urutan = [x.nama for x in band] + sorted(k for k in sebaran if k not in {x.nama for x in band})
    return Ringkasan(
        tahun=int(b["tahun"]),
        periode=str(b["periode"]),
        kantor=int(b["kantor"]),
        berdata=int(b["berdata"]),
        disahkan=int(b["disahkan"]),
        tepat_waktu=int(b["tepat_waktu"]),
        terlambat=int(b["terlambat"]),
        rata_rata=None if b["rata_rata"] is None else float(b["rata_rata"]),
        median=None if b["median"] is None else float(b["median"]),
        minimum=b["minimum"],
        maksimum=b["maksimum"],
        sebaran=tuple((n, sebaran.get(n, 0)) for n in urutan),
    )


def ringkasan_python(
    daftar: Iterable[api.Periode], band: Sequence[BandPredikat]
) -> list[Ringkasan]:
    """Return the same summaries as `TabelRekap.ringkasan`, in plain Python (for comparison)."""
    kelompok: dict[tuple[int, str], list[api.Periode]] = {}
    for d in daftar:
        kelompok.setdefault((d.tahun, d.periode), []).append(d)
    hasil = []
    for (t, p), ds in sorted(
        kelompok.items(),
        key=lambda kv: (kv[0][0], 5 if kv[0][1] == "tahunan" else int(kv[0][1][2:])),
    ):
        nilai = [d.capaian_total for d in ds if d.capaian_total is not None]
        akhir = [langkah_akhir(d) for d in ds]
        sebaran: dict[str, int] = {}
        for d in ds:
            k = d.predikat_total or TANPA_PREDIKAT
            sebaran[k] = sebaran.get(k, 0) + 1
        b = {
            "tahun": t,
            "periode": p,
            "kantor": len(ds),
            "berdata": len(nilai),
            "disahkan": sum(1 for d in ds if d.disahkan is not None),
            "tepat_waktu": sum(1 for a in akhir if a is not None and a.tepat_waktu is True),
            "terlambat": sum(1 for a in akhir if a is not None and a.tepat_waktu is False),
            "rata_rata": statistics.fmean(nilai) if nilai else None,
            "median": statistics.median(nilai) if nilai else None,
            "minimum": min(nilai) if nilai else None,
            "maksimum": max(nilai) if nilai else None,
        }
        hasil.append(_ringkasan(b, sebaran, band))
    return hasil


def predikat_rata(r: Ringkasan, band: Sequence[BandPredikat]) -> str | None:
    """Return the band of a period's mean."""
    return _band(r.rata_rata, band)
