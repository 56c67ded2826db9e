"""Which kind of file an export is, from its first bytes rather than its name.

Revisors rename files, e-mail systems add ``.txt`` and a download may stop
half-way, so the reader looks at the content: an ``.xlsx`` is a zip archive
holding ``xl/workbook.xml``, an SPSS file starts with ``$FL2``/``$FL3``, and
anything else that decodes as text is read as CSV. Files that are clearly
something else (images, PDF, old ``.xls``) get a Norwegian message saying so.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.errors import PipelineError

NOT_SURVEY = "er ikke en Excel-, CSV- eller SPSS-fil"

# Magic bytes of files people send by mistake, with a Norwegian name for each.
_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "et PNG-bilde"),
    (b"\xff\xd8\xff", "et JPEG-bilde"),
    (b"GIF8", "et GIF-bilde"),
    (b"%PDF", "en PDF-fil"),
    (b"\x1f\x8b", "en gzip-komprimert fil"),
    (b"Rar!", "et RAR-arkiv"),
    (b"7z\xbc\xaf", "et 7-Zip-arkiv"),
)

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # stream name in a password-locked .xlsx


def detect_format(path: Path) -> str:
    """``"xlsx"``, ``"csv"`` or ``"sav"`` for the file at ``path``.

    Raises
    ------
    PipelineError
        If the file is missing, empty, damaged or not a survey export.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "svar.txt"
    >>> _ = p.write_text("a;b\\n1;2\\n", encoding="utf-8")
    >>> detect_format(p)
    'csv'
    """
    path = Path(path)
    if not path.exists():
        raise PipelineError("Filen finnes ikke.", file=path, hint="Sjekk navn og mappe.")
    if path.is_dir():
        raise PipelineError("Dette er en mappe, ikke en fil.", file=path)
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head:
        raise PipelineError(
            "Filen er tom (0 byte).", file=path, hint="Eksporter svarene på nytt fra plattformen."
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith((b"$FL2", b"$FL3")):
        return "sav"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # Office's container format: an old .xls, or an .xlsx locked with a password
        if _ENCRYPTED in path.read_bytes():
            raise PipelineError(
                "Excel-filen er passordbeskyttet og kan ikke leses.",
                file=path,
                hint="Åpne filen i Excel, fjern passordet (Fil → Info → Beskytt arbeidsbok) "
                "og lagre den på nytt.",
            )
        raise PipelineError(
            "Filen er i det gamle Excel-formatet (.xls), som ikke støttes.",
            file=path,
            hint="Åpne filen i Excel og lagre den som .xlsx, eller eksporter som CSV.",
        )
    for magic, name in _OTHER_FORMATS:
        if head.startswith(magic):
            raise PipelineError(
                f"Filen {NOT_SURVEY}; den ser ut som {name}.",
                file=path,
                hint="Velg eksportfilen med svarene fra spørreundersøkelsen.",
            )
    markup = _markup(head)
    if markup is not None:
        raise PipelineError(
            f"Filen {NOT_SURVEY}; den er {markup}.",
            file=path,
            hint="Eksporter svarene på nytt som Excel (.xlsx), CSV eller SPSS (.sav).",
        )
    if not head.startswith(_BOMS) and b"\x00" in head:
        raise PipelineError(
            f"Filen {NOT_SURVEY}; den inneholder binære data.",
            file=path,
            hint="Velg eksportfilen med svarene fra spørreundersøkelsen.",
        )
    return "csv"


def _markup(head: bytes) -> str | None:
    """What a markup file is, if it is one (some platforms save HTML or XML as ``.xls``)."""
    for encoding in ("utf-16", "utf-8") if head.startswith(_BOMS[1:]) else ("utf-8",):
        text = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n").lower()
        if "urn:schemas-microsoft-com:office:spreadsheet" in text:
            return "et regneark i det gamle XML-formatet til Excel 2003"
        if text.startswith(("<!doctype html", "<html", "<table")):
            return "en nettside (HTML), som noen verktøy lagrer med .xls-navn"
        if text.startswith("<?xml"):
            return "en XML-fil"
    return None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise PipelineError(
            "Excel-filen er ødelagt eller ufullstendig (kanskje avbrutt under nedlasting).",
            file=path,
            hint="Last ned eller eksporter filen på nytt.",
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        raise PipelineError(
            "Filen er et OpenDocument-regneark (.ods), som ikke støttes.",
            file=path,
            hint="Lagre den som .xlsx eller CSV.",
        )
    raise PipelineError(
        f"Filen {NOT_SURVEY}; den er et zip-arkiv uten regneark.",
        file=path,
        hint="Pakk ut arkivet og velg eksportfilen med svarene.",
    )
