"""The week 6 co-design case: Cohen's kappa, the ladder, and the emotional map's data handling."""

from __future__ import annotations

import random
import runpy
from pathlib import Path

import pandas as pd
import pytest

from workbook.cases import codesign as cd
from workbook.cases.codesign import (
    RUNGS,
    SPECTRUM,
    CodesignDataError,
    agreement_table,
    band_of,
    check_ratings,
    cohen_kappa,
    emotional_map,
    load_ratings,
    load_touchpoints,
    load_vignettes,
    pairwise_kappa,
    rank_divergence,
)

ROOT = Path(__file__).resolve().parents[2]

# ---- Cohen's kappa ---------------------------------------------------------------------------

# A hand-worked example with three ordered categories and ten items.
#   coder 1: a a a a b b b c c c
#   coder 2: a a a b b b c c c a
# Table (rows coder 1, columns coder 2):   a  b  c | row total
#                                      a   3  1  0 |  4
#                                      b   0  2  1 |  3
#                                      c   1  0  2 |  3
#                             col total    4  3  3 | 10
# Observed agreement p_o = (3 + 2 + 2) / 10 = 0.70.
# Chance agreement   p_e = (4*4 + 3*3 + 3*3) / 100 = 34/100 = 0.34.
# Unweighted kappa = (0.70 - 0.34) / (1 - 0.34) = 0.36 / 0.66 = 6/11 = 0.5454...
# Linear weights (k = 3): one step apart counts 1/2 a disagreement, two steps 1.
#   observed weighted disagreement = (1/2*1 [a,b] + 1/2*1 [b,c] + 1*1 [c,a]) / 10 = 0.20
#   expected weighted disagreement = sum over cells of weight * row total * col total / 100
#     = (1/2*4*3 + 1*4*3 + 1/2*3*4 + 1/2*3*3 + 1*3*4 + 1/2*3*3) / 100 = 45/100 = 0.45
#   linearly weighted kappa = 1 - 0.20/0.45 = 5/9 = 0.5555...
HAND_1 = list("aaaabbbccc")
HAND_2 = list("aaabbbccca")
ABC = ("a", "b", "c")


def test_kappa_matches_the_hand_worked_example():
    assert cohen_kappa(HAND_1, HAND_2, ABC) == pytest.approx(6 / 11)


def test_linearly_weighted_kappa_matches_the_hand_worked_example():
    assert cohen_kappa(HAND_1, HAND_2, ABC, weights="linear") == pytest.approx(5 / 9)


def test_agreement_table_counts_each_pair():
    table = agreement_table(HAND_1, HAND_2, ABC)
    assert table.to_numpy().tolist() == [[3, 1, 0], [0, 2, 1], [1, 0, 2]]


def test_weighted_kappa_gives_near_misses_partial_credit():
    # Every disagreement is between a and c: two steps apart in the order a, b, c but one step
    # apart in the order a, c, b, so the second order must give the higher weighted kappa.
    first, second = list("aaabbbccc"), list("aacbbbcca")
    far = cohen_kappa(first, second, ("a", "b", "c"), weights="linear")
    near = cohen_kappa(first, second, ("a", "c", "b"), weights="linear")
    assert near > far
    # Unweighted kappa ignores the order altogether.
    assert cohen_kappa(first, second, ("a", "b", "c")) == pytest.approx(
        cohen_kappa(first, second, ("a", "c", "b"))
    )


def test_kappa_is_symmetric_in_the_two_coders():
    assert cohen_kappa(HAND_1, HAND_2, ABC) == pytest.approx(cohen_kappa(HAND_2, HAND_1, ABC))


def test_perfect_agreement_gives_one():
    labels = ["informing", "placation", "partnership", "informing", "citizen control"]
    assert cohen_kappa(labels, labels, RUNGS) == pytest.approx(1.0)
    assert cohen_kappa(labels, labels, RUNGS, weights="linear") == pytest.approx(1.0)


def test_agreement_exactly_at_chance_gives_zero():
    # Each coder uses a and b half the time and agrees on half the items: p_o = p_e = 0.5.
    assert cohen_kappa(list("aabb"), list("abab"), ("a", "b")) == pytest.approx(0.0)


def test_independent_random_coders_agree_at_about_chance():
    rng = random.Random(11)
    first = [rng.choice(RUNGS) for _ in range(20_000)]
    second = [rng.choice(RUNGS) for _ in range(20_000)]
    assert abs(cohen_kappa(first, second, RUNGS)) < 0.03
    assert abs(cohen_kappa(first, second, RUNGS, weights="linear")) < 0.03


def test_systematic_disagreement_is_below_zero():
    assert cohen_kappa(list("abab"), list("baba"), ("a", "b")) == pytest.approx(-1.0)


def test_labels_are_forgiving_about_case_and_spaces():
    assert (
        cohen_kappa(
            ["Delegated power", "CITIZEN-CONTROL"], ["delegated_power", "citizen control"], RUNGS
        )
        == 1.0
    )


