"""Headers in German, French, Spanish, Italian, Dutch and Portuguese are recognised, from the
vocabulary in resources/headers.json."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from fbdesk.domain.mapping import Role, SourceKind
from fbdesk.io.vocabulary import fold
from fbdesk.services.importing import import_files, plan_import
from tests.helpers import fetch

GERMAN_TICKETS = (
    "Ticket-Nr.;Betreff;Beschreibung;Erstellt am;Zufriedenheit;Priorität;Kunde;E-Mail\r\n"
    "T-1001;Rückerstattung fehlt;Die Rückerstattung für März ist immer noch nicht auf meinem "
    "Konto, bitte prüfen;03.08.2026 14:05;2;Hoch;Jürgen Weiß;juergen@example.de\r\n"
    "T-1002;Größe der Schrift;Die Schrift in der App ist viel zu klein, ältere Kunden können "
    "nichts lesen;14.08.2026 09:30;3;Niedrig;Anna Müller;anna@example.de\r\n"
    "T-1003;Lob;Großartiger Service, schnelle Antwort und freundliche Mitarbeiter, danke "
    "schön;21.08.2026 17:45;5;Niedrig;Björn Öztürk;bjoern@example.de\r\n"
)


def roles(plan) -> dict[str, str]:
    return {c.name: c.role.value for c in plan.mapping.columns if c.role != Role.IGNORE}


def test_german_cp1252_semicolon_ticket_export_imports_without_help(ws, ws_path, tmp_path):
    path = tmp_path / "Tickets August.csv"
    path.write_bytes(GERMAN_TICKETS.encode("cp1252"))
    plan = plan_import(path)
    assert plan.table.raw.encoding == "cp1252" and plan.table.raw.delimiter == ";"
    assert plan.kind == SourceKind.TICKETS
    assert roles(plan) == {
        "Ticket-Nr.": "ticket_id", "Betreff": "title", "Beschreibung": "text",
        "Erstellt am": "submitted", "Zufriedenheit": "rating", "Kunde": "customer_name",
        "E-Mail": "customer_email",
    }  # fmt: skip
    [report] = import_files(ws, [path])
    assert report.rows_imported == 3 and report.cycle == "2026-Q3"
    rows = fetch(ws_path, "SELECT title, text, submitted, csat, customer_name, external_id "
                 "FROM feedback ORDER BY source_row")  # fmt: skip
    title, text, submitted, csat, _, ticket = rows[1]
    assert title == "Größe der Schrift" and text.startswith("Die Schrift in der App")
    assert "ältere Kunden können" in text and rows[0][4] == "Jürgen Weiß"
    assert dt.datetime.fromtimestamp(submitted, dt.UTC) == dt.datetime(2026, 8, 14, 9, 30,
                                                                       tzinfo=dt.UTC)  # fmt: skip
    assert csat == 3 and ticket == "T-1002"
    assert [r[3] for r in rows] == [2, 3, 5]


# Per language: the kind of export, the delimiter, and (header, a value, the role expected).
LANGUAGES = {
    "fr": ("tickets", ";", [
        ("Numéro de ticket", "F-1", "ticket_id"), ("Objet", "Facture erronée", "title"),
        ("Description", "La facture de juillet est fausse, merci de la corriger", "text"),
        ("Créé le", "23/08/2026 10:15", "submitted"), ("Priorité", "Haute", "ignore"),
        ("Évaluation", "2", "rating"), ("Courriel", "marie@example.fr", "customer_email")]),
    "es": ("survey", ",", [
        ("ID de respuesta", "R1", "response_id"), ("Fecha de envío", "2026-08-23 10:00", "submitted"),
        ("Valoración", "4", "rating"),
        ("Comentarios", "El pago fue rápido pero la aplicación se cierra a veces", "text"),
        ("Correo electrónico", "ana@example.es", "customer_email"),
        ("Nombre del cliente", "Ana García", "customer_name")]),
    "it": ("survey", ";", [
        ("ID risposta", "I1", "response_id"), ("Data di invio", "23/08/2026", "submitted"),
        ("Punteggio", "5", "rating"),
        ("Commenti", "Servizio eccellente e consegna molto veloce, grazie mille", "text"),
        ("Posta elettronica", "gio@example.it", "customer_email"),
        ("Nome cliente", "Giovanni Rossi", "customer_name")]),
    "nl": ("tickets", ";", [
        ("Ticketnummer", "N-1", "ticket_id"), ("Onderwerp", "Factuur", "title"),
        ("Omschrijving", "Mijn factuur van juli klopt niet, graag snel aanpassen", "text"),
        ("Aangemaakt op", "23-08-2026 10:15", "submitted"), ("Prioriteit", "Hoog", "ignore"),
        ("Tevredenheid", "2", "rating"), ("E-mailadres", "jan@example.nl", "customer_email")]),
    "pt": ("survey", ",", [
        ("ID da resposta", "P1", "response_id"), ("Data de criação", "2026-08-23", "submitted"),
        ("Avaliação", "4", "rating"),
        ("Comentário", "O aplicativo é ótimo mas às vezes fica lento à noite", "text"),
        ("E-mail", "joao@example.pt", "customer_email"),
        ("Nome do cliente", "João Silva", "customer_name")]),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_export_headers_in_other_languages_are_recognised(ws, ws_path, tmp_path, language):
    kind, sep, columns = LANGUAGES[language]
    header = [h for h, _, _ in columns]
    first = [v for _, v, _ in columns]
    second = [{"text": v + ", again", "ticket_id": v + "2", "response_id": v + "2"}.get(role, v)
              for _, v, role in columns]  # fmt: skip
    path = tmp_path / f"export_{language}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=sep).writerows([header, first, second])
    plan = plan_import(path)
    assert plan.kind == SourceKind(kind)
    assert roles(plan) == {h: role for h, _, role in columns if role != "ignore"}
    import_files(ws, [path])
    [(text, submitted, csat, email)] = fetch(
        ws_path, "SELECT text, submitted, csat, customer_email FROM feedback WHERE source_row = 2"
    )
    value = {role: v for _, v, role in columns}
    assert text == value["text"] and email == value["customer_email"]
    assert dt.datetime.fromtimestamp(submitted, dt.UTC).date() == dt.date(2026, 8, 23)
    assert csat == float(value["rating"])


def test_headers_are_compared_without_accents_and_umlauts_written_out(tmp_path):
    assert fold("Priorität") == "prioritat" and fold("Créé LE") == "cree le"
    path = tmp_path / "umlauts.csv"
    path.write_text("Rueckmeldung,Zufriedenheit\n"
                    "Die App stuerzt beim Bezahlen immer wieder ab,1\n"
                    "Alles bestens und sehr schnell geliefert worden,5\n")  # fmt: skip
    assert roles(plan_import(path)) == {"Rueckmeldung": "text", "Zufriedenheit": "rating"}


def test_the_vocabulary_file_names_known_roles_and_kinds():
    import json

    from fbdesk.io import vocabulary
    from fbdesk.io.mapping import FEEDBACK_ROLES
    from fbdesk.resources import resource_path

    data = json.loads(resource_path("headers.json").read_text(encoding="utf-8"))
    assert set(vocabulary.role_hints()) == set(FEEDBACK_ROLES)
    assert set(vocabulary.kind_hints()) == set(SourceKind) - {SourceKind.METRICS}
    for entries in data["roles"].values():
        for entry in entries:
            assert 0 < entry["strength"] <= 1
            assert set(entry.get("words", {})) | set(entry.get("headers", {})) <= {
                "de", "fr", "es", "it", "nl", "pt"}  # fmt: skip
    for name in data["signals"]:
        assert vocabulary.signal(name).pattern
