"""msgspec structs of the API's period document, made from `capkin.api`'s pydantic models.

A national roll-up validates half a million period documents: pydantic takes ~135 µs for
one, msgspec ~15 µs. The pydantic models stay the contract (the published JSON Schemas,
the error messages); the structs here are derived from them field by field, constraint by
constraint, so they cannot drift apart: a constraint this module does not know how to carry
over stops the import instead of being dropped. A document msgspec rejects is validated
again by pydantic, which gives the message (or accepts it: anything msgspec is stricter
about, like a date written some other way pydantic reads, still gets in).

The decoded struct has the model's attribute names and values (`api.Rentang` becomes the
struct `Rentang`), which is all the roll-up's tables and `--verifikasi` read.
"""

from __future__ import annotations

import datetime
import types
import typing
from typing import Annotated, Any, Literal

import annotated_types
import msgspec
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from capkin import api

_BATAS: dict[type, str] = {
    annotated_types.Ge: "ge",
    annotated_types.Le: "le",
    annotated_types.Gt: "gt",
    annotated_types.Lt: "lt",
    annotated_types.MaxLen: "max_length",
    annotated_types.MinLen: "min_length",
}
"""pydantic's numeric and length constraints, by the msgspec.Meta argument of the same name."""
_DASAR = (str, int, float, bool, datetime.date, datetime.datetime, type(None))


def _pola(pola: str) -> str:
    """Return an anchored pydantic (Rust regex) pattern as Python `re.search` reads it alike.

    Rust's `$` matches only at the very end; Python's also before a final newline, so it
    becomes `\\Z`. Anything but a plain `^…$` pattern without escapes is refused (review it).
    """
    if not (pola.startswith("^") and pola.endswith("$")) or "\\" in pola or "$" in pola[:-1]:
        raise NotImplementedError(f"pola {pola!r} perlu ditinjau sebelum dipakai msgspec")
    return pola[:-1] + r"\Z"


def _batasan(metadata: list[Any]) -> dict[str, Any]:
    """Return msgspec.Meta arguments for pydantic constraints; refuse any other kind."""
    meta: dict[str, Any] = {}
    for m in metadata:
        if isinstance(m, FieldInfo):
            meta.update(_batasan(m.metadata))
        elif isinstance(m, StringConstraints):
            lain = {k for k in ("strip_whitespace", "to_upper", "to_lower", "strict", "ascii_only")}
            if any(getattr(m, k) is not None for k in lain):
                raise NotImplementedError(f"batasan {m!r} belum dibawa ke msgspec")
            if m.max_length is not None:
                meta["max_length"] = m.max_length
            if m.min_length is not None:
                meta["min_length"] = m.min_length
            if m.pattern is not None:
                meta["pattern"] = _pola(str(m.pattern))
        elif type(m) in _BATAS:
            meta[_BATAS[type(m)]] = getattr(m, _BATAS[type(m)])
        elif type(m).__name__ == "AllowInfNan" and not m.allow_inf_nan:
            pass  # JSON has no inf/nan, and an overflowing number is out of every Angka's range
        else:
            raise NotImplementedError(f"batasan {m!r} belum dibawa ke msgspec")
    return meta


def _tipe(t: Any, metadata: list[Any], struct: dict[type[BaseModel], Any]) -> Any:
    """Return the msgspec type of a pydantic annotation with its constraints."""
    asal = typing.get_origin(t)
    if asal is Annotated:
        dasar, *lain = typing.get_args(t)
        return _tipe(dasar, [*lain, *metadata], struct)
    if asal in (typing.Union, types.UnionType):
        # pydantic applies a field's constraints to the member they fit (`int | None`)
        anggota = [
            _tipe(a, [] if a is type(None) else metadata, struct) for a in typing.get_args(t)
        ]
        return typing.Union[tuple(anggota)]  # noqa: UP007 - built from a runtime tuple
    if asal is Literal:
        if metadata:
            raise NotImplementedError(f"batasan pada {t!r}")
        return t
    if asal is list:
        (isi,) = typing.get_args(t)
        jenis = list.__class_getitem__(_tipe(isi, [], struct))
        meta = _batasan(metadata)
        return Annotated[jenis, msgspec.Meta(**meta)] if meta else jenis
    if isinstance(t, type) and issubclass(t, BaseModel):
        if metadata:
            raise NotImplementedError(f"batasan pada {t!r}")
        return struktur(t, struct)
    if t in _DASAR:
        meta = _batasan(metadata)
        return Annotated[t, msgspec.Meta(**meta)] if meta else t
    raise NotImplementedError(f"tipe {t!r} belum dibawa ke msgspec")


def struktur(model: type[BaseModel], struct: dict[type[BaseModel], Any] | None = None) -> Any:
    """Return the msgspec struct of a pydantic API model (and of the models it holds)."""
    struct = {} if struct is None else struct
    if model in struct:
        return struct[model]
    if model.model_config.get("extra") != "ignore" or not model.model_config.get("strict"):
        raise NotImplementedError(f"{model.__name__}: hanya model API (strict, extra=ignore)")
    medan: list[Any] = []
    for nama, f in model.model_fields.items():
        if f.alias not in (None, nama):
            raise NotImplementedError(f"{model.__name__}.{nama}: alias")
        jenis = _tipe(f.annotation, list(f.metadata), struct)
        medan.append((nama, jenis) if f.is_required() else (nama, jenis, f.default))
    struct[model] = msgspec.defstruct(
        model.__name__, medan, kw_only=True, frozen=True, gc=False, module=__name__
    )
    return struct[model]


_STRUCT: dict[type[BaseModel], Any] = {}
Periode = struktur(api.Periode, _STRUCT)
Rentang = _STRUCT[api.Rentang]
_PERIODE = msgspec.json.Decoder(Periode)


def periode(isi: bytes) -> Any:
    """Return a period document decoded and validated, or None when msgspec rejects it
    (the caller then asks pydantic, for the message or a looser reading it accepts)."""
    try:
        return _PERIODE.decode(isi)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None  # msgspec raises the last for invalid UTF-8 inside a string
