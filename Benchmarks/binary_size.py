#!/usr/bin/env python3
"""What the release binary holds: its sections, and its code and data by the library they come from.

Run after the release build of the README (in .build-release). It links psr once more, into a temporary
folder, with the same command SwiftPM ran (read from .build-release/release.yaml) but keeping the symbols and
asking the linker for a map (-Map), which says how many bytes of each output section every input object
gave. The binary the build made is not touched. Prints two Markdown tables: the stripped binary's sections
(from `size -A`), and the bytes of code and data each library put in it (from the map of gold or GNU
ld, which clang uses on Linux).
"""
from __future__ import annotations

import argparse, collections, json, re, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Output sections that are not loaded (debug information, symbols) or take no room in the file (.bss).
NOT_IN_FILE = (".debug", ".comment", ".symtab", ".strtab", ".shstrtab", ".bss", ".tbss", ".note.gnu.gold")
GROUPS = {
    "libswiftCore.a": "Swift runtime and standard library",
    "libFoundationEssentials.a": "FoundationEssentials (no ICU)",
    "lib_FoundationCollections.a": "FoundationEssentials' collections",
    "libswift_RegexParser.a": "Swift string processing and its regex parser",
    "libswift_StringProcessing.a": "Swift string processing and its regex parser",
    "libswiftGlibc.a": "Swift runtime and standard library",
    "libswiftSynchronization.a": "Swift runtime and standard library",
    "libswift_Concurrency.a": "Swift concurrency runtime",
    "libdispatch.a": "Dispatch",
    "libBlocksRuntime.a": "Dispatch",
    "CaseTracker": "psr: repositories, reports, sync (CaseTracker)",
    "CaseTrackerCLI": "psr: commands and renderers (CaseTrackerCLI)",
    "SQLite": "psr: the SQLite wrapper",
    "CHTTP": "psr: HTTP(S) through the system's libcurl",
    "ArgumentParser": "swift-argument-parser",
    "ArgumentParserToolInfo": "swift-argument-parser",
}


def link_command(build: Path) -> list[str]:
    plan = (build / "release.yaml").read_text()
    target = f'"-o","{build.resolve()}/x86_64-unknown-linux-gnu/release/psr"'
    for line in plan.splitlines():
        line = line.strip()
        if line.startswith("args: [") and target in line:
            return json.loads(line[len("args: "):])
    # Other hosts name the triple differently: any link of an executable called psr.
    for line in plan.splitlines():
        line = line.strip()
        if line.startswith("args: [") and '"-emit-executable"' in line and '/release/psr"' in line:
            return json.loads(line[len("args: "):])
    raise SystemExit(f"no link command for psr in {build / 'release.yaml'}: build it as the README says first")


def without_strip(args: list[str]) -> list[str]:
    kept, index = [], 0
    while index < len(args):
        if args[index] == "-Xlinker" and index + 1 < len(args) and args[index + 1] == "-s":
            index += 2
            continue
        kept.append(args[index])
        index += 1
    return kept


def group_of(path: str) -> str:
    archive = re.search(r"/(lib[\w+-]+\.a)\(", path)
    if archive:
        name = archive.group(1)
        return "libstdc++.a" if name.startswith("libstdc++") else name
    module = re.search(r"/(\w+)\.build/", path)
    return module.group(1) if module else Path(path).name


