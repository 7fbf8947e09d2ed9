"""HSDS files on disk: JSON loading with located errors, and a tabular datapackage joined back into
nested service objects, so one reader (directory.formats.hsds.read) serves every HSDS shape."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from directory.formats.drafts import Problem
from directory.formats.spreadsheet import restore


class FileError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def file_problem(path: Path, message: str) -> Problem:
    return Problem(0, path.name, message)


def load_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise FileError(file_problem(path, "ファイルがありません / file not found")) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise FileError(file_problem(path, f"ファイルを読めません / cannot read the file: {exc}")) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"JSON の形式が正しくありません / malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise FileError(Problem(exc.lineno, f"{path.name}:{exc.lineno}:{exc.colno}", message)) from exc


# ---- CSV datapackage → service objects --------------------------------------------------------------


def read_csv(folder: Path, name: str) -> list[dict[str, Any]]:
    """Rows of one table as dicts without empty cells, each with its file and starting line."""
    path = folder / name
    if not path.is_file():
        return []
    rows = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            _ = reader.fieldnames  # reads the header, so line_num is where the data starts
            line = reader.line_num
            for record in reader:
                row = {k: restore(v) for k, v in record.items() if k and v not in (None, "")}
                rows.append({**row, "_file": name, "_line": line + 1})
                line = reader.line_num
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise FileError(file_problem(path, f"CSV を読めません / cannot read the CSV: {exc}")) from exc
    return rows


def read_tables(folder: Path) -> list[tuple[int, str, Any]]:
    """services.csv joined with its tables into nested service objects (row = the service's CSV line)."""
    services = read_csv(folder, "services.csv")
    if not services and not (folder / "services.csv").is_file():
        raise FileError(file_problem(folder / "services.csv", "services.csv がありません / services.csv missing"))
    by_id = {
        name: {r["id"]: r for r in read_csv(folder, f) if "id" in r}
        for name, f in (("org", "organizations.csv"), ("loc", "locations.csv"), ("term", "taxonomy_terms.csv"))
    }
    children: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for name, key in (
        ("service_at_location.csv", "service_id"),
        ("addresses.csv", "location_id"),
        ("accessibility.csv", "location_id"),
        ("schedules.csv", "service_id"),
        ("cost_options.csv", "service_id"),
        ("languages.csv", "service_id"),
        ("phones.csv", "service_id"),
        ("attributes.csv", "link_id"),
    ):
        grouped = defaultdict(list)
        for row in read_csv(folder, name):
            if row.get(key):
                grouped[row[key]].append(row)
        children[name] = grouped
    items = []
    for svc in services:
        obj = dict(svc)
        uuid = svc.get("id", "")
        if svc.get("organization_id") in by_id["org"]:
            obj["organization"] = by_id["org"][svc["organization_id"]]
        links = []
        for link in children["service_at_location.csv"].get(uuid, []):
            location = dict(by_id["loc"].get(link.get("location_id", ""), {"id": link.get("location_id")}))
            location["addresses"] = children["addresses.csv"].get(location.get("id") or "", [])
            location["accessibility"] = children["accessibility.csv"].get(location.get("id") or "", [])
            links.append({**link, "location": location})
        obj["service_at_locations"] = links
        for key, name in (
            ("schedules", "schedules.csv"),
            ("cost_options", "cost_options.csv"),
            ("languages", "languages.csv"),
            ("phones", "phones.csv"),
        ):
            obj[key] = children[name].get(uuid, [])
        obj["attributes"] = [
            {**a, "taxonomy_term": by_id["term"].get(a.get("taxonomy_term_id", ""), {})}
            for a in children["attributes.csv"].get(uuid, [])
        ]
        items.append((svc["_line"], "", obj))
    return items
