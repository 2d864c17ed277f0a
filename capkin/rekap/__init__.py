"""The regency roll-up: the versioned JSON API every site publishes, and `capkin rekap`.

`capkin.api` is the contract (pydantic models, their JSON Schemas); `site/office_api` writes
an office site's `api/v1/`; `config` reads `rekap.yml`; `sources` fetches the offices' APIs
(`api_structs` decodes them fast); `table_rows` turns documents into rows, `tables` holds
them in DuckDB, `table_export` writes the downloads; `regency_site` builds the regency's site.
"""
