"""An HTTP JSON endpoint returning cases, paginated by next-link or by page number."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import aiohttp
from yarl import URL

from phaseone.datasets.base import SOURCES
from phaseone.datasets.rows import Row, RowSource, Where
from phaseone.errors import DatasetError
from phaseone.jsonpath import PathNotFound, get_path
from phaseone.plan.components import HttpSource
from phaseone.redact import mask_url
from phaseone.wire import quote


class HttpCases(RowSource):
    def __init__(self, config: HttpSource, base_dir: Path | None = None) -> None:
        self.config = config
        self.mapping = config.mapping
        self.label = f"http {mask_url(config.url)}"

    def describe(self) -> str:
        return self.label

    async def _get(self, session: aiohttp.ClientSession, url: str, page: int) -> Any:
        shown = mask_url(url)
        try:
            async with session.get(url, headers=self.config.headers) as resp:
                raw = await resp.read()
                status = resp.status
        except TimeoutError:
            raise DatasetError(
                f"page {page}: {shown} did not answer within {self.config.timeout_s:g}s",
                source=self.label,
                fix="check the endpoint, page it in smaller pages, or raise the source's"
                " `timeout_s`",
            ) from None
        except (aiohttp.ClientError, ValueError) as exc:
            raise DatasetError(
                f"page {page}: cannot reach {shown} ({exc})",
                source=self.label,
                fix="check the URL and that the service is running and reachable",
            ) from None
        body = raw.decode("utf-8", errors="replace")
        if status >= 400:
            raise DatasetError(
                f"page {page}: {shown} answered HTTP {status}: {quote(body)}",
                source=self.label,
                fix="check the URL and the headers (credentials via ${ENV_VAR})"
                if status in (401, 403)
                else "check the URL and the service's logs",
            )
        try:
            return json.loads(body)
        except ValueError:
            raise DatasetError(
                f"page {page}: {shown} did not answer JSON: {quote(body)}",
                source=self.label,
                fix="point the dataset at the JSON API, not a web page",
            ) from None

    def _items(self, doc: Any, page: int) -> list[Any]:
        try:
            items = get_path(doc, self.config.items_path)
        except PathNotFound as exc:
            raise DatasetError(
                f"page {page}: items_path {exc}",
                source=self.label,
                fix="set `items_path` to where the list of cases is in each page",
            ) from None
        if items is None:
            return []
        if not isinstance(items, list):
            raise DatasetError(
                f"page {page}: items_path '{self.config.items_path}' is a "
                f"{type(items).__name__}, not a list",
                source=self.label,
                fix="set `items_path` to the list of cases in each page",
            )
        return items

    def _next_link(self, doc: Any, current: str) -> str | None:
        assert self.config.next_path is not None
        try:
            nxt = get_path(doc, self.config.next_path)
        except PathNotFound:
            return None  # the last page often omits the link altogether
        if not nxt or not isinstance(nxt, str):
            return None
        return urljoin(current, nxt)

    async def rows(self) -> AsyncIterator[tuple[Where, Row]]:
        cfg = self.config
        page_no = 1
        if cfg.page_param:
            start = URL(cfg.url).query.get(cfg.page_param)
            page_no = int(start) if start and start.isdigit() else 1
        url: str | None = cfg.url
        seen: set[str] = set()
        timeout = aiohttp.ClientTimeout(total=cfg.timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for page in range(1, cfg.max_pages + 1):
                if cfg.page_param:
                    url = str(URL(cfg.url).update_query({cfg.page_param: str(page_no)}))
                if url is None or url in seen:  # no next link, or a link back: done
                    return
                seen.add(url)
                doc = await self._get(session, url, page)
                items = self._items(doc, page)
                if not items:
                    return
                for j, item in enumerate(items, 1):
                    if not isinstance(item, dict):
                        raise DatasetError(
                            f"page {page} item {j} is a {type(item).__name__}, not an object",
                            source=self.label,
                            fix="each case must be a JSON object with the mapped fields",
                        )
                    yield Where(f"page {page} item {j}"), item
                if cfg.next_path:
                    url = self._next_link(doc, url)
                elif cfg.page_param:
                    page_no += 1
                else:
                    return


@SOURCES.register("http")
def http_source(config: HttpSource, base_dir: Path, store: object = None) -> HttpCases:
    return HttpCases(config, base_dir)
