#!/usr/bin/env python3
"""The `$id` of every JSON Schema in schemas/ is the address that serves that very file.

    scripts/schema-ids.py check                      # CI: every $id and $ref resolves (exit 1 if not)
    scripts/schema-ids.py check OWNER/NAME X.Y.Z     # release: ... and every $id is at that tag
    scripts/schema-ids.py stamp OWNER/NAME X.Y.Z     # release: point every $id at that repository's tag

A schema's `$id` is
    https://raw.githubusercontent.com/<repository>/v<version>/schemas/<file name>
where <version> is the version in Sources/influxsync/Support/BuildInfo.swift without `-dev`,
and <repository> is the canonical one (influxsync/influxsync) or, in a fork's release, the one
the release workflow stamps. Editors (yaml-language-server, VS Code) fetch that address, so it
must name the file at a tag that exists once the version is released. `check` also verifies
that every `$ref` to another schema names one of these `$id`s (or a sibling file name) and
that the manifest modeline `influxsync export` writes, and README's, use the manifest schema's `$id`.
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
CANONICAL = "influxsync/influxsync"
PATTERN = re.compile(r"^https://raw\.githubusercontent\.com/([^/]+/[^/]+)/v([0-9]+\.[0-9]+\.[0-9]+)/schemas/([^/]+)$")


def source_version():
    text = (ROOT / "Sources/influxsync/Support/BuildInfo.swift").read_text()
    m = re.search(r'static let version = "([0-9]+\.[0-9]+\.[0-9]+)(-dev)?"', text)
    if not m:
        sys.exit("schema-ids: no `static let version = \"X.Y.Z\"` in Sources/influxsync/Support/BuildInfo.swift")
    return m.group(1)


def schema_id(repository, version, name):
    return f"https://raw.githubusercontent.com/{repository}/v{version}/schemas/{name}"


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def check(expected_repository=None, expected_version=None):
    version = expected_version or source_version()
    problems = []
    files = sorted(SCHEMAS.glob("*.json"))
    ids = {}
    for path in files:
        doc = json.loads(path.read_text())
        sid = doc.get("$id", "")
        m = PATTERN.match(sid)
        if not m:
            problems.append(f"schemas/{path.name}: $id {sid!r} is not https://raw.githubusercontent.com/OWNER/NAME/vX.Y.Z/schemas/{path.name}")
            continue
        repository, tag_version, name = m.groups()
        if name != path.name:
            problems.append(f"schemas/{path.name}: $id names {name}, not the file itself")
        if tag_version != version:
            problems.append(f"schemas/{path.name}: $id is at v{tag_version} but the source version is {version}: run `scripts/schema-ids.py stamp {repository} {version}`")
        ids[sid] = path.name
    repositories = {PATTERN.match(s).group(1) for s in ids}
    if len(repositories) > 1:
        problems.append(f"schemas/: $ids name more than one repository: {', '.join(sorted(repositories))}")
    if expected_repository and repositories and repositories != {expected_repository}:
        problems.append(f"schemas/: $ids name {', '.join(sorted(repositories))}, not {expected_repository}: run `scripts/schema-ids.py stamp {expected_repository} {version}`, commit, and tag again")
    for path in files:
        doc = json.loads(path.read_text())
        for ref in refs(doc):
            target = ref.split("#", 1)[0]
            if not target:
                continue
            if target.startswith("https://"):
                if target not in ids:
                    problems.append(f"schemas/{path.name}: $ref {ref!r} names no schema's $id")
            elif not (SCHEMAS / target).is_file():
                problems.append(f"schemas/{path.name}: $ref {ref!r} names no file in schemas/")
    manifest_id = json.loads((SCHEMAS / "manifest.schema.json").read_text())["$id"]
    swift = (ROOT / "Sources/InfluxSync/Manifest/ManifestSchema.swift").read_text()
    if f'"{manifest_id}"' not in swift:
        problems.append(f"Sources/InfluxSync/Manifest/ManifestSchema.swift: the modeline address is not the manifest schema's $id {manifest_id}")
    if f"# yaml-language-server: $schema={manifest_id}" not in (ROOT / "README.md").read_text():
        problems.append(f"README.md: no modeline `# yaml-language-server: $schema={manifest_id}` (section \"Manifests in your editor\")")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"schema-ids: {len(files)} schemas, each $id at v{version} of {repositories.pop() if repositories else '?'}; every $ref resolves")
    return 0


def stamp(repository, version):
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository):
        sys.exit(f"schema-ids: {repository!r} is not OWNER/NAME")
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version):
        sys.exit(f"schema-ids: {version!r} is not X.Y.Z")
    old_ids = {}
    for path in sorted(SCHEMAS.glob("*.json")):
        sid = json.loads(path.read_text())["$id"]
        old_ids[sid] = schema_id(repository, version, path.name)
    targets = [*SCHEMAS.glob("*.json"), ROOT / "Sources/InfluxSync/Manifest/ManifestSchema.swift", ROOT / "README.md"]
    for path in targets:
        text = path.read_text()
        new = text
        for old, fresh in old_ids.items():
            new = new.replace(old, fresh)
        if new != text:
            path.write_text(new)
    print(f"schema-ids: stamped {len(old_ids)} schemas for {repository} v{version}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["check"]:
        sys.exit(check())
    if len(args) == 3 and args[0] == "check":
        sys.exit(check(args[1], args[2]))
    if len(args) == 3 and args[0] == "stamp":
        sys.exit(stamp(args[1], args[2]))
    sys.exit(__doc__)
