"""The synthetic Italian lengths of stay reproduce the published means they claim."""

import pytest

from workbook.cases.italy_lean import PUBLISHED_MEANS, hip_stays


def test_phase_means_equal_the_published_means():
    stays = hip_stays()
    means = stays.groupby("phase")["stay_days"].mean()
    assert means["before"] == pytest.approx(PUBLISHED_MEANS["before"], abs=0.005)
    assert means["after"] == pytest.approx(PUBLISHED_MEANS["after"], abs=0.005)
    assert (stays["stay_days"] > 0).all()
    assert list(stays["patient"]) == list(range(1, 101))


def test_same_seed_same_stays_and_another_seed_differs():
    assert hip_stays(seed=1).equals(hip_stays(seed=1))
    assert not hip_stays(seed=1).equals(hip_stays(seed=2))


@pytest.mark.parametrize("kwargs", [{"n_before": 1}, {"n_after": 2.5}, {"cv": 0}])
def test_bad_arguments_name_the_field(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        hip_stays(**kwargs)
