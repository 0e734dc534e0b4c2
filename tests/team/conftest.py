"""What the team-workspace tests share: a workspace file (the kept schema-11 one, 36 items)
and the same content on the test server, set up by ``team init``"""

from __future__ import annotations

import shutil

import pytest

from fbdesk.services import team
from fbdesk.store import team_copy
from tests.conftest import DATA

KEPT = DATA / "workspaces" / "schema-11.fbdesk"


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "q3.fbdesk"
    shutil.copy(KEPT, path)
    return path


@pytest.fixture
def shared(source, pg_url):
    """A team workspace set up (tables, roles) with the kept workspace's content."""
    team.init(pg_url)
    team_copy.file_to_server(source, pg_url)
    return pg_url
