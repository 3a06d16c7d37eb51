#!/usr/bin/env python3
"""Writes THIRD-PARTY-NOTICES.md and a licenses/ folder for a published build.

Which third-party code is inside comes from the CLI project's restore record (obj/project.assets.json):
every package of the published RuntimeIdentifier's target. For each, its licence comes from its own .nuspec
(an SPDX expression, or a licence file inside the package), and every licence or notices file the package
carries is copied under licenses/PACKAGE/. Nothing here is written by hand, so the notices follow the packages.

    notices.py ASSETS_JSON RID OUT_DIR
"""
import json
import pathlib
import re
import shutil
import sys


def nuspec_licence(folder: pathlib.Path) -> str:
    for nuspec in folder.glob("*.nuspec"):
        text = nuspec.read_text(encoding="utf-8", errors="replace")
        expression = re.search(r'<license\s+type="expression"\s*>([^<]+)</license>', text)
        if expression:
            return expression.group(1).strip()
        named_file = re.search(r'<license\s+type="file"\s*>([^<]+)</license>', text)
        if named_file:
            return f"see {named_file.group(1).strip()}"
        url = re.search(r"<licenseUrl>([^<]+)</licenseUrl>", text)
        if url:
            return url.group(1).strip()
    return "not stated in the package"


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    assets_path, rid, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
    assets = json.loads(assets_path.read_text(encoding="utf-8"))
    roots = [pathlib.Path(p) for p in assets.get("packageFolders", {})]
    target = next((t for name, t in assets["targets"].items() if name.endswith("/" + rid)), None)
    if target is None:
        print(f"notices.py: {assets_path} has no restore target for {rid}; publish with -r {rid} first", file=sys.stderr)
        return 3

    rows = []
    for key, entry in sorted(target.items(), key=lambda item: item[0].lower()):
        if entry.get("type") != "package":
            continue
        name, version = key.split("/", 1)
        folder = next((r / name.lower() / version.lower() for r in roots if (r / name.lower() / version.lower()).is_dir()), None)
        if folder is None:
            rows.append((name, version, "package folder not found", []))
            continue
        copied = []
        for candidate in sorted(folder.iterdir()):
            if candidate.is_file() and re.match(r"(?i)(license|licence|copying|third.?party.?notices|notice)", candidate.name):
                destination = out / "licenses" / name
                destination.mkdir(parents=True, exist_ok=True)
                shutil.copy2(candidate, destination / candidate.name)
                copied.append(f"licenses/{name}/{candidate.name}")
        rows.append((name, version, nuspec_licence(folder), copied))

    lines = [
        "# Third-party notices",
        "",
        f"The musicemotion release for {rid} contains code from these packages (and the .NET runtime, whose",
        "licence and notices are in licenses/ as the runtime pack ships them). Each row gives the licence the package",
        "declares; the files it carries are copied beside this one.",
        "",
        "| package | version | licence | files |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {n} | {v} | {lic} | {', '.join(files) or '-'} |" for n, v, lic, files in rows]
    (out / "THIRD-PARTY-NOTICES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
