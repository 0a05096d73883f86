"""Property test of the published schema: no GET operation answers 5xx, whatever the parameters.

Schemathesis reads `/openapi.json` from the real server and generates requests from it
(hypothesis, derandomized so a run is repeatable, 30 examples per operation).
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from conflictwire.store import Store

EXAMPLES = 30


def test_api_schema_get_operations_never_answer_5xx(filled: Store, serve) -> None:  # noqa: ANN001
    client = serve()
    base = str(client.base_url).rstrip("/")
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: list[str] = []
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue
        checked += 1

        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call(base_url=base, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {response.request.url} -> {response.status_code}: "
                                f"{response.text[:200]}")

        check()
    assert checked >= 6  # /incidents, /incidents/{id}, /incidents.geojson, /stats, /figures, the exports
    assert not failures, "\n".join(failures[:10])
