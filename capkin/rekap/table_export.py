"""The roll-up's downloads: both tables as CSV, Parquet and (when small enough) XLSX, written
by DuckDB from the tables it holds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa

from capkin.achievement.terminal_table import AWAL_RUMUS, sel_csv
from capkin.rekap.table_rows import SKEMA_INDIKATOR, SKEMA_KANTOR, URUTAN_PERIODE

TABEL = (
    ("kantor_periode", SKEMA_KANTOR, f"tahun, {URUTAN_PERIODE}, kantor_id"),
    ("indikator", SKEMA_INDIKATOR, f"tahun, {URUTAN_PERIODE}, kantor_id, indikator"),
)
"""Each table, its schema and the order of its downloads."""


def tulis_unduhan(con: Any, folder: Path) -> list[Path]:
    """Write both tables as CSV, Parquet and (when small enough) XLSX; return the files.

    Each table is sorted once, into its Parquet file; the CSV and the XLSX read that file
    back in its order (sorting a national indicator table twice cost as much as the rest).
    """
    from capkin.rekap.xlsx import BATAS_XLSX, tulis_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    ditulis: list[Path] = []
    for nama, skema, urut in TABEL:
        dasar = folder / f"rekap-{nama.replace('_', '-')}"
        parquet = dasar.with_suffix(".parquet")
        con.execute(
            f"COPY (SELECT * FROM {nama} ORDER BY {urut}) TO '{sql_teks(parquet)}' "
            "(FORMAT PARQUET, COMPRESSION ZSTD)"
        )
        ditulis.append(parquet)
        urutan = f"read_parquet('{sql_teks(parquet)}')"
        con.execute("SET preserve_insertion_order = true")  # the file's order, not a new sort
        try:
            _tulis_csv(con, f"SELECT {_kolom_csv(con, nama, skema)} FROM {urutan}", dasar)
            ditulis.append(dasar.with_suffix(".csv"))
            baris = con.execute(f"SELECT count(*) FROM {nama}").fetchall()[0][0]
            if baris <= BATAS_XLSX:
                cur = con.execute(f"SELECT * FROM {urutan}")
                kepala = [c[0] for c in cur.description or []]
                tulis_xlsx(dasar.with_suffix(".xlsx"), nama.replace("_", " "), kepala, _batch(cur))
                ditulis.append(dasar.with_suffix(".xlsx"))
        finally:
            con.execute("SET preserve_insertion_order = false")
    return ditulis


def _kolom_csv(con: Any, nama: str, skema: pa.Schema) -> str:
    """Return a SELECT list for CSV: text escaped by `sel_csv`, the downloads' one function.

    Only text starting with a character a spreadsheet may read as a formula can change, so
    `sel_csv` runs in Python on those distinct values alone (a national table has tens of
    millions of cells), and only a column holding a value it changes looks the results up
    in `sel_csv_<table>` (a lookup per column and row cost more than writing the CSV).
    """
    teks = [f.name for f in skema if f.type == pa.string()]
    awal = ", ".join(f"chr({ord(c)})" for c in AWAL_RUMUS)
    calon = con.execute(
        " UNION ALL ".join(
            f"SELECT DISTINCT '{n}' AS k, {n} AS x FROM {nama} WHERE left({n}, 1) IN ({awal})"
            for n in teks
        )
    ).fetchall()
    ubah = {k for k, x in calon if sel_csv(x) != x}
    if ubah:
        asal = sorted({x for _, x in calon})
        peta = pa.table(
            {"asal": asal, "csv": [sel_csv(x) for x in asal]},
            schema=pa.schema([("asal", pa.string()), ("csv", pa.string())]),
        )
        con.register("peta_sel_csv", peta)
        con.execute(f"CREATE OR REPLACE TEMP TABLE sel_csv_{nama} AS SELECT * FROM peta_sel_csv")
        con.unregister("peta_sel_csv")
    bagian = []
    for n, tipe in zip(skema.names, skema.types, strict=True):
        if n in ubah:
            bagian.append(
                f"CASE WHEN left({n}, 1) IN ({awal}) THEN (SELECT csv FROM sel_csv_{nama} "
                f"WHERE asal = {n}) ELSE {n} END AS {n}"
            )
        elif tipe == pa.bool_():
            bagian.append(f"CASE WHEN {n} THEN 'ya' WHEN NOT {n} THEN 'tidak' END AS {n}")
        else:
            bagian.append(n)
    return ", ".join(bagian)


def _tulis_csv(con: Any, sql: str, dasar: Path) -> None:
    """Write a query as UTF-8 CSV with a BOM (so Excel reads it as UTF-8), through DuckDB."""
    mentah = dasar.with_suffix(".csv.tmp")
    con.execute(f"COPY ({sql}) TO '{sql_teks(mentah)}' (FORMAT CSV, HEADER)")
    with dasar.with_suffix(".csv").open("wb") as keluar, mentah.open("rb") as masuk:
        keluar.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(masuk, keluar, 1 << 20)
    mentah.unlink()


def _batch(cur: Any) -> Iterable[tuple[Any, ...]]:
    while True:
        baris = cur.fetchmany(10_000)
        if not baris:
            return
        yield from baris


def sql_teks(path: Path) -> str:
    """Return a path as the text of an SQL string literal (quotes doubled)."""
    return str(path.resolve()).replace("'", "''")