def map_sizes(map_file: Path) -> collections.Counter:
    """Bytes each input group gave to the loaded output sections, as the map lists them (merged strings and
    unwind tables, which the linker builds from all inputs at once, are not attributed)."""
    lines = map_file.read_text(errors="replace").splitlines()
    # gold writes "Memory map", GNU ld "Linker script and memory map"; lld's map is another format.
    start = next((n for n, line in enumerate(lines) if line in ("Memory map", "Linker script and memory map")), None)
    if start is None:
        raise SystemExit(f"{map_file} is not a map of gold or GNU ld (lld's is not read here): link with one of them")
    sizes: collections.Counter = collections.Counter()
    output, pending = None, None
    for line in lines[start + 1:]:
        if not line:
            continue
        if not line.startswith(" "):
            output = line.split()[0]
            continue
        whole = re.match(r"^ (\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$", line)
        if whole:
            size, path = int(whole.group(2), 16), whole.group(3)
        else:
            name_only = re.match(r"^ (\S+)$", line)
            if name_only:
                pending = name_only.group(1)
                continue
            rest = re.match(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S.*)$", line)
            if not (rest and pending):
                continue
            size, path, pending = int(rest.group(1), 16), rest.group(2), None
        if output and not output.startswith(NOT_IN_FILE):
            sizes[group_of(path)] += size
    return sizes


def sections(binary: Path) -> list[tuple[str, int]]:
    listed = subprocess.run(["size", "-A", str(binary)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in listed.splitlines():
        parts = line.split()
        # .bss and .tbss are zeroed memory at run time, not bytes of the file.
        if len(parts) == 3 and parts[0].startswith((".", "swift")) and parts[1].isdigit() \
                and parts[0] not in (".bss", ".tbss"):
            rows.append((parts[0], int(parts[1])))
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=str(ROOT / ".build-release"), help="the release build's scratch folder")
    cfg = p.parse_args()
    build = Path(cfg.build)
    binary = build / "release" / "psr"
    if not shutil.which("size") or sys.platform != "linux":
        print("binary_size.py reads an ELF binary with binutils' size and GNU ld's map: run it on Linux with"
              " binutils installed", file=sys.stderr)
        return 2
    if not binary.exists():
        print(f"no release binary at {binary}: build it as the README's Install section says", file=sys.stderr)
        return 2
    total = binary.stat().st_size
    print(f"{binary}: {total:,} bytes ({total / 1e6:.1f} MB)\n")
    print("| section | bytes | share | what it is |\n|---|---:|---:|---|")
    meaning = {".text": "machine code", ".rodata": "constants and string literals (the migrations, the map)",
               ".eh_frame": "unwind tables", ".eh_frame_hdr": "unwind table index",
               ".rela.dyn": "relocations (position-independent executable)", ".data.rel.ro": "relocated constants",
               ".dynstr": "names of dynamic symbols", ".dynsym": "dynamic symbols", ".gnu.hash": "symbol hash",
               ".data": "initialised variables"}
    listed = sections(binary)
    for name, size in sorted((row for row in listed if not row[0].startswith("swift5")), key=lambda row: -row[1])[:9]:
        what = meaning.get(name, "")
        print(f"| {name} | {size:,} | {100 * size / total:.1f}% | {what} |")
    metadata = sum(size for name, size in listed if name.startswith("swift5"))
    print(f"| swift5_* (all) | {metadata:,} | {100 * metadata / total:.1f}% | Swift type metadata and reflection |")
    with tempfile.TemporaryDirectory(prefix="psr-size-") as work:
        args = without_strip(link_command(build))
        output = args.index("-o")
        args[output + 1] = f"{work}/psr"
        args += ["-Xlinker", f"-Map={work}/psr.map"]
        linked = subprocess.run(args, capture_output=True, text=True)
        if linked.returncode != 0:
            print(f"the link with a map failed: {linked.stderr[-2000:]}", file=sys.stderr)
            return 2
        sizes = map_sizes(Path(work) / "psr.map")
    merged: collections.Counter = collections.Counter()
    for name, size in sizes.items():
        merged[GROUPS.get(name, "other (C runtime start files, libstdc++, libgcc, …)")] += size
    attributed = sum(merged.values())
    print(f"\nCode and data by where they come from ({attributed:,} bytes the link map attributes to an input):\n")
    print("| from | bytes | share |\n|---|---:|---:|")
    for name, size in merged.most_common():
        print(f"| {name} | {size:,} | {100 * size / attributed:.1f}% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