def test_an_unknown_label_is_a_clear_value_error():
    with pytest.raises(ValueError, match=r"placement 2: 'participation' is not a recognised label"):
        cohen_kappa(["informing", "participation"], ["informing", "placation"], RUNGS)


def test_unequal_lengths_are_a_clear_value_error():
    with pytest.raises(ValueError, match="different numbers of vignettes"):
        cohen_kappa(["informing"], ["informing", "placation"], RUNGS)


def test_empty_and_single_string_inputs_are_rejected():
    with pytest.raises(ValueError, match="no placements"):
        cohen_kappa([], [], RUNGS)
    with pytest.raises(ValueError, match="list of labels"):
        cohen_kappa("informing", "informing", RUNGS)


def test_kappa_undefined_when_everyone_uses_one_category():
    with pytest.raises(ValueError, match="undefined"):
        cohen_kappa(["therapy"] * 3, ["therapy"] * 3, RUNGS)


def test_unknown_weighting_is_rejected():
    with pytest.raises(ValueError, match="weights"):
        cohen_kappa(HAND_1, HAND_2, ABC, weights="quadratic")


def test_unweighted_kappa_matches_a_direct_count_on_random_placements():
    # An independent computation from the definition, item by item, for a larger example.
    rng = random.Random(3)
    first = [rng.choice(RUNGS[:5]) for _ in range(60)]
    second = [r if rng.random() < 0.6 else rng.choice(RUNGS[:5]) for r in first]
    n = len(first)
    p_o = sum(x == y for x, y in zip(first, second, strict=True)) / n
    p_e = sum((first.count(r) / n) * (second.count(r) / n) for r in RUNGS)
    assert cohen_kappa(first, second, RUNGS) == pytest.approx((p_o - p_e) / (1 - p_e))


def test_pairwise_kappa_pools_every_pair_of_coders():
    placements = {"A": HAND_1, "B": HAND_2, "C": HAND_1}
    table = pairwise_kappa(placements, ABC)
    assert list(zip(table["coder_1"], table["coder_2"], strict=True)) == [
        ("A", "B"),
        ("A", "C"),
        ("B", "C"),
    ]
    assert table["kappa"].tolist() == pytest.approx([6 / 11, 1.0, 6 / 11])


def test_pairwise_kappa_names_the_pair_with_bad_input():
    with pytest.raises(ValueError, match="A and B: placement 1"):
        pairwise_kappa({"A": ["nonsense"], "B": ["informing"]}, RUNGS)
    with pytest.raises(ValueError, match="at least two coders"):
        pairwise_kappa({"A": ["informing"]}, RUNGS)


def test_bands_of_the_ladder():
    assert [band_of(r) for r in RUNGS] == ["non-participation"] * 2 + ["tokenism"] * 3 + [
        "citizen power"
    ] * 3


def test_the_vignettes_load_with_valid_placements():
    vignettes = load_vignettes()
    assert 10 <= len(vignettes) <= 15
    assert set(vignettes["coder_a_rung"]) <= set(RUNGS)
    assert set(vignettes["coder_b_spectrum"]) <= set(SPECTRUM)
    # The two invented coders must disagree somewhere, or the exercise has nothing to discuss.
    assert (vignettes["coder_a_rung"] != vignettes["coder_b_rung"]).any()


