#!/usr/bin/env python3
"""Converts docs/openapi.yaml to JSON, once as a file (for tests) and once as a C++ source
that embeds it (served at GET /openapi.json). Run by the build; needs python3-yaml."""
import json
import sys

import yaml


def main() -> int:
    if len(sys.argv) != 4:
        print("usage: openapi_to_cpp.py OPENAPI.yaml OUT.json OUT.cpp", file=sys.stderr)
        return 2
    source, json_out, cpp_out = sys.argv[1:]
    with open(source, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    delimiter = "BVOPENAPI"
    if f"){delimiter}\"" in text:
        print("openapi_to_cpp.py: the document contains the raw-string delimiter", file=sys.stderr)
        return 1
    with open(json_out, "w", encoding="utf-8") as f:
        f.write(text)
    with open(cpp_out, "w", encoding="utf-8") as f:
        f.write("// Generated from docs/openapi.yaml by scripts/openapi_to_cpp.py. Do not edit.\n")
        f.write("#include \"api/openapi_document.hpp\"\n\n")
        f.write("namespace bv::api {\n\n")
        f.write(f"const std::string_view kOpenApiJson = R\"{delimiter}({text}){delimiter}\";\n\n")
        f.write("}  // namespace bv::api\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
