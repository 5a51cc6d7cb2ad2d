"""The branch file's [hq] table: head office's DSN without its password, the branch id, bounds; typos refused."""
from __future__ import annotations

import tomllib

import pytest

from queue_host.config import DEFAULT_PATH, ConfigError, parse
from queue_host.shipper import password


def with_hq(**hq) -> dict:
    data = tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["hq"] = {"dsn": "host=hq.example dbname=fenliu_hq user=branch_0412", "branch_id": "0412", **hq}
    return data


def test_a_branch_without_an_hq_table_ships_nothing():
    assert parse(tomllib.loads(DEFAULT_PATH.read_text(encoding="utf-8"))).hq is None


def test_an_hq_table_gives_the_dsn_branch_and_sensible_defaults():
    hq = parse(with_hq(batch_size=200)).hq
    assert (hq.branch_id, hq.batch_size, hq.password_env, hq.retry_max_s) == ("0412", 200, "FENLIU_HQ_PASSWORD", 60)


@pytest.mark.parametrize("hq, words", [
    ({"batchsize": 10}, ["hq.batchsize", "unknown key"]),
    ({"password": "s3cret"}, ["hq.password", "password_env", "password_file"]),
    ({"dsn": "host=hq user=b password=s3cret"}, ["hq.dsn", "password"]),
    ({"dsn": "postgresql://branch:s3cret@hq.example/fenliu_hq"}, ["hq.dsn", "password"]),
    ({"dsn": "postgresql://hq.example/fenliu_hq?password=s3cret"}, ["hq.dsn", "password"]),
    ({"branch_id": "支行 1"}, ["hq.branch_id", "letters, digits"]),
    ({"batch_size": 0}, ["hq.batch_size", "from 1 to 10000"]),
    ({"retry_max_s": float("nan")}, ["hq.retry_max_s"]),
    ({"password_env": "1BAD-NAME"}, ["hq.password_env"]),
])
def test_a_wrong_hq_table_is_refused_naming_the_key_and_what_to_do(hq, words):
    with pytest.raises(ConfigError) as err:
        parse(with_hq(**hq))
    assert all(w in str(err.value) for w in words), str(err.value)
    assert "s3cret" not in str(err.value)


def test_a_dsn_missing_from_the_hq_table_shows_an_example():
    data = with_hq()
    del data["hq"]["dsn"]
    with pytest.raises(ConfigError, match="hq.dsn: missing.*dbname="):
        parse(data)


def test_the_password_comes_from_the_named_file_relative_to_the_branch_file_or_else_the_environment(
        tmp_path, monkeypatch):
    (tmp_path / "hq.secret").write_text("from-file\n")
    assert password(parse(with_hq(password_file="hq.secret")).hq, tmp_path) == "from-file"
    monkeypatch.setenv("BRANCH_PG", "from-env")
    assert password(parse(with_hq(password_env="BRANCH_PG")).hq, tmp_path) == "from-env"
    monkeypatch.delenv("BRANCH_PG")
    assert password(parse(with_hq(password_env="BRANCH_PG")).hq, tmp_path) is None