def test_a_bad_placement_in_the_vignettes_file_names_file_line_and_field(tmp_path):
    text = (ROOT / "case_studies/codesign/data/vignettes.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[3] = lines[3].replace(",placation,", ",halfway,", 1)
    bad = tmp_path / "vignettes.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CodesignDataError) as info:
        load_vignettes(bad)
    message = str(info.value)
    assert "vignettes.csv:4" in message and "coder_a_rung" in message and "'halfway'" in message


# ---- the emotional map ------------------------------------------------------------------------

TOUCHPOINTS = pd.DataFrame(
    {
        "touchpoint": ["T1", "T2", "T3"],
        "order": [1, 2, 3],
        "name": ["Arrive", "Wait", "Leave"],
        "description": ["", "", ""],
    }
)


def _ratings(rows):
    return pd.DataFrame(rows, columns=["touchpoint", "respondent", "group", "rating"])


SMALL = _ratings(
    [
        ("T1", "P1", "patient", 2),
        ("T1", "P2", "patient", 0),
        ("T1", "S1", "staff", 1),
        ("T2", "P1", "patient", -3),
        ("T2", "P2", "patient", -2),
        ("T2", "S1", "staff", 1),
        ("T3", "P1", "patient", 1),
        ("T3", "P2", "patient", 1),
        ("T3", "S1", "staff", -1),
    ]
)


def test_emotional_map_means_and_divergence():
    emap = emotional_map(TOUCHPOINTS, SMALL)
    assert emap["patient_mean"].tolist() == [1.0, -2.5, 1.0]
    assert emap["staff_mean"].tolist() == [1.0, 1.0, -1.0]
    assert emap["divergence"].tolist() == [0.0, -3.5, 2.0]
    assert emap["patient_n"].tolist() == [2, 2, 2]
    assert emap["patient_min"].tolist() == [0, -3, 1]


def test_divergence_ranking_puts_the_largest_gap_first_whatever_its_sign():
    ranked = rank_divergence(emotional_map(TOUCHPOINTS, SMALL))
    assert ranked["touchpoint"].tolist() == ["T2", "T3", "T1"]
    assert ranked["rank"].tolist() == [1, 2, 3]
    assert rank_divergence(emotional_map(TOUCHPOINTS, SMALL), top=1)["touchpoint"].tolist() == [
        "T2"
    ]


def test_ties_in_divergence_keep_journey_order():
    tied = SMALL.copy()
    tied.loc[tied["touchpoint"] == "T3", "rating"] = [3, 3, -0]  # patient mean 3, staff 0 -> gap 3
    tied.loc[(tied["touchpoint"] == "T2") & (tied["group"] == "staff"), "rating"] = 0  # gap 2.5
    tied.loc[(tied["touchpoint"] == "T2") & (tied["group"] == "patient"), "rating"] = [
        -3,
        -3,
    ]  # gap 3
    ranked = rank_divergence(emotional_map(TOUCHPOINTS, tied))
    assert ranked["touchpoint"].tolist()[:2] == ["T2", "T3"]


def test_a_touchpoint_without_staff_ratings_is_a_clear_error():
    rows = SMALL[~((SMALL["touchpoint"] == "T3") & (SMALL["group"] == "staff"))]
    with pytest.raises(CodesignDataError, match=r"no staff ratings for \['T3'\]"):
        emotional_map(TOUCHPOINTS, rows)


def test_a_touchpoint_with_no_ratings_at_all_is_a_clear_error():
    with pytest.raises(CodesignDataError, match=r"no patient ratings for \['T3'\]"):
        emotional_map(TOUCHPOINTS, SMALL[SMALL["touchpoint"] != "T3"])


def test_ratings_for_a_touchpoint_not_on_the_journey_are_rejected():
    extra = pd.concat([SMALL, _ratings([("T9", "P1", "patient", 1)])], ignore_index=True)
    with pytest.raises(CodesignDataError, match=r"not on the journey: \['T9'\]"):
        emotional_map(TOUCHPOINTS, extra)


@pytest.mark.parametrize("value", [4, -4, 1.5, "great"])
def test_out_of_range_or_non_numeric_ratings_are_rejected_with_their_line(value):
    bad = SMALL.astype({"rating": object}).copy()
    bad.loc[4, "rating"] = value
    with pytest.raises(CodesignDataError) as info:
        check_ratings(bad)
    message = str(info.value)
    assert ":6:" in message or "6: rating" in message  # row 4 is line 6 counting the header
    assert "rating" in message and "from -3 to +3" in message


def test_an_unknown_group_and_a_repeated_rating_are_rejected():
    bad = SMALL.copy()
    bad.loc[0, "group"] = "carer"
    with pytest.raises(CodesignDataError, match="'carer' is not one of"):
        check_ratings(bad)
    twice = pd.concat([SMALL, SMALL.iloc[[0]]], ignore_index=True)
    with pytest.raises(CodesignDataError, match="rated 'T1' twice"):
        check_ratings(twice)


def test_a_bad_rating_in_the_file_names_the_file_and_line(tmp_path):
    text = (ROOT / "case_studies/codesign/data/ratings.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    fields = lines[5].split(",")
    fields[-1] = "7"
    lines[5] = ",".join(fields)
    bad = tmp_path / "ratings.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CodesignDataError) as info:
        load_ratings(bad)
    assert "ratings.csv:6" in str(info.value) and "'7'" in str(info.value)


def test_the_case_data_load_and_cover_every_touchpoint():
    touchpoints = load_touchpoints()
    ratings = load_ratings()
    emap = emotional_map(touchpoints, ratings)
    assert len(emap) == len(touchpoints) >= 8
    assert (emap["patient_n"] >= 3).all() and (emap["staff_n"] >= 3).all()
    assert ratings["rating"].between(-3, 3).all()


def test_committed_data_are_what_the_generator_writes(tmp_path):
    generator = runpy.run_path(str(ROOT / "case_studies/codesign/generate_data.py"))
    generator["write"](tmp_path)
    for name in ("touchpoints.csv", "ratings.csv", "vignettes.csv"):
        committed = (ROOT / "case_studies/codesign/data" / name).read_bytes()
        assert (tmp_path / name).read_bytes() == committed, name


def test_package_exports_are_importable():
    for name in cd.__all__:
        assert hasattr(cd, name), name


def test_categories_with_spaces_are_accepted_as_written():
    bands = list(cd.BANDS)
    assert cohen_kappa(["citizen power", "tokenism"], ["Citizen power", "tokenism"], bands) == 1.0
