"""The http source against a real paginated server on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest

from phaseone.datasets import Case, build_source
from phaseone.errors import DatasetError
from phaseone.plan.components import HttpSource, Mapping
from servers import CasesServer, JsonServer, closed_port_url, sample_rows

IDS = Mapping(id="id")


async def collect(src: Any) -> list[Case]:
    return [c async for c in src.cases()]


async def test_next_link_pagination(cases_server: CasesServer) -> None:
    cfg = HttpSource(url=cases_server.url + "/cases", next_path="next", mapping=IDS)
    cases = await collect(build_source(cfg, "."))
    assert [c.id for c in cases] == [f"c{i}" for i in range(25)]
    assert cases[0].expected == "spam" and cases[0].tags == ("edge",)
    assert cases_server.paths["/cases"] == 3  # 10 + 10 + 5, stops at next = null


async def test_relative_next_links_are_resolved() -> None:
    with CasesServer(relative_next=True, page_size=7) as server:
        cfg = HttpSource(url=server.url + "/cases", next_path="next", mapping=IDS)
        assert len(await collect(build_source(cfg, "."))) == 25
        assert server.paths["/cases"] == 4


async def test_page_number_pagination_stops_on_empty_page(cases_server: CasesServer) -> None:
    cfg = HttpSource(url=cases_server.url + "/pages", page_param="page", mapping=IDS)
    cases = await collect(build_source(cfg, "."))
    assert len(cases) == 25
    assert [r.query["page"] for r in cases_server.received] == ["1", "2", "3", "4"]


async def test_max_pages_bounds_the_read(cases_server: CasesServer) -> None:
    cfg = HttpSource(url=cases_server.url + "/pages", page_param="page", max_pages=2, mapping=IDS)
    src = build_source(cfg, ".")
    assert len(await collect(src)) == 20
    assert (await src.identity()).rows == 20


async def test_identity_stable_and_data_sensitive(cases_server: CasesServer) -> None:
    cfg = HttpSource(url=cases_server.url + "/cases", next_path="next", mapping=IDS)
    src = build_source(cfg, ".")
    a = await src.identity()
    assert a == await src.identity() and a.rows == 25
    cases_server.rows[3]["expected"] = "ham"
    assert (await src.identity()).content_hash != a.content_hash


async def test_headers_are_sent_and_secrets_masked_in_describe() -> None:
    with CasesServer(required_headers={"X-Api-Key": "tok-123"}) as server:
        url = server.url.replace("http://", "http://svc:pw999@") + "/cases?token=abc&lang=en"
        ok = HttpSource(url=url, next_path="next", headers={"X-Api-Key": "tok-123"}, mapping=IDS)
        src = build_source(ok, ".")
        assert len(await collect(src)) == 25
        desc = src.describe()
        assert "pw999" not in desc and "abc" not in desc and "lang=en" in desc
        assert "pw999" not in (await src.identity()).source
        denied = build_source(HttpSource(url=server.url + "/cases", mapping=IDS), ".")
        with pytest.raises(DatasetError, match="HTTP 401") as err:
            await collect(denied)
        assert err.value.fix and "credentials" in err.value.fix


async def test_unreachable_url_is_a_dataset_error() -> None:
    with pytest.raises(DatasetError, match="cannot reach") as err:
        await collect(build_source(HttpSource(url=closed_port_url() + "/cases"), "."))
    assert err.value.fix


async def test_html_page_and_wrong_items_path(json_server: JsonServer) -> None:
    json_server.mode = "html"
    with pytest.raises(DatasetError, match="did not answer JSON") as err:
        await collect(build_source(HttpSource(url=json_server.url), "."))
    assert "<!DOCTYPE html>" in str(err.value)
    json_server.mode = "ok"
    with pytest.raises(DatasetError, match=r"items_path path 'items' not found"):
        await collect(build_source(HttpSource(url=json_server.url), "."))


async def test_items_path_into_nested_document() -> None:
    rows = sample_rows(3)
    with JsonServer(lambda payload, request: {"data": {"results": rows}}) as server:
        src = build_source(HttpSource(url=server.url, items_path="data.results", mapping=IDS), ".")
        assert [c.id for c in await collect(src)] == ["c0", "c1", "c2"]


async def test_a_slow_page_ends_at_the_sources_timeout() -> None:
    import time

    with JsonServer(mode="hang", hang_s=5.0) as server:
        cfg = HttpSource(url=server.url + "/cases", timeout_s=0.3, mapping=IDS)
        t0 = time.monotonic()
        with pytest.raises(DatasetError) as exc:
            await collect(build_source(cfg, "."))
        assert time.monotonic() - t0 < 2.0
    assert "did not answer within 0.3s" in str(exc.value)
    assert "timeout_s" in (exc.value.fix or "")
