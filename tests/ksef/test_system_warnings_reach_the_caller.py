from __future__ import annotations

from portal.simulator.scenarios import BY_NAME


def test_x_system_warning_is_collected_by_the_client(scenarios, ksef_client):
    client = ksef_client()
    # KSeF echoes X-Test-System-Warning as X-System-Warning so integrators can test this.
    client.session.headers["X-Test-System-Warning"] = "[W001]: Planowana przerwa 12:00-13:00"
    client.challenge()
    assert client.system_warnings == ["[W001]: Planowana przerwa 12:00-13:00"]
    assert client.exchanges[-1].system_warning == "[W001]: Planowana przerwa 12:00-13:00"


def test_no_warning_means_an_empty_list(scenarios, ksef_client):
    client = ksef_client()
    client.authenticate_with_token(BY_NAME["ok"].nip, BY_NAME["ok"].token)
    assert client.system_warnings == []
