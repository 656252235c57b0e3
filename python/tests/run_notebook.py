"""Executes a notebook top to bottom in a fresh kernel; fails on the first cell that raises.

    /usr/bin/python3 python/tests/run_notebook.py python/examples/cohort.ipynb [--save OUT.ipynb]

ctest runs every notebook under python/examples this way (with PYTHONPATH pointing at the build
tree), so an example that no longer runs fails the tests. The notebook runs in its own folder.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebook", type=Path)
    ap.add_argument("--save", type=Path, help="write the executed notebook (with outputs) here")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = ap.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(args.notebook.resolve().parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        print(f"{args.notebook}: a cell failed\n{error}", file=sys.stderr)
        return 1
    finally:
        if args.save:
            nbformat.write(nb, args.save)
    code = [c for c in nb.cells if c.cell_type == "code"]
    images = sum(1 for c in code for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    print(f"{args.notebook}: {len(code)} code cells ran in {time.perf_counter() - start:.1f} s; {images} figure(s)")
    if images == 0:
        print(f"{args.notebook}: expected at least one figure", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
