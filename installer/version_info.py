"""Windows version resource for the .exe files (Explorer's Properties → Details tab).

fielddesk.spec calls this on Windows only. It writes PyInstaller's version-file text format by
hand: PyInstaller's own classes import win32api and so cannot run (or be tested) on Linux.
"""

from __future__ import annotations

TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('041104B0', [{strings}])]),
    VarFileInfo([VarStruct('Translation', [0x0411, 1200])])
  ]
)
"""


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' → (0, 1, 0, 0): Windows wants exactly four numbers."""
    parts = [int(p) for p in version.split(".")[:4] if p.isdigit()]
    return tuple((parts + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def version_text(version: str) -> str:
    fields = {
        "CompanyName": "FieldDesk team",
        "FileDescription": "FieldDesk (フィールドデスク)",
        "FileVersion": version,
        "InternalName": "FieldDesk",
        "LegalCopyright": "FieldDesk team; fonts under SIL OFL 1.1 (see resources/fonts)",
        "OriginalFilename": "FieldDesk.exe",
        "ProductName": "FieldDesk",
        "ProductVersion": version,
    }
    strings = ", ".join(f"StringStruct({key!r}, {value!r})" for key, value in fields.items())
    return TEMPLATE.format(numbers=version_numbers(version), strings=strings)


def write_version_file(path: str, version: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(version_text(version))
