"""A Python callable as the target: `module:function`, sync or async.

The pilot is often just a function in the team's repository; calling it in-process
needs no server. Sync functions run on the target's own thread pool so one slow call
does not stall the other concurrent cases.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import functools
import hashlib
import importlib
import inspect
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from phaseone.errors import TargetConfigError, TargetException, TargetTimeout
from phaseone.plan.components import PythonTarget
from phaseone.redact import fingerprint_config
from phaseone.targets.base import TARGETS, TargetResponse, cost_of, fingerprint_of


def load_callable(path: str, base_dir: Path | None = None, *, what: str = "target") -> Any:
    """Import `module:attr.attr` from sys.path or the plan's directory."""
    module_name, _, attr_path = path.partition(":")
    if not module_name or not attr_path:
        raise TargetConfigError(
            f"{what} callable {path!r} is not `module:function`",
            fix="write it as e.g. `my_pilot.app:answer`",
        )
    if base_dir is not None:
        base = str(Path(base_dir).resolve())
        if base not in sys.path:
            sys.path.insert(0, base)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise TargetConfigError(
            f"{what} callable {path!r}: cannot import module {module_name!r} ({exc})",
            fix=f"put {module_name.replace('.', '/')}.py beside the plan "
            f"({base_dir or 'the plan directory'}) or install its package",
        ) from exc
    except Exception as exc:  # the module itself fails while importing
        raise TargetConfigError(
            f"{what} callable {path!r}: importing {module_name!r} failed: "
            f"{type(exc).__name__}: {exc}",
            fix=f"run `python -c 'import {module_name}'` to see the full error",
        ) from exc
    obj: Any = module
    for part in attr_path.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            names = [n for n in dir(module) if not n.startswith("_")]
            raise TargetConfigError(
                f"{what} callable {path!r}: {module_name!r} has no attribute {part!r}",
                fix=f"names defined there: {', '.join(names[:15]) or 'none'}",
            ) from None
    if not callable(obj):
        raise TargetConfigError(
            f"{what} callable {path!r} is a {type(obj).__name__}, not a function",
            fix="point it at a function (or a callable object)",
        )
    return obj


def code_fingerprint(fn: Any) -> dict[str, Any]:
    """Hashes of the code that answers: the callable's own source and its module's file.

    The plan names a callable by import path, and its path does not change when its
    code does; without these hashes, an edited bot would have the fingerprint of the old
    one, and the response cache (keyed by the fingerprint) would serve the old bot's
    answers as the new one's. The module file catches edits to helpers the callable
    uses; the callable's source catches a callable defined elsewhere than its module
    (a decorator, a re-export). Code that cannot be read hashes as ``None``: such a
    target's answers are then keyed by configuration only, which is why the cache is
    opt-in and never evidence.
    """
    target = inspect.unwrap(fn) if callable(fn) else fn
    if not (inspect.isfunction(target) or inspect.ismethod(target) or inspect.isclass(target)):
        target = type(target)  # a callable object: its class holds the code
    try:
        source: str | None = inspect.getsource(target)
    except (OSError, TypeError):
        source = None
    module_file: str | None = None
    module = inspect.getmodule(target)
    path = getattr(module, "__file__", None)
    if path:
        with contextlib.suppress(OSError):
            module_file = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    out: dict[str, Any] = {
        "source": hashlib.sha256(source.encode()).hexdigest() if source is not None else None,
        "module_file": module_file,
    }
    if path and module is not None:
        helpers = _local_imports(Path(path), module.__name__)
        if helpers:  # only then: a module without local helpers keeps its fingerprint
            out["helpers"] = helpers
    return out


#: At most this many local modules are followed from one callable's module.
MAX_HELPERS = 200


