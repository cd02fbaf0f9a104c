"""Uploads each compiled pipeline of kfp's test suite; prints stored / runnable in-process / refused, and why."""
import collections
import json
import pathlib
import sys
import urllib.error
import urllib.request

port, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
files = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
stored, runnable, refused = 0, 0, []
constructs = collections.Counter()
for i, path in enumerate(files):
    kind = "application/json" if path.suffix == ".json" else "application/yaml"
    request = urllib.request.Request(f"http://localhost:{port}/api/v1/pipelines?name=corpus-{i}",
                                     data=path.read_bytes(), method="POST", headers={"Content-Type": kind})
    try:
        with urllib.request.urlopen(request) as response:
            version = json.loads(response.read())
        stored += 1
        if version["runnableInProcess"]:
            runnable += 1
        for construct in {gap["construct"] for gap in version["notRunnableInProcess"]}:
            constructs[construct] += 1
    except urllib.error.HTTPError as e:
        body = json.loads(e.read() or b"{}")
        if e.code >= 500:
            print(f"5xx on {path.relative_to(corpus)}: {e.code} {body}")
        errors = body.get("errors") or [{"field": "", "message": body.get("detail")}]
        refused.append((path.relative_to(corpus), e.code, errors[0]["field"], errors[0]["message"]))

print(f"{len(files)} compiled pipelines: {stored} stored ({100 * stored / len(files):.1f} %), "
      f"{runnable} of them runnable in-process, {len(refused)} refused")
print("not run in-process (pipelines using each construct):")
for construct, count in constructs.most_common():
    print(f"  {count:4d}  {construct}")
for path, code, field, message in refused:
    print(f"refused {path}: {code} {field}: {message}")
