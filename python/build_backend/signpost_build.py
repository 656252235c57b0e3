"""A PEP 517 build backend for signpost that needs nothing from a package index.

It configures the repository with CMake for the interpreter that runs it, builds the
`_signpost` extension (the engine is compiled into it), and zips the package into a wheel
itself, so neither setuptools nor wheel nor scikit-build has to be installed: `pip install .`
works in a fresh venv, offline. Environment: SIGNPOST_BUILD_JOBS (default: CPU count),
CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache: CMake reads it), SIGNPOST_CMAKE_ARGS (extra
arguments for the configure step).
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shlex
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
NAME = "signpost"


def _version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    found = re.search(r"project\(signpost VERSION ([0-9.]+)", text)
    return found.group(1) if found else "0.0.0"


def _tag() -> str:
    impl = {"cpython": "cp", "pypy": "pp"}.get(sys.implementation.name, "py")
    version = f"{sys.version_info[0]}{sys.version_info[1]}"
    soabi = sysconfig.get_config_var("SOABI") or ""
    abi = f"{impl}{version}" + ("d" if "d-" in soabi.split("cpython-")[-1][:4] else "")
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{impl}{version}-{abi}-{platform}"


def _metadata() -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {_version()}",
        "Summary: Rule-based, non-diagnostic self-assessments: compile rule files, evaluate answers",
        "Requires-Python: >=3.9",
        "Provides-Extra: frame",
        'Requires-Dist: numpy; extra == "frame"',
        'Requires-Dist: pandas; extra == "frame"',
        "Provides-Extra: dask",
        'Requires-Dist: numpy; extra == "dask"',
        'Requires-Dist: pandas; extra == "dask"',
        'Requires-Dist: dask[dataframe]; extra == "dask"',
        'Requires-Dist: distributed; extra == "dask"',
    ]
    return "\n".join(lines) + "\n"


def _build(build_dir: Path) -> Path:
    """Configures and builds the extension; returns the directory holding the package."""
    args = [
        "cmake", "-S", str(ROOT), "-B", str(build_dir),
        "-DCMAKE_BUILD_TYPE=Release",
        "-DSIGNPOST_BUILD_TESTS=OFF", "-DSIGNPOST_BUILD_CLI=OFF", "-DSIGNPOST_BUILD_BENCH=OFF",
        "-DSIGNPOST_BUILD_PYTHON=ON",
        f"-DPython_EXECUTABLE={sys.executable}",
    ] + shlex.split(os.environ.get("SIGNPOST_CMAKE_ARGS", ""))
    jobs = os.environ.get("SIGNPOST_BUILD_JOBS") or str(os.cpu_count() or 1)
    try:
        subprocess.run(args, check=True, stdout=sys.stderr)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_signpost", "-j", jobs],
                       check=True, stdout=sys.stderr)
    except FileNotFoundError as error:
        raise RuntimeError("building signpost needs CMake and a C++17 compiler (Debian: apt install cmake g++ "
                           "libboost-dev nlohmann-json3-dev pybind11-dev python3-dev)") from error
    return build_dir / "python" / NAME


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def _write_wheel(package: Path, wheel_directory: str) -> str:
    tag = _tag()
    dist_info = f"{NAME}-{_version()}.dist-info"
    wheel_name = f"{NAME}-{_version()}-{tag}.whl"
    files: Dict[str, bytes] = {}
    for path in sorted(package.iterdir()):
        if path.is_file() and (path.suffix in (".py", ".pyi", ".so") or path.name == "py.typed"):
            files[f"{NAME}/{path.name}"] = path.read_bytes()
    files[f"{dist_info}/METADATA"] = _metadata().encode()
    files[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: signpost_build\nRoot-Is-Purelib: false\n"
                                   f"Tag: {tag}\n").encode()
    record = [_record_line(p, d) for p, d in files.items()] + [f"{dist_info}/RECORD,,"]
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    out = Path(wheel_directory) / wheel_name
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for p, d in files.items():
            info = zipfile.ZipInfo(p, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if p.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, d)
    return wheel_name


# ---- PEP 517 hooks -----------------------------------------------------------------------------
def get_requires_for_build_wheel(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def build_wheel(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None,
                metadata_directory: Optional[str] = None) -> str:
    with tempfile.TemporaryDirectory(prefix="signpost-build-") as tmp:
        return _write_wheel(_build(Path(tmp)), wheel_directory)


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: Optional[Dict[str, Any]] = None) -> str:
    dist_info = Path(metadata_directory) / f"{NAME}-{_version()}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_text(_metadata(), encoding="utf-8")
    return dist_info.name


def build_sdist(sdist_directory: str, config_settings: Optional[Dict[str, Any]] = None) -> str:
    """The sources the wheel is built from: the engine, the package, and the build files."""
    import tarfile

    base = f"{NAME}-{_version()}"
    name = f"{base}.tar.gz"
    keep = ("CMakeLists.txt", "pyproject.toml", "README.md", "engine/", "python/")
    with tarfile.open(Path(sdist_directory) / name, "w:gz") as tar:
        for path in sorted(ROOT.rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if path.is_file() and rel.startswith(keep) and "__pycache__" not in rel:
                tar.add(path, arcname=f"{base}/{rel}")
        pkg_info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = _metadata().encode()
        pkg_info.size = len(data)
        import io

        tar.addfile(pkg_info, io.BytesIO(data))
    return name
