"""The diff shown before publishing: indicators added or removed, actual / rating / status changes, new dates."""

from __future__ import annotations

import copy
from datetime import date

import openpyxl

from conftest import DECEMBER, JUNE, MAY, THREE_DATES_RESULTS, three_dates_content, valid_content
from jwp_data import read_workbook
from jwp_data.method.diff import diff_matrices
from jwp_data.present.diff_tables import Piece, changes_html, changes_table, indicators_table, pieces_html, word_diff
from tests.paths import SHIPPED_WORKBOOK


def _matrix(make_book, **changes):
    return read_workbook(make_book(**changes))


def _results(**overrides):
    """The valid Results rows with some indicators' first row changed: I1={"actual": 6}."""
    rows = valid_content()["Results"]
    for row in rows:
        row.update(overrides.get(row["indicator_id"], {}))
    return rows


def test_the_same_workbook_gives_an_empty_diff(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book))
    assert diff.empty
    assert diff.changes == () and diff.added.empty and diff.removed.empty and diff.new_dates == ()


def test_an_actual_that_moves_is_listed_old_to_new(make_book):
    old = _matrix(make_book)
    new = _matrix(make_book, Results=_results(I1={"actual": 6}))
    diff = diff_matrices(old, new)
    assert [(c.indicator_id, c.field, c.old, c.new) for c in diff.changes] == [("I1", "actual", 5.0, 6.0)]
    table = changes_table(diff, "en")
    assert table.to_dict("records") == [
        {"Indicator or objective": "I1", "What": "Actual", "Published": "5", "This file": "6"}
    ]


def test_a_percent_reaching_its_target_changes_actual_and_status(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=_results(I2={"actual": 50})))
    assert changes_table(diff, "en").values.tolist() == [
        ["I2", "Actual", "20%", "50%"],
        ["I2", "Status", "⚠ Behind", "✔ Achieved"],
    ]


def test_a_milestone_rating_change_shows_rating_and_status_in_words(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=_results(I3={"rating": "achieved"})))
    table = changes_table(diff, "zh")
    assert list(table.columns) == ["指标或目标", "项目", "已发布", "此文件"]
    assert table.iloc[0].tolist() == ["I3", "评级", "进行中", "已实现"]
    assert table.iloc[1, 1] == "状态" and table.iloc[1, 3].endswith("已实现")


def test_a_new_qualifier_alone_counts_as_an_actual_change(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=_results(I1={"qualifier": ">"})))
    assert changes_table(diff, "en").values.tolist() == [["I1", "Actual", "5", "5+"]]


def test_a_removed_actual_shows_a_dash_and_no_data(make_book):
    results = [r for r in valid_content()["Results"] if r["indicator_id"] != "I2"]
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=results))
    assert changes_table(diff, "en").values.tolist() == [
        ["I2", "Actual", "20%", "—"],
        ["I2", "Status", "⚠ Behind", "– No data"],
    ]


def test_indicators_added_and_removed_are_listed_with_their_wording(make_book):
    indicators = valid_content()["Indicators"]
    indicators[1] = {**indicators[1], "indicator_id": "I2b", "indicator_en": "Parties using the guidance"}
    results = [{**r, "indicator_id": "I2b"} if r["indicator_id"] == "I2" else r for r in valid_content()["Results"]]
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Indicators=indicators, Results=results))
    assert indicators_table(diff, "added", "en").values.tolist() == [["I2b", "OO1", "Parties using the guidance"]]
    assert indicators_table(diff, "removed", "en").values.tolist() == [["I2", "OO1", "Recommendations reflected"]]
    assert diff.changes == ()  # an indicator in only one file has no "before" or "now"
    assert not diff.empty


def test_new_reporting_dates_are_listed(make_book):
    results = valid_content()["Results"] + [{"indicator_id": "I1", "reported_on": date(2010, 12, 31), "actual": 3}]
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=results))
    assert diff.new_dates == (date(2010, 12, 31),)
    # the current result (31 May 2011) is unchanged; the new date's result is listed on its date
    assert changes_table(diff, "en").values.tolist() == [["I1", "Actual, 31 December 2010", "—", "3"]]
    assert not diff.empty


