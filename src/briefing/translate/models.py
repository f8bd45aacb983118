"""Installed translation models: Argos Translate packages under ``config.models_dir``.

An Argos package (``.argosmodel``) is a zip of one folder holding ``metadata.json``
(``from_code``, ``to_code``, ``package_version``, optional ``target_prefix``), ``model/``
(a CTranslate2 model: ``model.bin``, ``config.json``, ``shared_vocabulary.*``),
``sentencepiece.model`` and maybe ``stanza/`` (unused here). Installing checks the zip
before extracting anything, extracts into a staging folder and moves it into place only
when complete, so a failed install leaves the installed models as they were.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from briefing.errors import ModelError

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 4 * 1024**3  # real ko->en packages are ~100 MB; this only stops zip bombs
_FILE_HINT = (
    "download the .argosmodel file where there is network, then use "
    "`briefing models install --file FILE.argosmodel`"
)


@dataclass(frozen=True)
class InstalledModel:
    name: str  # folder name under models_dir
    path: Path
    from_code: str
    to_code: str
    package_version: str
    target_prefix: str = ""

    @property
    def model_id(self) -> str:
        """Cache key: a new package version never reuses the old one's translations."""
        return f"argos:{self.from_code}-{self.to_code}:{self.package_version or self.name}"


def _read_metadata(raw: bytes, where: str) -> dict[str, Any]:
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(
            f"{where}: metadata.json is not valid JSON ({exc})",
            "use an Argos Translate package (.argosmodel)",
        ) from exc
    if not isinstance(metadata, dict):
        raise ModelError(
            f"{where}: metadata.json is not a JSON object",
            "use an Argos Translate package (.argosmodel)",
        )
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise ModelError(
                f"{where}: metadata.json has no {key}",
                "use an Argos Translate package (.argosmodel)",
            )
    return metadata


def _load(folder: Path) -> InstalledModel | None:
    try:
        metadata = _read_metadata((folder / "metadata.json").read_bytes(), str(folder))
    except (OSError, ModelError):
        return None
    if not (folder / "model" / "model.bin").is_file():
        return None
    return InstalledModel(
        name=folder.name,
        path=folder,
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        package_version=str(metadata.get("package_version", "")),
        target_prefix=str(metadata.get("target_prefix", "") or ""),
    )


def list_models(models_dir: Path) -> list[InstalledModel]:
    if not models_dir.is_dir():
        return []
    found = (
        _load(p) for p in sorted(models_dir.iterdir()) if p.is_dir() and not p.name.startswith(".")
    )
    return [m for m in found if m is not None]


def _version_key(model: InstalledModel) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", model.package_version))


def find_model(models_dir: Path, from_code: str, to_code: str) -> InstalledModel | None:
    """The newest installed package for the pair, or None."""
    matches = [
        m for m in list_models(models_dir) if m.from_code == from_code and m.to_code == to_code
    ]
    return max(matches, key=_version_key, default=None)


# --------------------------------------------------------------------------- install


def _check_members(archive: zipfile.ZipFile, where: str) -> tuple[str, bytes]:
    """Refuse unsafe or oversized archives; return (package root, metadata.json bytes)."""
    members = archive.infolist()
    if not members:
        raise ModelError(f"{where}: the archive is empty", "use an Argos package")
    if len(members) > MAX_MEMBERS:
        raise ModelError(
            f"{where}: {len(members)} files in the archive (limit {MAX_MEMBERS})",
            "this is not an Argos translation package",
        )
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        raise ModelError(
            f"{where}: {total} bytes uncompressed (limit {MAX_TOTAL_BYTES})",
            "this is not an Argos translation package",
        )
    for member in members:
        name = member.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        is_link = (member.external_attr >> 16) & 0o170000 == 0o120000
        if (
            name.startswith(("/", "\\"))
            or ".." in parts
            or re.match(r"^[A-Za-z]:", name)
            or is_link
        ):
            raise ModelError(
                f"{where}: unsafe path in the archive: {name!r}",
                "refusing to extract outside the models folder",
            )
    metadata_names = [
        m.filename
        for m in members
        if PurePosixPath(m.filename).name == "metadata.json"
        and len(PurePosixPath(m.filename).parts) <= 2
    ]
    if not metadata_names:
        raise ModelError(
            f"{where}: no metadata.json in the package",
            "use an Argos Translate package (.argosmodel)",
        )
    chosen = min(metadata_names, key=len)
    root = str(PurePosixPath(chosen).parent)
    return ("" if root == "." else root), archive.read(chosen)


