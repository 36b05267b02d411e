"""Reproduce the shipped data files of the Responsible ML course.

Usage::

    pip download --no-deps fairness==0.1.8 -d /tmp/fairness
    python datasets/prepare.py /tmp/fairness/fairness-0.1.8-py3-none-any.whl

The argument is the downloaded archive of the ``fairness`` package (Apache-2.0), either the
wheel or the sdist (``.tar.gz``); it carries the UCI Adult file and ProPublica's COMPAS
two-year file. The script writes, next to itself:

- ``adult.csv.gz``      tidy UCI Adult (32,561 rows)
- ``compas.csv.gz``     ProPublica COMPAS two-year file without names, birth dates, case
                        numbers or exact dates (7,214 rows)
- ``case_study.csv.gz`` the synthetic case study, ``make_case_study()`` with defaults
- ``SHA256SUMS``        checksums of the three files

Gzip files are written with ``mtime=0`` so the bytes (and checksums) are reproducible.
This script is never run at lesson time.
"""

from __future__ import annotations

import hashlib
import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))

from responsible_ml.data._case_study import make_case_study  # noqa: E402

ADULT_MEMBER = "data/raw/adult.csv"
COMPAS_MEMBER = "data/raw/propublica-recidivism.csv"
GZIP = {"method": "gzip", "mtime": 0, "compresslevel": 9}

ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education_num", "marital_status",
    "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
    "hours_per_week", "native_country", "income",
]  # fmt: skip

COMPAS_COLUMNS = [
    "row_id", "sex", "age", "age_cat", "race",
    "juv_fel_count", "juv_misd_count", "juv_other_count", "priors_count",
    "days_b_screening_arrest", "c_days_from_compas", "c_charge_degree", "c_charge_desc",
    "length_of_stay",
    "decile_score", "score_text", "v_decile_score", "v_score_text",
    "is_recid", "r_charge_degree", "is_violent_recid", "two_year_recid",
    "start", "end", "event", "high_risk",
]  # fmt: skip


def read_member(archive: Path, member_suffix: str) -> bytes:
    """Return the bytes of the archive member whose path ends with `member_suffix`."""
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if n.endswith(member_suffix)]
            if names:
                return zf.read(names[0])
    else:
        with tarfile.open(archive) as tf:
            members = [m for m in tf.getmembers() if m.name.endswith(member_suffix)]
            if members:
                return tf.extractfile(members[0]).read()
    raise SystemExit(f"{member_suffix} not found in {archive}")


def prepare_adult(raw: bytes) -> pd.DataFrame:
    df = pd.read_csv(io.BytesIO(raw), skipinitialspace=True, na_values=["?"])
    df.columns = ADULT_COLUMNS
    for col in df.columns:
        if df[col].dtype.kind not in "iuf":
            df[col] = df[col].str.strip()
    df["income_over_50k"] = (df["income"] == ">50K").astype("int64")
    assert df.shape == (32561, 16), df.shape
    return df


def prepare_compas(raw: bytes) -> pd.DataFrame:
    src = pd.read_csv(io.BytesIO(raw))
    assert src.shape == (7214, 53), src.shape
    # The source repeats two columns; check they are true duplicates before dropping them.
    assert (src["decile_score"] == src["decile_score.1"]).all()
    assert (src["priors_count"] == src["priors_count.1"]).all()
    df = src.copy()
    # `id` is ProPublica's key into their database (which holds the names): replace it.
    df["row_id"] = range(len(df))
    # Length of the jail stay around the COMPAS screening, in whole days, as ProPublica
    # computes it (difference of the calendar dates); replaces the two timestamps.
    jail_in = pd.to_datetime(df["c_jail_in"]).dt.normalize()
    jail_out = pd.to_datetime(df["c_jail_out"]).dt.normalize()
    df["length_of_stay"] = (jail_out - jail_in).dt.days.astype("float64")
    df["high_risk"] = df["score_text"].isin(["Medium", "High"]).astype("int64")
    return df[COMPAS_COLUMNS]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    archive = Path(argv[1])
    prepare_adult(read_member(archive, ADULT_MEMBER)).to_csv(
        HERE / "adult.csv.gz", index=False, compression=GZIP
    )
    prepare_compas(read_member(archive, COMPAS_MEMBER)).to_csv(
        HERE / "compas.csv.gz", index=False, compression=GZIP
    )
    make_case_study().to_csv(
        HERE / "case_study.csv.gz", index=False, compression=GZIP, date_format="%Y-%m-%d"
    )
    names = ["adult.csv.gz", "compas.csv.gz", "case_study.csv.gz"]
    lines = [f"{sha256(HERE / n)}  {n}\n" for n in names]
    (HERE / "SHA256SUMS").write_text("".join(lines))
    print("".join(lines), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
