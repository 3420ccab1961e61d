"""The week 4 case's recorded results are exactly what its generator writes."""

import shutil
import subprocess
import sys


def test_the_generator_rewrites_the_committed_files_exactly(tmp_path, repo_root):
    case = repo_root / "case_studies" / "ed-flow"
    copy = tmp_path / "ed-flow"
    shutil.copytree(case, copy)
    subprocess.run(
        [sys.executable, str(copy / "generate_data.py")], check=True, capture_output=True
    )
    for name in ("scenario_means.csv", "italy_hip_stays.csv"):
        assert (copy / "data" / name).read_bytes() == (case / "data" / name).read_bytes(), name