def _folder_name(metadata: dict[str, Any]) -> str:
    version = str(metadata.get("package_version", "") or "0")
    raw = f"translate-{metadata['from_code']}_{metadata['to_code']}-{version}"
    return re.sub(r"[^A-Za-z0-9._-]", "_", raw)


def install_file(models_dir: Path, package: Path) -> InstalledModel:
    """Install an ``.argosmodel`` file (offline). Replaces the same package if installed."""
    where = str(package)
    if not package.is_file():
        raise ModelError(f"{where}: no such file", "check the path to the .argosmodel file")
    if not zipfile.is_zipfile(package):
        raise ModelError(
            f"{where}: not a zip archive", "an .argosmodel file is a zip; download it again"
        )
    try:
        with zipfile.ZipFile(package) as archive:
            root, metadata_raw = _check_members(archive, where)
            metadata = _read_metadata(metadata_raw, where)
            models_dir.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=models_dir))
            try:
                archive.extractall(staging)
                folder = staging / root if root else staging
                installed = _load(folder)
                if installed is None:
                    raise ModelError(
                        f"{where}: the package has no model/model.bin",
                        "use an Argos Translate package (.argosmodel)",
                    )
                if not (folder / "sentencepiece.model").is_file():
                    raise ModelError(
                        f"{where}: the package has no sentencepiece.model",
                        "only SentencePiece Argos packages are supported",
                    )
                return _move_into_place(folder, models_dir / _folder_name(metadata))
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(
            f"{where}: cannot read the package: {exc}", "download the .argosmodel file again"
        ) from exc


def _move_into_place(folder: Path, target: Path) -> InstalledModel:
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        target.rename(old)
    try:
        folder.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    model = _load(target)
    assert model is not None  # checked in staging
    return model


def install_online(models_dir: Path, from_code: str, to_code: str) -> InstalledModel:
    """Fetch the pair from the Argos package index (needs ``briefing[online]`` and network).

    Argos Translate's package manager only downloads; the file is then installed and
    checked like ``install --file``, so the runtime never imports Argos Translate.
    """
    try:
        import argostranslate.package as argos_package
    except ImportError as exc:
        raise ModelError(
            "installing from the Argos package index needs Argos Translate's "
            "client (pip install 'briefing[online]')",
            _FILE_HINT,
        ) from exc
    try:
        argos_package.update_package_index()
        available = [
            p
            for p in argos_package.get_available_packages()
            if p.from_code == from_code and p.to_code == to_code
        ]
    except Exception as exc:  # the client raises bare Exceptions on network errors
        raise ModelError(f"cannot reach the Argos package index: {exc}", _FILE_HINT) from exc
    if not available:
        raise ModelError(
            f"no {from_code}->{to_code} package found in the Argos package index "
            "(no network, or no such pair)",
            _FILE_HINT,
        )
    try:
        downloaded = Path(available[0].download())
    except Exception as exc:
        raise ModelError(
            f"downloading the {from_code}->{to_code} package failed: {exc}", _FILE_HINT
        ) from exc
    try:
        return install_file(models_dir, downloaded)
    finally:
        downloaded.unlink(missing_ok=True)


def remove_model(models_dir: Path, name: str) -> InstalledModel:
    """Remove an installed package by folder name or by language pair (``ko-en``)."""
    models = list_models(models_dir)
    pair = re.fullmatch(r"([a-z]{2,3})[-_ ]([a-z]{2,3})", name.strip())
    matches = [
        m for m in models if m.name == name or (pair and (m.from_code, m.to_code) == pair.groups())
    ]
    if not matches:
        installed = ", ".join(m.name for m in models) or "none"
        raise ModelError(
            f"no installed model {name!r} (installed: {installed})", "see `briefing models list`"
        )
    for model in matches:
        trash = model.path.with_name(f".removing-{model.name}-{os.getpid()}")
        model.path.rename(trash)  # one rename: the model is gone or still whole
        shutil.rmtree(trash, ignore_errors=True)
    return matches[0]
