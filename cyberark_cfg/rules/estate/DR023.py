r"""DR023 psm-recordings-directory-differs: the PSM servers of one estate do not all give the
same `RecordingsDirectory` in basic_psm.ini.

## Why it matters
CyberArk's guide for installing several PSM servers says `RecordingsDirectory` must be the same
path on all of them. A PSM whose path differs (a DR PSM installed on another drive, a hand edit)
keeps its recordings where the others do not.

## Example
```ini
# prod/psm/basic_psm.ini
RecordingsDirectory="C:\Program Files (x86)\CyberArk\PSM\Recordings"
# dr/psm/basic_psm.ini
RecordingsDirectory="D:\PSM\Recordings"
```

## Use instead
The same path in every basic_psm.ini.

## Fix
None: which path is right needs a person. Compared case-insensitively (Windows paths), after
the quotes; reported on each file whose path differs from the one most PSMs give.

## References
- docs.cyberark.com, "Installing multiple PSM servers" (S11): the same path on all PSM servers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cyberark_cfg.findings import Diagnostic, Severity
from cyberark_cfg.rules.estate import EstateRule

if TYPE_CHECKING:
    from cyberark_cfg.estate.model import Estate

KEY = "RecordingsDirectory"


def check(estate: Estate) -> Iterator[Diagnostic]:
    found = []
    for item in estate.components:
        entry = item.document.entry(KEY) if item.document.kind == "psm" else None
        if entry is not None and entry.value.strip():
            found.append((item, entry, entry.value.strip().rstrip("\\").lower()))
    counts = Counter(path for _, _, path in found)
    if len(counts) < 2:
        return
    usual, _ = counts.most_common(1)[0]
    shown = next(entry.value.strip() for _, entry, path in found if path == usual)
    for item, entry, path in found:
        if path != usual:
            yield RULE.finding(
                item.path,
                f"{KEY} {entry.value.strip()} differs from {shown} ({counts[usual]} of the "
                f"{len(found)} PSM servers): it must be the same on all PSM servers",
                line=entry.lineno, column=entry.value_column, key=KEY)


RULE = EstateRule(
    slug="psm-recordings-directory-differs",
    severity=Severity.WARNING,
    summary="The PSM servers do not all give the same RecordingsDirectory",
    check_estate=check,
)