def test_a_later_as_of_date_can_change_a_status_alone(make_book):
    # 40% of the way to the target: on track at the end of June 2010, behind once the period is over
    early = {**valid_content()["Programme"], "as_of": date(2010, 6, 30)}
    late = {**valid_content()["Programme"], "as_of": date(2011, 12, 31)}
    results = [{"indicator_id": "I2", "reported_on": date(2010, 6, 30), "actual": 20}]
    diff = diff_matrices(
        _matrix(make_book, Programme=early, Results=results, Evidence=None),
        _matrix(make_book, Programme=late, Results=results, Evidence=None),
    )
    assert (diff.old_as_of, diff.new_as_of) == (date(2010, 6, 30), date(2011, 12, 31))
    assert changes_table(diff, "en").values.tolist() == [["I2", "Status", "↗ On track", "⚠ Behind"]]


def _three_dates(make_book, **changes):
    content = three_dates_content()
    for sheet, rows in changes.items():
        content[sheet] = rows
    return read_workbook(make_book(**content))


def _changed_result(indicator_id, on, **fields):
    rows = copy.deepcopy(THREE_DATES_RESULTS)
    for row in rows:
        if row["indicator_id"] == indicator_id and row["reported_on"] == on:
            row.update(fields)
    return rows


def test_a_value_changed_on_an_earlier_reporting_date_is_listed_with_its_date(make_book):
    old = _three_dates(make_book)
    new = _three_dates(make_book, Results=_changed_result("I2", JUNE, actual=15))
    table = changes_table(diff_matrices(old, new), "en")
    assert table.values.tolist() == [["I2", "Actual, 30 June 2010", "10%", "15%"]]
    assert changes_table(diff_matrices(old, new), "zh").iloc[0, 1] == "实际值（2010年6月30日）"


def test_an_earlier_rating_change_is_listed_and_the_current_one_once(make_book):
    old = _three_dates(make_book)
    rows = _changed_result("I3", JUNE, rating="in progress")
    rows = [
        r if not (r["indicator_id"] == "I3" and r["reported_on"] == MAY) else {**r, "rating": "achieved"} for r in rows
    ]
    table = changes_table(diff_matrices(old, _three_dates(make_book, Results=rows)), "en")
    assert table.values.tolist() == [
        ["I3", "Rating", "In progress", "Achieved"],
        ["I3", "Status", "▶ In progress", "✔ Achieved"],
        ["I3", "Rating, 30 June 2010", "Not started", "In progress"],
    ]


def test_the_issue_case_an_empty_actual_filled_in_on_the_default_workbook(tmp_path):
    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)
    sheet = book["Results"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("indicator_id")].value == "OO5-EA1":
            row[header.index("actual")].value = 10
    book.save(tmp_path / "changed.xlsx")
    diff = diff_matrices(read_workbook(SHIPPED_WORKBOOK), read_workbook(tmp_path / "changed.xlsx"))
    assert ["OO5-EA1", "Actual", "—", "10%"] in changes_table(diff, "en").values.tolist()


def test_a_changed_narrative_and_source_are_listed(make_book):
    old = _three_dates(make_book)
    new = _three_dates(
        make_book, Results=_changed_result("I1", DECEMBER, performance_en="Three sets sent", source="ICCD/CRIC(9)/2")
    )
    assert changes_table(diff_matrices(old, new), "en").values.tolist() == [
        ["I1", "Performance narrative (English), 31 December 2010", "—", "Three sets sent"],
        ["I1", "Source, 31 December 2010", "—", "ICCD/CRIC(9)/2"],
    ]


def test_evidence_items_added_and_removed_are_listed(make_book):
    evidence = valid_content()["Evidence"]
    gone = evidence.pop(0)
    evidence.append({**gone, "item_en": "Bonn dialogue", "item_zh": "波恩对话"})
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Evidence=evidence))
    indicator = gone["indicator_id"]
    assert changes_table(diff, "zh").values.tolist() == [
        [indicator, "证据", "—", "波恩对话"],
        [indicator, "证据", f"{gone['item_en']} [英文]", "—"],  # no Chinese: the English, marked
    ]
    assert not diff.empty


