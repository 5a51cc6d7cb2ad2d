"""The host's files follow the branch file, not the working folder; a missing database is not remade silently."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from queue_host.client import HostClient
from queue_host.config import DEFAULT_PATH, beside, load
from tests.installed import FENLIU, free_port, make_branch, refused, serving
from tests.test_tls import sheet_secrets


@pytest.fixture
def branch(tmp_path) -> dict:
    """A fresh branch folder (database var/fenliu.db, relative) and two unrelated working folders."""
    folder = tmp_path / "branch"
    url = make_branch(folder)
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
    return {"folder": folder, "url": url, "ca": folder / "ca.pem",
            "argv": [FENLIU, "host", "--config", str(folder / "branch.toml")]}


def test_relative_paths_in_the_branch_file_are_read_in_its_folder_and_absolute_ones_as_written(branch):
    cfg = load(branch["folder"] / "branch.toml")
    assert beside(cfg, cfg.database) == branch["folder"].resolve() / "var" / "fenliu.db"
    assert beside(cfg, cfg.tls_key) == branch["folder"].resolve() / "host-key.pem"
    assert beside(cfg, "/srv/fenliu/fenliu.db") == Path("/srv/fenliu/fenliu.db")


def test_the_host_opens_the_same_database_whichever_folder_it_is_started_from(branch, tmp_path):
    kiosk = sheet_secrets(branch["folder"])["kiosk"]["token"]
    with serving(branch["argv"], tmp_path / "first", branch["url"], branch["ca"], tmp_path / "one.log"):
        ticket = HostClient(branch["url"], kiosk, ca=str(branch["ca"])).visit("cash", amount_cny=30000)["ticket"]
        seq = HostClient(branch["url"], ca=str(branch["ca"])).health()["seq"]
    with serving(branch["argv"], tmp_path / "second", branch["url"], branch["ca"], tmp_path / "two.log"):
        again = HostClient(branch["url"], ca=str(branch["ca"])).health()
    assert ticket["number"] and seq >= 1 and again["seq"] == seq  # the visit of the first start is still there
    assert (branch["folder"] / "var" / "fenliu.db").is_file()
    assert not list((tmp_path / "first").iterdir()) and not list((tmp_path / "second").iterdir())


def test_a_missing_database_is_refused_with_its_path_and_what_to_do_until_new_database_is_passed(branch, tmp_path):
    with serving(branch["argv"], tmp_path / "first", branch["url"], branch["ca"], tmp_path / "one.log"):
        pass
    db = branch["folder"] / "var" / "fenliu.db"
    shutil.rmtree(db.parent)  # a disk not mounted, a folder wiped
    done = refused(branch["argv"], tmp_path / "second")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.index("本网点的数据库不见了") < done.stderr.index("this branch's database is missing")
    assert str(db.resolve()) in done.stderr and "--new-database" in done.stderr and "fenliu restore" in done.stderr
    assert not db.exists()  # nothing was made
    with serving([*branch["argv"], "--new-database"], tmp_path / "second", branch["url"], branch["ca"],
                 tmp_path / "two.log"):
        assert HostClient(branch["url"], ca=str(branch["ca"])).health()["seq"] == 0
    assert db.is_file()


def test_without_config_the_host_runs_the_branch_file_in_config_of_its_working_folder(tmp_path):
    port = free_port("127.0.0.1")
    (tmp_path / "config").mkdir()
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace("port = 8600", f"port = {port}")
    (tmp_path / "config" / "branch.toml").write_text(text, encoding="utf-8")
    url = f"http://127.0.0.1:{port}"
    with serving([FENLIU, "host", "--allow-demo-secrets"], tmp_path, url, tmp_path / "no-ca.pem", tmp_path / "h.log"):
        pass
    assert (tmp_path / "config" / "var" / "fenliu.db").is_file()


def test_without_config_or_a_config_folder_the_host_refuses_and_says_what_to_pass(tmp_path):
    done = refused([FENLIU, "host"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "没有网点配置文件" in done.stderr and "--config" in done.stderr and "fenliu init-branch" in done.stderr
    help_text = refused([FENLIU, "host", "--help"], tmp_path).stdout
    assert "config/branch.toml in the working folder" in " ".join(help_text.split())
