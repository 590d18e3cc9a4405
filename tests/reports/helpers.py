from zhurnal.reports import renderers, running


def run_json(actor, code: str, **params) -> dict:
    report = running.report_for_runner(actor, code)
    result = running.run(actor, report, {k: str(v) for k, v in params.items()})
    return renderers.to_json(result)


def rows_of(data: dict, table: int = 0) -> list[dict]:
    return data["tables"][table]["rows"]


def row_where(data: dict, table: int = 0, **match) -> dict:
    found = [r for r in rows_of(data, table) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{match}: {len(found)} rows in {rows_of(data, table)}"
    return found[0]