def test_a_changed_target_and_baseline_are_listed_with_the_status_they_move(make_book):
    indicators = valid_content()["Indicators"]
    indicators[1] = {**indicators[1], "target": 20}
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Indicators=indicators))
    rows = changes_table(diff, "en").values.tolist()
    assert rows[0][:2] == ["I2", "Target"] and rows[0][3] == "20%"
    assert ["I2", "Status", "⚠ Behind", "✔ Achieved"] in rows


def test_changed_wording_and_titles_are_listed(make_book):
    indicators = valid_content()["Indicators"]
    indicators[0] = {**indicators[0], "indicator_en": "Forums reached"}
    objectives = valid_content()["Objectives"]
    objectives[0] = {**objectives[0], "title_en": "Advocacy and awareness"}
    programme = {**valid_content()["Programme"], "title_en": "Renamed programme"}
    diff = diff_matrices(
        _matrix(make_book), _matrix(make_book, Indicators=indicators, Objectives=objectives, Programme=programme)
    )
    rows = changes_table(diff, "en").values.tolist()
    assert [r[:2] for r in rows] == [
        ["TEST-1", "Title (English)"],
        ["OO1", "Title (English)"],
        ["I1", "Indicator wording (English)"],
    ]
    assert (
        rows[0][3] == "Renamed programme" and rows[1][3] == "Advocacy and awareness" and rows[2][3] == "Forums reached"
    )


LONG = " ".join(f"word{i}" for i in range(60))


def test_an_appended_sentence_is_the_one_added_piece_and_the_long_same_stretch_is_shortened():
    before, after = word_diff(LONG, LONG + " A new sentence.")
    assert [p.kind for p in after] == ["skipped", "same", "added"]
    assert after[-1] == Piece("added", " A new sentence.")
    assert after[1].text.endswith("word59") and "word10 " not in after[1].text
    assert [p.kind for p in before] == ["skipped", "same"]


def test_a_changed_word_in_the_middle_is_struck_in_the_old_text_and_marked_in_the_new():
    before, after = word_diff(LONG, LONG.replace("word30", "thirty"))
    assert [p.kind for p in before] == ["skipped", "same", "removed", "same", "skipped"]
    assert Piece("removed", "word30") in before and Piece("added", "thirty") in after
    assert before[1].text.endswith("word29 ") and before[3].text.startswith(" word31")


def test_chinese_is_compared_character_by_character():
    before, after = word_diff("为第四届全球环境基金大会编写的材料", "为第五届全球环境基金大会编写的新材料")
    assert pieces_html(before) == "为第<del>四</del>届全球环境基金大会编写的材料"
    assert pieces_html(after) == "为第<ins>五</ins>届全球环境基金大会编写的<ins>新</ins>材料"


def test_every_text_of_a_compared_pair_is_escaped():
    before, after = word_diff("Plain words here and there and everywhere too.", "<b>x</b> [a](http://y) & words")
    shown = pieces_html(before) + pieces_html(after)
    assert "&lt;b&gt;x&lt;/b&gt;" in shown and "&amp;" in shown and "<b>" not in shown


def test_the_change_list_table_holds_both_texts_whole_and_escaped(make_book):
    narrative = "Held with UNDP in Nairobi on aligning the <i>national</i> programmes."
    old = _matrix(make_book, Results=_results(I1={"performance_en": narrative}))
    new = _matrix(make_book, Results=_results(I1={"performance_en": narrative + " Another followed."}))
    shown = changes_html(diff_matrices(old, new), "en")
    assert "<ins> Another followed.</ins>" in shown
    assert "&lt;i&gt;national&lt;/i&gt;" in shown and "<i>" not in shown
    assert shown.count("<td>") == 3 and "table-layout:fixed" in shown  # what, published, this file
    chinese = changes_html(diff_matrices(old, new), "zh")
    assert "已发布" in chinese and "此文件" in chinese and "删除线" in chinese
