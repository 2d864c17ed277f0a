"""Small helpers shared by the checks."""

from __future__ import annotations

from collections.abc import Iterator


def ganda(nilai: list[str]) -> Iterator[tuple[int, str, int]]:
    """Yield (index, value, first index) for each repeated value."""
    pertama: dict[str, int] = {}
    for i, v in enumerate(nilai):
        if v in pertama:
            yield i, v, pertama[v]
        else:
            pertama[v] = i


def saran_angka(kunci: str, nilai: object) -> str:
    """Return how to write a value that must be a number, in Bahasa Indonesia.

    A number in quotes ("92.5") is text in YAML: the fix is to drop the quotes, not to
    change the decimal mark the user already wrote correctly.
    """
    if isinstance(nilai, str):
        teks = nilai.strip()
        try:
            float(teks)
        except ValueError:
            pass
        else:
            return f"hapus tanda kutip agar terbaca sebagai angka: {kunci}: {teks}"
        koma = teks.replace(".", "").replace(",", ".", 1)
        if "," in teks and koma.replace(".", "", 1).lstrip("+-").isdigit():
            return (
                f"tulis angka dengan titik desimal, tanpa titik ribuan dan tanpa tanda kutip: "
                f"{kunci}: {koma}"
            )
    return f"tulis angka dengan titik desimal, mis. {kunci}: 83.5"
