"""Every data file kind's model by the name used in schemas and messages."""

from __future__ import annotations

from capkin.models.anggaran_model import Anggaran
from capkin.models.base import Model
from capkin.models.instansi_model import Instansi
from capkin.models.perjanjian_kinerja_model import PerjanjianKinerja
from capkin.models.realisasi_model import Realisasi
from capkin.models.siklus_model import Siklus
from capkin.models.sop_model import Sop

JENIS_BERKAS: dict[str, type[Model]] = {
    "instansi": Instansi,
    "sop": Sop,
    "perjanjian-kinerja": PerjanjianKinerja,
    "realisasi": Realisasi,
    "siklus": Siklus,
    "anggaran": Anggaran,
}
"""Every file kind by the name used in schemas and messages."""
