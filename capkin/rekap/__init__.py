"""The regency roll-up: the versioned JSON API every site publishes, and `capkin rekap`.

`api` is the contract (pydantic models, their JSON Schemas); `kantor` writes an office
site's `api/v1/`; `konfigurasi` reads `rekap.yml`; `ambil` fetches the offices' APIs;
`tabel` builds the cross-office tables; `situs` builds the regency's site.
"""
