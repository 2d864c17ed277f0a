"""The valid dataset a site build is made from, read so that the checks' memory is reused."""

from __future__ import annotations

import gc
from pathlib import Path

from capkin.dataset import Dataset, muat_dataset
from capkin.filecache import DokumenTunda


def muat_valid_ringan(root: Path) -> Dataset:
    """Return the valid dataset the site is made from (DataError when it has an error).

    When the checks ran here (this state was not checked before), the dataset holds every
    file parsed with the position of each value (~200 KB a file, ~250 MB for a regency): it
    is let go and the tree read again from the file cache the checks just filled, as a
    build of a checked state reads it, so the pages reuse the memory the checks took
    instead of adding to it.
    """
    from capkin.validation import muat_valid

    ds, _ = muat_valid(root, riwayat=True)
    dokumen = list(dict.values(ds.dokumen))
    if sum(not isinstance(d, DokumenTunda) for d in dokumen) * 2 <= len(dokumen):
        return ds  # read from the file cache already, or a few edited files parsed
    del ds, dokumen
    gc.collect()
    return muat_dataset(root)[0]