def _local_imports(path: Path, module_name: str) -> dict[str, str]:
    """sha256 of each module beside `path` (under the same import root: the plan's
    directory for `module:function`) that it imports, transitively, by relative path.

    A callable's behaviour lives in the helpers it imports too; an edited helper beside
    the plan is another bot under the same fingerprint otherwise. Imports are read from
    the source (`import x`, `from x import y`, `from . import y`), not from what happens to
    be loaded; an import built at run time (`importlib.import_module(name)`) is not seen.
    """
    depth = module_name.count(".") + (path.name == "__init__.py")
    root = path.parents[depth] if depth < len(path.parents) else path.parent
    seen: dict[Path, str] = {}
    todo = [path]
    while todo and len(seen) < MAX_HELPERS:
        current = todo.pop()
        try:
            data = current.read_bytes()
            tree = ast.parse(data)
        except (OSError, SyntaxError, ValueError):
            continue
        if current != path:
            seen[current] = hashlib.sha256(data).hexdigest()
        for dotted in _imported_names(tree, current, root):
            for found in _module_files(root, dotted):
                if found not in seen and found != path:
                    seen[found] = ""  # claimed; hashed when read
                    todo.append(found)
    return {p.relative_to(root).as_posix(): h for p, h in sorted(seen.items()) if h}


def _imported_names(tree: ast.AST, current: Path, root: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the current package
                base = current.parent
                for _ in range(node.level - 1):
                    base = base.parent
                try:
                    prefix = ".".join(base.relative_to(root).parts)
                except ValueError:
                    continue
            else:
                prefix = ""
            module = ".".join(p for p in (prefix, node.module or "") if p)
            if module:
                names.append(module)
            names.extend(f"{module}.{a.name}" if module else a.name for a in node.names)
    return names


def _module_files(root: Path, dotted: str) -> list[Path]:
    """The files under `root` that importing `dotted` runs (its packages' `__init__`s too)."""
    parts = dotted.split(".")
    found = []
    for i in range(1, len(parts) + 1):
        base = root.joinpath(*parts[:i])
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                found.append(candidate)
    return found


def _accepts_case(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "case" in params


#: Threads for sync callables, per target. asyncio's default pool has min(32, CPUs + 4)
#: threads (6 on a 2-core CI runner), which would silently cap an I/O-bound sync pilot
#: far below the eval's concurrency.
SYNC_THREADS = 128


class PythonCallTarget:
    """Calls the function with the case input (and `case=` if the function declares it)."""

    def __init__(self, config: PythonTarget, base_dir: Path) -> None:
        self.config = config
        self.price = config.price
        self.fn = load_callable(config.callable, base_dir)
        call_method = getattr(self.fn, "__call__", None)  # noqa: B004
        self.is_async = inspect.iscoroutinefunction(self.fn) or inspect.iscoroutinefunction(
            call_method
        )
        self.pass_case = _accepts_case(self.fn)
        self.label = f"python {config.callable}"
        self._executor: ThreadPoolExecutor | None = None
        self.fingerprint = fingerprint_of(
            {**fingerprint_config(config), "code": code_fingerprint(self.fn)}
        )

    async def _invoke(self, input: Any, case: Any) -> Any:
        kwargs = dict(self.config.kwargs)
        if self.pass_case:
            kwargs["case"] = case
        if self.is_async:
            return await self.fn(input, **kwargs)
        if self._executor is None:
            self._executor = ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="phaseone-target")
        loop = asyncio.get_running_loop()
        call = functools.partial(self.fn, input, **kwargs)
        result = await loop.run_in_executor(self._executor, call)
        if inspect.isawaitable(result):  # a sync wrapper returning a coroutine
            result = await result
        return result

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        start = time.perf_counter()
        try:
            result = await asyncio.wait_for(self._invoke(input, case), self.config.timeout_s)
        except TimeoutError as exc:
            raise TargetTimeout(
                f"{self.label}: no answer within {self.config.timeout_s:g}s",
                fix="raise the target's timeout_s, or make the function faster",
            ) from exc
        except Exception as exc:
            raise TargetException(f"{self.label} raised {type(exc).__name__}: {exc}") from exc
        latency_ms = (time.perf_counter() - start) * 1000
        input_tokens = output_tokens = None
        output = result
        if isinstance(result, dict) and "output" in result:
            output = result["output"]
            input_tokens = _int_or_none(result.get("input_tokens"))
            output_tokens = _int_or_none(result.get("output_tokens"))
        return TargetResponse(
            output=output,
            latency_ms=latency_ms,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            cost=cost_of(self.price, input_tokens, output_tokens),
            raw=result,
        )

    async def aclose(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _int_or_none(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@TARGETS.register("python")
def python_target(config: PythonTarget, base_dir: Path) -> PythonCallTarget:
    return PythonCallTarget(config, base_dir)
