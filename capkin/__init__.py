"""capkin: the SOP "Pengumpulan Data Capaian Kinerja" as code."""

__version__ = "0.1.0"
