"""JSONL, CSV and YAML sources: mapping, tags, ids, identity, located errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phaseone.datasets import Case, build_source, content_id
from phaseone.errors import DatasetError
from phaseone.plan.components import CsvSource, JsonlSource, Mapping, YamlSource


async def collect(src: Any) -> list[Case]:
    return [c async for c in src.cases()]


def write_jsonl(path: Path, rows: list[Any]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


# --- jsonl ---------------------------------------------------------------------------


async def test_jsonl_maps_rows_to_cases(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "cases.jsonl",
        [
            {
                "id": 1,
                "input": "win cash",
                "expected": "spam",
                "tags": ["edge", "sms"],
                "lang": "en",
            },
            {"id": 2, "input": {"q": "lunch?"}, "expected": "ham", "tags": "happy, short"},
        ],
    )
    (tmp_path / "cases.jsonl").open("a").write("\n   \n")  # blank lines are skipped
    src = build_source(JsonlSource(path="cases.jsonl", mapping=Mapping(id="id")), tmp_path)
    cases = await collect(src)
    assert [c.id for c in cases] == ["1", "2"]
    assert cases[0].input == "win cash" and cases[0].expected == "spam"
    assert cases[0].tags == ("edge", "sms") and cases[0].metadata == {"lang": "en"}
    assert cases[1].input == {"q": "lunch?"} and cases[1].tags == ("happy", "short")
    assert src.describe() == "jsonl cases.jsonl"


async def test_jsonl_without_id_column_uses_content_ids_and_numbers_repeats(
    tmp_path: Path,
) -> None:
    write_jsonl(
        tmp_path / "c.jsonl",
        [{"input": "a", "expected": "x"}, {"input": "b"}, {"input": "a", "expected": "x"}],
    )
    cases = await collect(build_source(JsonlSource(path="c.jsonl"), tmp_path))
    first = content_id("a", "x")
    assert [c.id for c in cases] == [first, content_id("b", None), f"{first}~2"]
    assert cases[1].expected is None and cases[1].tags == ()


async def test_jsonl_malformed_line_names_file_and_line_number(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"input": "ok"}\n\n{"input": "broken"\n{"input": "x"}\n')
    src = build_source(JsonlSource(path="bad.jsonl"), tmp_path)
    with pytest.raises(DatasetError) as err:
        await collect(src)
    assert err.value.line == 3
    assert str(err.value).startswith("bad.jsonl:3: malformed JSON")
    assert err.value.fix and "one complete JSON object" in err.value.fix
    with pytest.raises(DatasetError, match=r"bad.jsonl:3"):
        await src.identity()


async def test_jsonl_line_that_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_text('{"input": "ok"}\n["a", "b"]\n')
    with pytest.raises(DatasetError, match=r"c.jsonl:2: expected a JSON object, got list"):
        await collect(build_source(JsonlSource(path="c.jsonl"), tmp_path))


async def test_missing_input_field_names_the_line_and_suggests(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"text": "hi", "expected": "ham"}])
    with pytest.raises(DatasetError) as err:
        await collect(build_source(JsonlSource(path="c.jsonl"), tmp_path))
    msg = str(err.value)
    assert msg.startswith("c.jsonl:1: no column 'input' for mapping.input")
    assert "'text'" in msg and "'expected'" in msg


async def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "a", "input": 1}, {"id": "b", "input": 2}, {"id": "a", "input": 3}],
    )
    src = build_source(JsonlSource(path="c.jsonl", mapping=Mapping(id="id")), tmp_path)
    with pytest.raises(DatasetError) as err:
        await collect(src)
    assert str(err.value) == "c.jsonl:3: duplicate case id 'a' (first at line 1)"
    with pytest.raises(DatasetError, match="duplicate case id"):
        await src.identity()  # a run computes identity first: bad data fails before any call


async def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="file not found") as err:
        await collect(build_source(JsonlSource(path="nope.jsonl"), tmp_path))
    assert err.value.fix and "relative to the plan" in err.value.fix
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(DatasetError, match="no cases"):
        await collect(build_source(JsonlSource(path="empty.jsonl"), tmp_path))


async def test_identity_is_stable_and_changes_with_the_data(tmp_path: Path) -> None:
    rows = [{"input": f"m{i}", "expected": "ham"} for i in range(50)]
    write_jsonl(tmp_path / "c.jsonl", rows)
    src = build_source(JsonlSource(path="c.jsonl"), tmp_path)
    a, b = await src.identity(), await src.identity()
    assert a == b and a.rows == 50 and len(a.content_hash) == 64
    assert a.as_dict()["source"] == "jsonl c.jsonl"
    rows[10]["expected"] = "spam"
    write_jsonl(tmp_path / "c.jsonl", rows)
    c = await src.identity()
    assert c.rows == 50 and c.content_hash != a.content_hash
    write_jsonl(tmp_path / "c.jsonl", rows[:-1])
    assert (await src.identity()).rows == 49


async def test_early_stop_releases_the_reader(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"input": i} for i in range(2000)])
    src = build_source(JsonlSource(path="c.jsonl"), tmp_path)
    gen = src.cases()
    first = [await gen.__anext__() for _ in range(3)]
    await gen.aclose()
    assert [c.input for c in first] == [0, 1, 2]


# --- csv -----------------------------------------------------------------------------


async def test_csv_with_header_mapping_and_tags(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        'msg_id;body;label;labels\nm1;WIN a prize;spam;edge,sms\nm2;"lunch; today";ham;\n'
    )
    cfg = CsvSource(
        path="c.csv",
        delimiter=";",
        mapping=Mapping(id="msg_id", input="body", expected="label", tags="labels"),
    )
    cases = await collect(build_source(cfg, tmp_path))
    assert [(c.id, c.input, c.expected, c.tags) for c in cases] == [
        ("m1", "WIN a prize", "spam", ("edge", "sms")),
        ("m2", "lunch; today", "ham", ()),
    ]


async def test_csv_missing_column_lists_columns_and_suggests(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("id,text,label\n1,hello,ham\n")
    cfg = CsvSource(path="c.csv", mapping=Mapping(input="txt", expected="label"))
    with pytest.raises(DatasetError) as err:
        await collect(build_source(cfg, tmp_path))
    msg = str(err.value)
    assert "no column 'txt' for mapping.input" in msg
    assert "'id', 'text', 'label'" in msg
    assert err.value.fix and "did you mean 'text'?" in err.value.fix


async def test_csv_default_expected_column_is_optional(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("input\nhello\nbye\n")
    cases = await collect(build_source(CsvSource(path="c.csv"), tmp_path))
    assert [(c.input, c.expected) for c in cases] == [("hello", None), ("bye", None)]


async def test_csv_row_with_too_many_fields(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("input,expected\na,b\nc,d,e\n")
    with pytest.raises(DatasetError, match=r"c.csv:3: row has more fields"):
        await collect(build_source(CsvSource(path="c.csv"), tmp_path))


# --- yaml ----------------------------------------------------------------------------


async def test_yaml_list_of_cases(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "- id: a\n  input: hello\n  expected: ham\n  tags: [happy]\n"
        "- id: b\n  input: {text: WIN, n: 2}\n  expected: spam\n"
    )
    cases = await collect(
        build_source(YamlSource(path="c.yaml", mapping=Mapping(id="id")), tmp_path)
    )
    assert [(c.id, c.input, c.tags) for c in cases] == [
        ("a", "hello", ("happy",)),
        ("b", {"text": "WIN", "n": 2}, ()),
    ]


async def test_yaml_cases_key_and_item_line_numbers(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("cases:\n  - input: a\n  - 42\n")
    with pytest.raises(DatasetError, match=r"c.yaml:3: case 2 is a int, not a mapping"):
        await collect(build_source(YamlSource(path="c.yaml"), tmp_path))


async def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("- input: a\n- input: [unclosed\n- input: c\n")
    with pytest.raises(DatasetError) as err:
        await collect(build_source(YamlSource(path="c.yaml"), tmp_path))
    assert "invalid YAML" in str(err.value) and err.value.line is not None


async def test_yaml_not_a_list(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("input: a\n")
    with pytest.raises(DatasetError, match="expected a list of cases"):
        await collect(build_source(YamlSource(path="c.yaml"), tmp_path))
